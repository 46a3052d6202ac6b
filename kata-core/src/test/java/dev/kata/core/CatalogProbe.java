package dev.kata.core;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * A child JVM for tests: load the catalog with the given plugin jars, print its problems and ids,
 * exit 0.
 */
public final class CatalogProbe {

  private CatalogProbe() {}

  /**
   * Load and print.
   *
   * @param args plugin jars
   */
  public static void main(String[] args) {
    PuzzleCatalog catalog = PuzzleCatalog.load(Arrays.stream(args).map(Path::of).toList());
    catalog.problems().forEach(p -> System.out.println("problem: " + p.message()));
    catalog.ordered().forEach(e -> System.out.println("puzzle: " + e.id()));
  }
}

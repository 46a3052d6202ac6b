package dev.kata.core;

import java.nio.file.Path;
import java.util.List;

/**
 * A kata for tests, in a JVM of its own: check one file of the fixture puzzle and print the
 * verdict.
 */
public final class RunnerProbe {

  private RunnerProbe() {}

  /**
   * Check a file.
   *
   * @param args the solution file, then a work folder
   */
  public static void main(String[] args) {
    CatalogEntry fixture = PuzzleCatalog.load(List.of()).require("fixture");
    System.out.println(
        new SolutionChecker(new IsolatedRunner(1.0))
            .check(fixture, Path.of(args[0]), Path.of(args[1]))
            .verdict());
  }
}

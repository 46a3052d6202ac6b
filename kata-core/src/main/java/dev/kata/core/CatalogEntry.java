package dev.kata.core;

import dev.kata.api.KataPuzzle;
import dev.kata.api.Puzzle;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One puzzle found in the catalog, with where it came from.
 *
 * @param info the puzzle's metadata
 * @param puzzle the puzzle itself
 * @param jar the plugin jar it came from, empty for a built-in (class path) puzzle
 */
public record CatalogEntry(KataPuzzle info, Puzzle puzzle, Optional<Path> jar) {

  /** Get the puzzle's id. */
  public String id() {
    return info.id();
  }

  /** Get the prerequisites' ids. */
  public List<String> prerequisites() {
    return List.of(info.prerequisites());
  }

  /** Get "built-in" or the plugin jar's file name. */
  public String origin() {
    return jar.map(p -> p.getFileName().toString()).orElse("built-in");
  }

  /** Get the class path entries the learner's file compiles and runs against, beyond kata's own. */
  public List<Path> extraClassPath() {
    return jar.map(List::of).orElse(List.of());
  }
}

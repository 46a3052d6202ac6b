package dev.kata.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Delete a folder with everything in it: kata's scratch folders, build output and caches. */
public final class FileTrees {

  private FileTrees() {}

  /**
   * Delete a folder and its contents, deepest first; nothing happens if it does not exist.
   *
   * @throws IOException the first file that cannot be deleted
   */
  public static void delete(Path tree) throws IOException {
    if (!Files.exists(tree)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(tree)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Delete what can be deleted of a folder, for scratch space whose leftovers do no harm. */
  public static void deleteQuietly(Path tree) {
    try (Stream<Path> walk = Files.walk(tree)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // left behind
    }
  }
}

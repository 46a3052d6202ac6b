package dev.kata.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Give a command a scratch folder that is deleted afterwards, so grader runs leave nothing behind.
 */
final class TempDirs {

  private TempDirs() {}

  static <T> T with(Function<Path, T> work) throws IOException {
    Path dir = Files.createTempDirectory("kata-");
    try {
      return work.apply(dir);
    } finally {
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}

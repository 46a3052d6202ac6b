package dev.kata.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A learner's file in another encoding: the file, the line and the byte, and how to fix it; a BOM
 * is fine.
 */
class SourceEncodingTest {

  private static final String REFERENCE =
      """
      package fixture;

      // caf\u00e9: the answer
      public class Solution implements dev.kata.core.fixture.Job {
        public int answer() {
          return 42;
        }
      }
      """;

  @TempDir Path work;

  private final CatalogEntry fixture = PuzzleCatalog.load(List.of()).require("fixture");

  @Test
  void aLatin1AccentIsReportedWithTheFileTheLineAndTheByte() throws Exception {
    // Before: "cannot prepare to compile ...: Input length = 1", exit 2, no line; with --file, a
    // temporary path.
    Path file = work.resolve("Anything.java");
    Files.write(file, REFERENCE.getBytes(StandardCharsets.ISO_8859_1));

    RunResult result =
        new SolutionChecker(new IsolatedRunner(0.3)).check(fixture, file, work.resolve("build"));

    assertThat(result.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(result.message())
        .contains("Anything.java:3:", "byte 0xE9", "is not UTF-8", "save it as UTF-8", "// caf")
        .doesNotContain("Input length", "build" + java.io.File.separator);
  }

  @Test
  void aByteOrderMarkIsAccepted() throws Exception {
    Path file = work.resolve("src/fixture/Solution.java");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "\uFEFF" + REFERENCE, StandardCharsets.UTF_8);

    Compilation compilation =
        new SolutionCompiler()
            .compile(file, "fixture.Solution", List.of(), work.resolve("classes"));

    assertThat(compilation).isInstanceOf(Compilation.Compiled.class);
  }

  @Test
  void aByteOrderMarkDoesNotShiftTheLinesOfErrors() throws Exception {
    Path file = work.resolve("src/fixture/Solution.java");
    Files.createDirectories(file.getParent());
    Files.writeString(
        file, "\uFEFF" + REFERENCE.replace("return 42;", "return 42"), StandardCharsets.UTF_8);

    Compilation compilation =
        new SolutionCompiler()
            .compile(file, "fixture.Solution", List.of(), work.resolve("classes"));

    assertThat(((Compilation.Failed) compilation).render())
        .contains("Solution.java:6:", "return 42");
  }
}

package dev.kata.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.kata.core.CatalogEntry;
import dev.kata.core.CheckSettings;
import dev.kata.core.Compilation;
import dev.kata.core.FileTrees;
import dev.kata.core.PuzzleCatalog;
import dev.kata.core.SolutionCompiler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Correct solutions written another way than the reference pass every check: a check that only
 * accepts the reference's structure gives false verdicts. The fixtures are kata-puzzles' test
 * resources {@code dev/kata/puzzles/pNN/valid/<design>/<File>.java}, found by walking that folder, so
 * a puzzle adds fixtures without editing this class; they are not shipped to learners.
 */
class ValidAlternativesTest {

  private static final Path FIXTURES = Path.of("..", "kata-puzzles", "src", "test", "resources", "dev", "kata", "puzzles");

  @TestFactory
  Stream<DynamicTest> everyValidAlternativePassesEveryCheck() throws IOException {
    PuzzleCatalog catalog = PuzzleCatalog.load(List.of());
    Path work = Files.createTempDirectory("kata-valid");
    List<Path> sources;
    try (Stream<Path> files = Files.walk(FIXTURES)) {
      sources = files.filter(p -> p.toString().endsWith(".java") && p.getParent().getParent().getFileName().toString().equals("valid"))
          .sorted().toList();
    }
    assertThat(sources).as("valid alternatives under " + FIXTURES).isNotEmpty();
    return sources.stream().map(source -> {
      String folder = source.getParent().getParent().getParent().getFileName().toString();
      String design = source.getParent().getFileName().toString();
      return dynamicTest(folder.substring(1) + " " + design + " passes every check", () -> {
        CatalogEntry entry = catalog.find(folder.substring(1)).orElseThrow();
        EngineExecutionResults results = run(entry, work.resolve(folder + "-" + design), Files.readString(source));
        List<String> failures = results.allEvents().failed().stream().map(e -> e.getTestDescriptor().getDisplayName()
            + ": " + e.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
                .map(Throwable::getMessage).orElse("")).toList();
        assertThat(failures).as("failed checks of the valid alternative " + design + " (a false verdict)").isEmpty();
        assertThat(results.testEvents().succeeded().count()).as("checks passed").isPositive();
      });
    }).onClose(() -> FileTrees.deleteQuietly(work));
  }

  private static EngineExecutionResults run(CatalogEntry entry, Path dir, String source) {
    Compilation compilation = new SolutionCompiler().compileSource(entry, source, dir);
    if (!(compilation instanceof Compilation.Compiled compiled)) {
      throw new AssertionError("does not compile:\n" + ((Compilation.Failed) compilation).render());
    }
    return EngineTestKit.engine("junit-jupiter")
        .selectors(entry.puzzle().checks().stream().map(DiscoverySelectors::selectClass).toArray(DiscoverySelector[]::new))
        .configurationParameters(CheckSettings.forSolution(List.of(compiled.classes()), compiled.className()))
        .execute();
  }

  static {
    if (!Files.isDirectory(FIXTURES)) {
      throw new UncheckedIOException(new IOException("no fixtures at " + FIXTURES.toAbsolutePath()));
    }
  }
}

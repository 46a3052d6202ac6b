package dev.kata.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.kata.core.CatalogEntry;
import dev.kata.core.CheckSettings;
import dev.kata.core.Compilation;
import dev.kata.core.PuzzleCatalog;
import dev.kata.core.SolutionCompiler;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Correct solutions designed unlike the reference pass every check: the checks test the contract,
 * not the reference's structure. One folder per solution, {@code alternatives/<puzzle id>/<name>/},
 * holding the learner's file; nothing to register.
 */
class AlternativeSolutionsTest {

  private static final PuzzleCatalog CATALOG = PuzzleCatalog.load(List.of());

  @TempDir
  Path work;

  @TestFactory
  Stream<DynamicTest> everyAlternativeCorrectSolutionPasses() throws IOException, URISyntaxException {
    URL root = AlternativeSolutionsTest.class.getResource("/alternatives");
    if (root == null) {
      return Stream.empty();
    }
    Path alternatives = Path.of(root.toURI());
    try (Stream<Path> puzzles = Files.list(alternatives)) {
      return puzzles.sorted().flatMap(puzzleDir -> {
        CatalogEntry entry = CATALOG.find(puzzleDir.getFileName().toString()).orElseThrow(
            () -> new AssertionError("alternatives/" + puzzleDir.getFileName() + " names no puzzle"));
        try {
          return Files.list(puzzleDir).sorted().map(dir -> dynamicTest(entry.id() + " " + dir.getFileName(),
              () -> passes(entry, dir))).toList().stream();
        } catch (IOException e) {
          throw new AssertionError(e);
        }
      }).toList().stream();
    }
  }

  private void passes(CatalogEntry entry, Path dir) throws IOException {
    String file = entry.puzzle().solutionFile();
    String source = Files.readString(dir.resolve(file.substring(file.lastIndexOf('/') + 1)));
    Compilation compilation = new SolutionCompiler().compileSource(entry, source, work.resolve(dir.getFileName()));
    assertThat(compilation).as("the alternative compiles").isInstanceOf(Compilation.Compiled.class);
    Compilation.Compiled compiled = (Compilation.Compiled) compilation;
    EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
        .selectors(entry.puzzle().checks().stream().map(DiscoverySelectors::selectClass).toArray(DiscoverySelector[]::new))
        .configurationParameters(CheckSettings.forSolution(List.of(compiled.classes()), compiled.className()))
        .execute();
    List<String> failures = results.allEvents().failed().stream()
        .map(event -> event.getTestDescriptor().getDisplayName() + ": " + event.getPayload(TestExecutionResult.class)
            .flatMap(TestExecutionResult::getThrowable).map(Throwable::getMessage).orElse(""))
        .toList();
    assertThat(failures).as("failed checks of the correct alternative " + dir.getFileName()).isEmpty();
    assertThat(results.testEvents().succeeded().count()).as("checks passed").isPositive();
  }
}

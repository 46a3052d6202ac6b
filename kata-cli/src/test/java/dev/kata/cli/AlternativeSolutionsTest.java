package dev.kata.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.kata.core.CatalogEntry;
import dev.kata.core.CheckSettings;
import dev.kata.core.Compilation;
import dev.kata.core.PuzzleCatalog;
import dev.kata.core.SolutionCompiler;
import dev.kata.core.Verdict;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * Correct solutions designed unlike the reference pass every check: the checks judge the contract,
 * not the reference's structure. Each one is a test resource {@code alternatives/ID/NAME/File.java}
 * (the puzzle's solution file name) and runs {@code kata.alternatives.runs} times (default 1): a
 * false rejection on any run fails the build. A run in which a check skipped itself, unable to
 * judge in this JVM (an interleaving exploration of a second class of a name), is judged again in a
 * check JVM of its own.
 */
class AlternativeSolutionsTest {

  private static final PuzzleCatalog CATALOG = PuzzleCatalog.load(List.of());

  @TempDir Path work;

  @TestFactory
  Stream<DynamicTest> everyCorrectAlternativePassesEveryCheck()
      throws IOException, URISyntaxException {
    Path root = Path.of(AlternativeSolutionsTest.class.getResource("/alternatives").toURI());
    int runs = Integer.getInteger("kata.alternatives.runs", 1);
    List<DynamicTest> tests = new ArrayList<>();
    try (Stream<Path> puzzles = Files.list(root)) {
      for (Path puzzleDir : puzzles.sorted().toList()) {
        CatalogEntry entry =
            CATALOG
                .find(puzzleDir.getFileName().toString())
                .orElseThrow(
                    () ->
                        new AssertionError(
                            "alternatives/" + puzzleDir.getFileName() + " names no known puzzle"));
        String fileName = Path.of(entry.puzzle().solutionFile()).getFileName().toString();
        try (Stream<Path> solutions = Files.list(puzzleDir)) {
          for (Path solution : solutions.sorted().toList()) {
            String name = entry.id() + " " + solution.getFileName();
            tests.add(
                dynamicTest(
                    name + " passes every check, " + runs + " time(s)",
                    () -> {
                      String source = Files.readString(solution.resolve(fileName));
                      Compilation compilation =
                          new SolutionCompiler()
                              .compileSource(
                                  entry,
                                  source,
                                  work.resolve(entry.id())
                                      .resolve(solution.getFileName().toString()));
                      assertThat(compilation)
                          .as(name + " compiles")
                          .isInstanceOf(Compilation.Compiled.class);
                      Compilation.Compiled compiled = (Compilation.Compiled) compilation;
                      for (int run = 0; run < runs; run++) {
                        EngineExecutionResults results =
                            EngineTestKit.engine("junit-jupiter")
                                .selectors(
                                    entry.puzzle().checks().stream()
                                        .map(DiscoverySelectors::selectClass)
                                        .toArray(DiscoverySelector[]::new))
                                .configurationParameters(
                                    CheckSettings.forSolution(
                                        List.of(compiled.classes()), compiled.className()))
                                .execute();
                        List<String> failures =
                            results.allEvents().failed().stream()
                                .map(
                                    e ->
                                        e.getTestDescriptor().getDisplayName()
                                            + ": "
                                            + e.getPayload(TestExecutionResult.class)
                                                .flatMap(TestExecutionResult::getThrowable)
                                                .map(Throwable::getMessage)
                                                .orElse(""))
                                .toList();
                        assertThat(failures)
                            .as(
                                name
                                    + ", run "
                                    + (run + 1)
                                    + " of "
                                    + runs
                                    + ": checks that rejected a correct"
                                    + " solution")
                            .isEmpty();
                        assertThat(results.testEvents().succeeded().count())
                            .as("checks passed")
                            .isPositive();
                        int attempt = run + 1;
                        SkippedInProcess.judgedInACheckJvm(
                                results,
                                entry,
                                source,
                                work.resolve(entry.id())
                                    .resolve(solution.getFileName() + "-isolated-" + run))
                            .ifPresent(
                                isolated ->
                                    assertThat(isolated.verdict())
                                        .as(
                                            name
                                                + ", run "
                                                + attempt
                                                + ", in a check JVM of its own: "
                                                + SkippedInProcess.notPassed(isolated))
                                        .isEqualTo(Verdict.PASS));
                      }
                    }));
          }
        }
      }
    }
    return tests.stream();
  }
}

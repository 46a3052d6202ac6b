package dev.kata.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.kata.core.CatalogEntry;
import dev.kata.core.CheckSettings;
import dev.kata.core.Compilation;
import dev.kata.core.PuzzleCatalog;
import dev.kata.core.SolutionCompiler;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Solutions written apart from a puzzle's own reference and wrong solutions, to measure its checks
 * rather than trust them: {@code solutions/<id>/correct/<name>/<File>.java} are valid designs unlike
 * the reference, which must pass every check on every repetition (no false verdicts);
 * {@code solutions/<id>/wrong/<name>/<File>.java} are mistakes the checks were not written against,
 * which must be rejected. Each file's header names its design or its bug.
 */
class SolutionFixturesTest {

  private static final int CORRECT_REPETITIONS = 3;
  private static final PuzzleCatalog CATALOG = PuzzleCatalog.load(List.of());

  @TempDir
  Path work;

  @TestFactory
  Stream<DynamicNode> alternativeSolutionsAreJudgedRight() throws IOException, URISyntaxException {
    Path root = Path.of(SolutionFixturesTest.class.getResource("/solutions").toURI());
    List<DynamicNode> puzzles = new ArrayList<>();
    try (Stream<Path> ids = Files.list(root)) {
      for (Path folder : ids.sorted().toList()) {
        CatalogEntry entry = CATALOG.find(folder.getFileName().toString())
            .orElseThrow(() -> new AssertionError("solutions/" + folder.getFileName() + " names no puzzle"));
        List<DynamicNode> tests = new ArrayList<>();
        for (Path file : fixtures(folder.resolve("correct"), entry)) {
          String name = file.getParent().getFileName().toString();
          tests.add(dynamicTest("correct '" + name + "' passes every check, " + CORRECT_REPETITIONS + " times", () -> {
            for (int i = 0; i < CORRECT_REPETITIONS; i++) {
              EngineExecutionResults results = run(entry, "correct-" + name + "-" + i, Files.readString(file));
              assertThat(failures(results)).as("failed checks of the correct solution '" + name + "'").isEmpty();
              assertThat(results.testEvents().succeeded().count()).as("checks passed").isPositive();
            }
          }));
        }
        for (Path file : fixtures(folder.resolve("wrong"), entry)) {
          String name = file.getParent().getFileName().toString();
          tests.add(dynamicTest("wrong '" + name + "' is rejected", () -> {
            EngineExecutionResults results = run(entry, "wrong-" + name, Files.readString(file));
            assertThat(results.testEvents().started().count()).as("checks run").isPositive();
            assertThat(failures(results)).as("failed checks of the wrong solution '" + name + "'").isNotEmpty();
          }));
        }
        puzzles.add(dynamicContainer(entry.id() + " " + entry.info().slug(), tests));
      }
    }
    return puzzles.stream();
  }

  private static List<Path> fixtures(Path kind, CatalogEntry entry) throws IOException {
    if (!Files.isDirectory(kind)) {
      return List.of();
    }
    String fileName = Path.of(entry.puzzle().solutionFile()).getFileName().toString();
    try (Stream<Path> names = Files.list(kind)) {
      return names.sorted().map(dir -> dir.resolve(fileName)).filter(Files::isRegularFile).toList();
    }
  }

  private EngineExecutionResults run(CatalogEntry entry, String variant, String source) {
    Compilation compilation = new SolutionCompiler().compileSource(entry, source, work.resolve(entry.id()).resolve(variant));
    if (!(compilation instanceof Compilation.Compiled compiled)) {
      throw new AssertionError(variant + " does not compile:\n" + ((Compilation.Failed) compilation).render());
    }
    return EngineTestKit.engine("junit-jupiter")
        .selectors(entry.puzzle().checks().stream().map(DiscoverySelectors::selectClass).toArray(DiscoverySelector[]::new))
        .configurationParameters(CheckSettings.forSolution(List.of(compiled.classes()), compiled.className()))
        .execute();
  }

  private static List<String> failures(EngineExecutionResults results) {
    return results.allEvents().failed().stream()
        .map(e -> e.getTestDescriptor().getDisplayName() + ": " + e.getPayload(TestExecutionResult.class)
            .flatMap(TestExecutionResult::getThrowable).map(Throwable::getMessage).orElse(""))
        .toList();
  }
}

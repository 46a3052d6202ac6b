package dev.kata.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.kata.api.Hints;
import dev.kata.api.KataPuzzle;
import dev.kata.api.WrongSolution;
import dev.kata.core.CatalogEntry;
import dev.kata.core.CheckSettings;
import dev.kata.core.Compilation;
import dev.kata.core.PuzzleCatalog;
import dev.kata.core.SolutionCompiler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * The contract every discovered puzzle must meet, as rustlings' {@code dev check} does for its
 * exercises and more: valid metadata, non-empty hints, a starter that compiles and fails, a
 * reference that passes, and every known-wrong solution rejected. The checks run in this JVM
 * through the JUnit Platform test kit with kata's own configuration.
 */
class PuzzleContractTest {

  private static final PuzzleCatalog CATALOG = PuzzleCatalog.load(List.of());

  @TempDir
  static Path work;

  @Test
  void theCatalogHasTheBuiltInPuzzlesAndNoProblems() {
    assertThat(CATALOG.problems()).isEmpty();
    assertThat(CATALOG.ordered()).extracting(CatalogEntry::id).containsExactly("01", "02", "03", "06", "07", "09", "10");
  }

  @TestFactory
  Stream<DynamicNode> everyPuzzleMeetsTheContract() {
    return CATALOG.ordered().stream().map(entry -> {
      List<DynamicNode> tests = new ArrayList<>();
      tests.add(dynamicTest("metadata is valid", () -> metadataIsValid(entry)));
      tests.add(dynamicTest("hints are non-empty at every level", () -> hintsAreNonEmpty(entry)));
      tests.add(dynamicTest("the starter compiles, has TODO markers and fails its checks", () -> {
        assertThat(entry.puzzle().starterSource()).contains("// TODO");
        assertRejected(run(entry, "starter", entry.puzzle().starterSource()), "the starter");
      }));
      tests.add(dynamicTest("the reference passes every check", () -> {
        EngineExecutionResults results = run(entry, "reference", entry.puzzle().referenceSource());
        assertThat(failures(results)).as("failed checks of the reference").isEmpty();
        assertThat(results.testEvents().succeeded().count()).isEqualTo(results.testEvents().started().count()).isPositive();
      }));
      for (WrongSolution wrong : entry.puzzle().wrongSolutions()) {
        tests.add(dynamicTest("wrong solution '" + wrong.name() + "' is rejected: " + wrong.bug(), () ->
            assertRejected(run(entry, "wrong-" + wrong.name(), entry.puzzle().wrongSource(wrong)), wrong.name())));
      }
      return dynamicContainer(entry.id() + " " + entry.info().slug(), tests);
    });
  }

  private static void metadataIsValid(CatalogEntry entry) {
    KataPuzzle info = entry.info();
    assertThat(info.difficulty()).isBetween(1, 5);
    assertThat(info.title()).isNotBlank();
    assertThat(info.objective()).isNotBlank();
    assertThat(info.concepts()).isNotEmpty();
    assertThat(info.apis()).isNotEmpty();
    assertThat(entry.puzzle().contract().isInterface() || java.lang.reflect.Modifier.isAbstract(entry.puzzle().contract().getModifiers()))
        .as("the contract is an interface or abstract class").isTrue();
    assertThat(entry.puzzle().wrongSolutions()).as("known-wrong solutions").hasSizeGreaterThanOrEqualTo(3);
    for (String prerequisite : info.prerequisites()) {
      assertThat(CATALOG.find(prerequisite)).as("prerequisite " + prerequisite).isPresent();
    }
  }

  private static void hintsAreNonEmpty(CatalogEntry entry) {
    Hints hints = entry.puzzle().hints();
    for (int level = 1; level <= Hints.LEVELS; level++) {
      assertThat(hints.level(level)).as("hint level " + level).isNotBlank();
    }
  }

  private static void assertRejected(EngineExecutionResults results, String what) {
    assertThat(results.testEvents().started().count()).as("checks run against " + what).isPositive();
    assertThat(failures(results)).as("failed checks of " + what + " (it must be rejected)").isNotEmpty();
  }

  private static List<String> failures(EngineExecutionResults results) {
    return results.allEvents().failed().stream()
        .map(PuzzleContractTest::describe)
        .collect(Collectors.toList());
  }

  private static String describe(Event event) {
    String cause = event.getPayload(org.junit.platform.engine.TestExecutionResult.class)
        .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
        .map(Throwable::getMessage).orElse("");
    return event.getTestDescriptor().getDisplayName() + ": " + cause.lines().findFirst().orElse("");
  }

  private static EngineExecutionResults run(CatalogEntry entry, String variant, String source) throws IOException {
    Path dir = work.resolve(entry.id()).resolve(variant);
    Path file = dir.resolve("src").resolve(entry.puzzle().solutionFile());
    Files.createDirectories(file.getParent());
    Files.writeString(file, source);
    Compilation compilation = new SolutionCompiler()
        .compile(file, entry.puzzle().solutionClassName(), entry.extraClassPath(), dir.resolve("classes"));
    assertThat(compilation).as(variant + " compiles: " + (compilation instanceof Compilation.Failed f ? f.render() : ""))
        .isInstanceOf(Compilation.Compiled.class);
    Compilation.Compiled compiled = (Compilation.Compiled) compilation;
    return EngineTestKit.engine("junit-jupiter")
        .selectors(entry.puzzle().checks().stream().map(DiscoverySelectors::selectClass)
            .toArray(org.junit.platform.engine.DiscoverySelector[]::new))
        .configurationParameters(CheckSettings.forSolution(List.of(compiled.classes()), compiled.className()))
        .execute();
  }
}

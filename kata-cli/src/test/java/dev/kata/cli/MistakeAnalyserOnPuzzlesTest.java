package dev.kata.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.kata.api.WrongSolution;
import dev.kata.core.CatalogEntry;
import dev.kata.core.MistakeAnalyser;
import dev.kata.core.MistakeAnalyser.Finding;
import dev.kata.core.PuzzleCatalog;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The mistake analyser on the course itself. False positives are worse than silence: no rule a
 * puzzle runs may flag its reference or any correct alternative under {@code alternatives/}. The
 * wrong solutions are where true positives come from: how many get at least one finding is printed
 * (and held above a floor, so a rule that stops matching is noticed).
 */
class MistakeAnalyserOnPuzzlesTest {

  private static final PuzzleCatalog CATALOG = PuzzleCatalog.load(List.of());

  @TestFactory
  Stream<DynamicTest> noRuleFlagsAReference() {
    return CATALOG.ordered().stream()
        .map(
            entry ->
                dynamicTest(
                    entry.id() + " reference has no finding",
                    () ->
                        assertThat(MistakeAnalyser.analyse(entry, entry.puzzle().referenceSource()))
                            .as("findings on the reference of " + entry.id())
                            .isEmpty()));
  }

  @TestFactory
  Stream<DynamicTest> noRuleFlagsACorrectAlternative() throws IOException, URISyntaxException {
    Path root = Path.of(MistakeAnalyserOnPuzzlesTest.class.getResource("/alternatives").toURI());
    List<DynamicTest> tests = new ArrayList<>();
    try (Stream<Path> puzzles = Files.list(root)) {
      for (Path puzzleDir : puzzles.sorted().toList()) {
        CatalogEntry entry = CATALOG.require(puzzleDir.getFileName().toString());
        String fileName = Path.of(entry.puzzle().solutionFile()).getFileName().toString();
        try (Stream<Path> solutions = Files.list(puzzleDir)) {
          for (Path solution : solutions.sorted().toList()) {
            tests.add(
                dynamicTest(
                    entry.id() + " " + solution.getFileName() + " has no finding",
                    () ->
                        assertThat(
                                MistakeAnalyser.analyse(
                                    entry, Files.readString(solution.resolve(fileName))))
                            .as("findings on alternative " + solution.getFileName())
                            .isEmpty()));
          }
        }
      }
    }
    return tests.stream();
  }

  @Test
  void wrongSolutionsAreFlaggedOftenEnough() {
    int wrong = 0;
    int flagged = 0;
    Map<String, Integer> byRule = new TreeMap<>();
    StringBuilder report = new StringBuilder();
    for (CatalogEntry entry : CATALOG.ordered()) {
      for (WrongSolution solution : entry.puzzle().wrongSolutions()) {
        wrong++;
        List<Finding> findings =
            MistakeAnalyser.analyse(entry, entry.puzzle().wrongSource(solution));
        if (!findings.isEmpty()) {
          flagged++;
        }
        findings.stream()
            .map(Finding::rule)
            .distinct()
            .forEach(rule -> byRule.merge(rule, 1, Integer::sum));
        report.append(
            String.format(
                "  %s %-40s %s%n",
                entry.id(),
                solution.name(),
                findings.stream().map(f -> f.rule() + ":" + f.line()).toList()));
      }
    }
    System.out.printf(
        "mistake analyser: %d of %d wrong solutions have a finding; by rule %s%n%s",
        flagged, wrong, byRule, report);
    assertThat(flagged).as("wrong solutions with a finding").isGreaterThanOrEqualTo(20);
  }
}

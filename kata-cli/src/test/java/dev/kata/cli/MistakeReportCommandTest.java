package dev.kata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.api.WrongSolution;
import dev.kata.cli.CliRunner.Outcome;
import dev.kata.core.CatalogEntry;
import dev.kata.core.Json;
import dev.kata.core.MistakeAnalyser;
import dev.kata.core.PuzzleCatalog;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The mistake analyser through the kata command: each built-in rule flags a learner's file in
 * {@code kata run}, the findings sit beside the verdict and never change it, and {@code --json}
 * carries them as its {@code analysis} array. The files are test resources {@code
 * mistakes/<rule>/<puzzle>/<File>.java}.
 */
class MistakeReportCommandTest {

  @TempDir Path workspace;

  private Outcome kata(String... args) {
    return new CliRunner(workspace).kata(args);
  }

  /** Where the wrong solutions named by {@code wrong-solution.txt} are written out for the runs. */
  @TempDir static Path wrongSolutions;

  /**
   * One learner's file per rule: a {@code <File>.java} of the resources, or the wrong solution a
   * {@code wrong-solution.txt} names, written out from the puzzle under its file name.
   */
  static Stream<Path> mistakeFiles() throws IOException, URISyntaxException {
    Path root = Path.of(MistakeReportCommandTest.class.getResource("/mistakes").toURI());
    PuzzleCatalog catalog = PuzzleCatalog.load(List.of());
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : walk.sorted().toList()) {
        if (file.toString().endsWith(".java")) {
          files.add(file);
        } else if (file.getFileName().toString().equals("wrong-solution.txt")) {
          files.add(
              writeWrongSolution(
                  catalog, root.relativize(file.getParent()), Files.readString(file).strip()));
        }
      }
    }
    return files.stream();
  }

  private static Path writeWrongSolution(PuzzleCatalog catalog, Path ruleAndPuzzle, String name)
      throws IOException {
    CatalogEntry entry = catalog.require(ruleAndPuzzle.getFileName().toString());
    WrongSolution wrong =
        entry.puzzle().wrongSolutions().stream()
            .filter(w -> w.name().equals(name))
            .findFirst()
            .orElseThrow(
                () ->
                    new AssertionError(
                        "puzzle " + entry.id() + " has no wrong solution '" + name + "'"));
    Path file =
        wrongSolutions
            .resolve(ruleAndPuzzle)
            .resolve(Path.of(entry.puzzle().solutionFile()).getFileName());
    Files.createDirectories(file.getParent());
    Files.writeString(file, entry.puzzle().wrongSource(wrong));
    return file;
  }

  @Test
  void everyBuiltInRuleHasALearnersFileThatShowsIt() throws Exception {
    List<String> shown =
        mistakeFiles().map(f -> f.getParent().getParent().getFileName().toString()).toList();

    assertThat(shown).containsExactlyInAnyOrderElementsOf(MistakeAnalyser.builtInRuleIds());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakeFiles")
  @SuppressWarnings("unchecked")
  void aRuleFlagsALearnersFileAndTheJsonCarriesIt(Path file) {
    String rule = file.getParent().getParent().getFileName().toString();
    String puzzle = file.getParent().getFileName().toString();

    Outcome outcome = kata("run", "--puzzle", puzzle, "--file", file.toString(), "--json");

    Map<String, Object> json = (Map<String, Object>) Json.parse(outcome.out());
    List<Map<String, Object>> analysis = (List<Map<String, Object>>) json.get("analysis");
    assertThat(analysis)
        .as("analysis of %s", file)
        .anySatisfy(
            finding -> {
              assertThat(finding)
                  .containsEntry("rule", rule)
                  .containsKeys("line", "message", "puzzle");
              assertThat((Long) finding.get("line")).isPositive();
            });
    // The findings never decide: the exit code is the checks' verdict.
    assertThat(outcome.exitCode()).isEqualTo("pass".equals(json.get("status")) ? 0 : 1);
  }

  @Test
  void aFailingVerdictShowsTheFindingAsThisMayBeWhy() throws Exception {
    Path file =
        mistakeFiles()
            .filter(f -> f.toString().contains("swallowed-interrupt"))
            .findFirst()
            .orElseThrow();

    Outcome outcome = kata("run", "--puzzle", "5", "--file", file.toString());

    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.out())
        .contains(
            "failed: ",
            "this may be why",
            "[swallowed-interrupt]",
            "catching InterruptedException clears the thread's interrupt flag",
            "puzzle 05 teaches this");
    assertThat(outcome.out().indexOf("this may be why"))
        .isGreaterThan(outcome.out().indexOf("failed: "));
  }

  @Test
  void aPassingVerdictStaysAPassAndSaysWhichLineToLookAt() throws Exception {
    Path file =
        mistakeFiles()
            .filter(f -> f.toString().contains("volatile-compound"))
            .findFirst()
            .orElseThrow();
    int line =
        Files.readAllLines(file).stream().map(String::strip).toList().indexOf("started++;") + 1;

    Outcome outcome = kata("run", "--puzzle", "6", "--file", file.toString());

    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.out())
        .contains("passed: all", "passed, but look at line " + line, "[volatile-compound]");
  }

  @Test
  void aCleanFileHasNoFindingsAndAnEmptyAnalysisArray() {
    Outcome text = kata("run", "--puzzle", "6", "--reference");
    Outcome json = kata("run", "--puzzle", "6", "--reference", "--json");

    assertThat(text.exitCode()).isZero();
    assertThat(text.out()).doesNotContain("this may be why", "but look at line");
    assertThat(((Map<?, ?>) Json.parse(json.out())).get("analysis")).isEqualTo(List.of());
  }

  @Test
  void theLearnersOwnFileInTheWorkspaceIsAnalysedToo() throws Exception {
    kata("list");
    Path file =
        mistakeFiles()
            .filter(f -> f.toString().contains("synchronized-on-unstable-object"))
            .findFirst()
            .orElseThrow();
    Files.copy(
        file,
        workspace.resolve("p09_lock_ordering/SafeBank.java"),
        StandardCopyOption.REPLACE_EXISTING);

    Outcome outcome = kata("run", "--puzzle", "9");

    assertThat(outcome.out())
        .contains("[synchronized-on-unstable-object]", "puzzle 09 teaches this");
  }
}

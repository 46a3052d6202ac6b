package dev.kata.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.core.CatalogEntry;
import dev.kata.core.FileTrees;
import dev.kata.core.IsolatedRunner;
import dev.kata.core.PuzzleCatalog;
import dev.kata.core.RunResult;
import dev.kata.core.SolutionChecker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gate decides a mutant's fate in process, to stay within the build's budget; a learner's file
 * is judged by the isolated runner in a child JVM. On puzzle 07's mutants (some killed, some
 * surviving today) both must give the same verdict for every mutant that compiles.
 */
class InProcessAgreesWithIsolatedRunnerTest {

  @Test
  void verdictsAgreeOnEveryMutantOfPuzzle07() throws Exception {
    CatalogEntry entry = PuzzleCatalog.load(List.of()).require("07");
    Path work = Files.createTempDirectory("kata-agree");
    try {
      MutationAnalysis.Report report = new MutationAnalysis().analyse(entry, work.resolve("in-process"), r -> {});
      SolutionChecker isolated = new SolutionChecker(new IsolatedRunner());
      List<String> disagreements = new ArrayList<>();
      int compared = 0;
      for (MutationAnalysis.Result result : report.results()) {
        if (result.fate() != MutationAnalysis.Fate.KILLED && result.fate() != MutationAnalysis.Fate.SURVIVED) {
          continue;
        }
        compared++;
        RunResult run = isolated.checkSource(entry, result.mutant().source(), work.resolve("isolated-" + compared));
        boolean killedInIsolation = !run.passed();
        if (killedInIsolation != (result.fate() == MutationAnalysis.Fate.KILLED)) {
          disagreements.add(result.mutant().describe() + ": in process " + result.fate() + ", isolated "
              + (killedInIsolation ? "killed (" + run.message() + ")" : "survived"));
        }
      }
      assertThat(compared).as("mutants compared").isGreaterThanOrEqualTo(4);
      assertThat(report.count(MutationAnalysis.Fate.KILLED)).as("killed mutants in the sample").isPositive();
      assertThat(disagreements).as("mutants judged differently in process and by the isolated runner").isEmpty();
    } finally {
      FileTrees.deleteQuietly(work);
    }
  }
}

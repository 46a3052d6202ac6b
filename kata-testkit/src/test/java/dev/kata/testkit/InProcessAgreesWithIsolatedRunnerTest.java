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
 * surviving today) both must give the same verdict for every mutant that compiles. A mutant whose
 * kill depends on timing is run again on both sides: both must then show kills and survivals alike.
 */
class InProcessAgreesWithIsolatedRunnerTest {

  private static final int REPEATS = 3;

  private static boolean killedInIsolation(
      SolutionChecker isolated, CatalogEntry entry, Mutant mutant, Path dir) {
    RunResult run = isolated.checkSource(entry, mutant.source(), dir);
    return !run.passed();
  }

  @Test
  void verdictsAgreeOnEveryMutantOfPuzzle07() throws Exception {
    CatalogEntry entry = PuzzleCatalog.load(List.of()).require("07");
    Path work = Files.createTempDirectory("kata-agree");
    try {
      MutationAnalysis.Report report =
          new MutationAnalysis().analyse(entry, work.resolve("in-process"), r -> {});
      SolutionChecker isolated = new SolutionChecker(new IsolatedRunner());
      List<String> disagreements = new ArrayList<>();
      int compared = 0;
      for (MutationAnalysis.Result result : report.results()) {
        if (result.fate() != MutationAnalysis.Fate.KILLED
            && result.fate() != MutationAnalysis.Fate.SURVIVED) {
          continue;
        }
        compared++;
        boolean killedInProcess = result.fate() == MutationAnalysis.Fate.KILLED;
        Path dir = work.resolve("isolated-" + compared);
        if (killedInIsolation(isolated, entry, result.mutant(), dir.resolve("0"))
            == killedInProcess) {
          continue;
        }
        // A disagreement counts only if it is one: some mutants are killed only sometimes (a race
        // the
        // checks do not steer yet), and then both runners must show the same spread.
        List<Boolean> inProcess = new ArrayList<>(List.of(killedInProcess));
        List<Boolean> inIsolation = new ArrayList<>(List.of(!killedInProcess));
        for (int i = 1; i <= REPEATS; i++) {
          inProcess.add(
              new MutationAnalysis(new Mutator(List.of()))
                  .rerun(entry, result.mutant(), dir.resolve("p" + i)));
          inIsolation.add(
              killedInIsolation(isolated, entry, result.mutant(), dir.resolve(String.valueOf(i))));
        }
        if (inProcess.contains(true) != inIsolation.contains(true)
            || inProcess.contains(false) != inIsolation.contains(false)) {
          disagreements.add(
              result.mutant().describe()
                  + ": killed in process "
                  + inProcess
                  + ", isolated "
                  + inIsolation);
        } else {
          System.out.println(
              "[agreement] killed only sometimes, by both runners (a flaky kill, not a"
                  + " disagreement): "
                  + result.mutant().describe()
                  + " in process "
                  + inProcess
                  + ", isolated "
                  + inIsolation);
        }
      }
      assertThat(compared).as("mutants compared").isGreaterThanOrEqualTo(4);
      assertThat(report.count(MutationAnalysis.Fate.KILLED))
          .as("killed mutants in the sample")
          .isPositive();
      assertThat(disagreements)
          .as("mutants judged differently in process and by the isolated runner")
          .isEmpty();
    } finally {
      FileTrees.deleteQuietly(work);
    }
  }
}

package dev.kata.cli;

import dev.kata.core.CatalogEntry;
import dev.kata.core.IsolatedRunner;
import dev.kata.core.RunResult;
import dev.kata.core.SolutionChecker;
import dev.kata.core.Verdict;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * The build's rule for a check that skipped itself in this JVM, unable to judge there (an
 * interleaving exploration of a second class of a name: every solution of a puzzle has the same
 * class names): the solution is judged again the learner's way, in a check JVM of its own, so a
 * skipped check counts neither as a pass nor as a failure. The authoring kit applies the same rule
 * to the contract test and the mutation gate.
 */
final class SkippedInProcess {

  private static final SolutionChecker CHECKER = new SolutionChecker(new IsolatedRunner());

  private SkippedInProcess() {}

  /**
   * Judge a solution again in a check JVM if no check failed in this JVM but one skipped itself.
   *
   * @param results the in-process run
   * @param entry the puzzle
   * @param source the solution's source
   * @param dir a scratch folder for the check JVM's compilation
   * @return the check JVM's verdict, or empty when the in-process run stands
   */
  static Optional<RunResult> judgedInACheckJvm(
      EngineExecutionResults results, CatalogEntry entry, String source, Path dir) {
    if (results.allEvents().failed().count() > 0 || results.testEvents().aborted().count() == 0) {
      return Optional.empty();
    }
    return Optional.of(CHECKER.checkSource(entry, source, dir));
  }

  /**
   * Name each check of a run that did not pass, with its message's first line.
   *
   * @param run a check JVM's run
   */
  static List<String> notPassed(RunResult run) {
    return run.checks().stream()
        .filter(c -> c.verdict() != Verdict.PASS)
        .map(c -> c.name() + ": " + c.message().lines().findFirst().orElse(""))
        .toList();
  }
}

package dev.kata.cli;

import dev.kata.core.CatalogEntry;
import dev.kata.core.CheckResult;
import dev.kata.core.DisplayPath;
import dev.kata.core.RunResult;
import dev.kata.core.SolutionChecker;
import dev.kata.core.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A checked solution and how to name it to the user. The two subjects every command checks the same
 * way are made here: the puzzle's reference, and the learner's own file (whose outcome is
 * progress).
 *
 * @param label what was checked, as the user reads it
 * @param result the outcome
 */
record CheckedSubject(String label, RunResult result) {

  /** The label of the puzzle's reference solution. */
  static final String REFERENCE = "reference solution";

  /**
   * Check the puzzle's reference in a scratch folder that is deleted afterwards.
   *
   * @param onFinished given each check as it finishes, or null
   */
  static CheckedSubject reference(
      SolutionChecker checker, CatalogEntry entry, Consumer<CheckResult> onFinished)
      throws IOException {
    RunResult result =
        TempDirs.with(
            dir -> checker.checkSource(entry, entry.puzzle().referenceSource(), dir, onFinished));
    if (!result.passed()) {
      // The reference is the puzzle's own: when it fails, the puzzle is broken, and nobody's
      // solution is.
      String blame =
          "the reference solution fails its own checks: this is a defect of puzzle "
              + entry.id()
              + " ("
              + entry.origin()
              + "), not of your code; report it to the puzzle's author";
      result =
          new RunResult(
              result.puzzleId(),
              result.verdict(),
              result.message().isEmpty()
                  ? blame
                  : blame + System.lineSeparator() + result.message(),
              result.checks(),
              result.elapsed());
    }
    return new CheckedSubject(REFERENCE, result);
  }

  /**
   * Check the learner's file in the workspace and record the outcome as progress.
   *
   * @param onFinished given each check as it finishes, or null
   */
  static CheckedSubject learnersFile(
      SolutionChecker checker,
      Workspace workspace,
      CatalogEntry entry,
      Consumer<CheckResult> onFinished) {
    Path file = workspace.fileOf(entry);
    RunResult result = checker.check(entry, file, workspace.buildDir(entry), onFinished);
    workspace.progress().recordRun(entry.id(), result);
    return new CheckedSubject(learnersLabel(workspace, entry), result);
  }

  /** How the learner's file of a puzzle is named to them. */
  static String learnersLabel(Workspace workspace, CatalogEntry entry) {
    return DisplayPath.of(workspace.fileOf(entry));
  }
}

package dev.kata.testkit;

import dev.kata.core.CatalogEntry;
import dev.kata.core.CheckSettings;
import dev.kata.core.Compilation;
import dev.kata.core.IsolatedRunner;
import dev.kata.core.RunResult;
import dev.kata.core.SolutionChecker;
import dev.kata.core.Verdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.platform.engine.CancellationToken;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherExecutionRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Run a puzzle's checks against a compiled solution in this JVM, with kata's extensions, stopping
 * at the first failed check: what the mutation gate needs to know is only whether one fails.
 *
 * <p>A check may be unable to judge in this JVM and skip itself, saying why: an interleaving
 * exploration explores only the first class of a name in a JVM ({@code Interleavings}), and every
 * solution of a puzzle has the same class names. {@link #judge} then asks a check JVM of its own,
 * the learner's path, so that a skipped check never counts as a pass.
 */
final class InProcessChecks {

  /**
   * The outcome of a run.
   *
   * @param started checks started
   * @param aborted checks that skipped themselves while running, unable to judge in this JVM
   * @param failures the first line of each failed check, with its name
   * @param isolated whether the verdict is a check JVM's, taken because a check was skipped here
   */
  record Outcome(int started, int aborted, List<String> failures, boolean isolated) {
    boolean rejected() {
      return !failures.isEmpty();
    }
  }

  private InProcessChecks() {}

  /**
   * Run the checks until one fails.
   *
   * @param entry the puzzle
   * @param solution the compiled solution
   */
  static Outcome runUntilFirstFailure(CatalogEntry entry, Compilation.Compiled solution) {
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(
                entry.puzzle().checks().stream()
                    .map(DiscoverySelectors::selectClass)
                    .toArray(DiscoverySelector[]::new))
            .filters(EngineFilter.includeEngines("junit-jupiter"))
            .configurationParameters(
                CheckSettings.forSolution(
                    List.of(solution.classes()), solution.className(), entry.puzzle().contract()))
            .build();
    CancellationToken token = CancellationToken.create();
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    int[] started = {0};
    int[] aborted = {0};
    TestExecutionListener listener =
        new TestExecutionListener() {
          @Override
          public void executionStarted(TestIdentifier test) {
            if (test.isTest()) {
              started[0]++;
            }
          }

          @Override
          public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (test.isTest() && result.getStatus() == TestExecutionResult.Status.ABORTED) {
              aborted[0]++;
            }
            if (result.getStatus() == TestExecutionResult.Status.FAILED) {
              String cause =
                  result.getThrowable().map(t -> String.valueOf(t.getMessage())).orElse("");
              failures.add(test.getDisplayName() + ": " + cause.lines().findFirst().orElse(""));
              token.cancel();
            }
          }
        };
    LauncherConfig config =
        LauncherConfig.builder()
            .enableTestExecutionListenerAutoRegistration(false)
            .enableLauncherSessionListenerAutoRegistration(false)
            .enablePostDiscoveryFilterAutoRegistration(false)
            .build();
    LauncherFactory.create(config)
        .execute(
            LauncherExecutionRequestBuilder.request(request)
                .listeners(listener)
                .cancellationToken(token)
                .build());
    return new Outcome(started[0], aborted[0], List.copyOf(failures), false);
  }

  /**
   * Run the checks until one fails; if none failed but one was skipped, unable to judge in this
   * JVM, judge the source again in a check JVM of its own, as a learner's run does.
   *
   * @param entry the puzzle
   * @param solution the compiled solution
   * @param source the solution's source, for the check JVM
   * @param dir a scratch folder for the check JVM's compilation
   */
  static Outcome judge(CatalogEntry entry, Compilation.Compiled solution, String source, Path dir) {
    Outcome here = runUntilFirstFailure(entry, solution);
    if (here.rejected() || here.aborted() == 0) {
      return here;
    }
    RunResult run = new SolutionChecker(new IsolatedRunner()).checkSource(entry, source, dir);
    List<String> failures =
        run.checks().stream()
            .filter(c -> c.verdict() != Verdict.PASS)
            .map(c -> c.name() + ": " + c.message().lines().findFirst().orElse(""))
            .toList();
    if (failures.isEmpty() && !run.passed()) {
      failures = List.of(run.message().lines().findFirst().orElse(run.verdict().json()));
    }
    return new Outcome(run.checks().size(), 0, failures, true);
  }
}

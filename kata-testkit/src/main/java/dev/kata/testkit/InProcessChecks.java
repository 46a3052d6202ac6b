package dev.kata.testkit;

import dev.kata.core.CatalogEntry;
import dev.kata.core.CheckSettings;
import dev.kata.core.Compilation;
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
 */
final class InProcessChecks {

  /**
   * The outcome of a run.
   *
   * @param started checks started
   * @param failures the first line of each failed check, with its name
   */
  record Outcome(int started, List<String> failures) {
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
    return new Outcome(started[0], List.copyOf(failures));
  }
}

package dev.kata.core.check;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Runs a test case under a guard of kata's, as a check runs, and collects what failed. */
final class GuardRuns {

  private GuardRuns() {}

  /** The messages of the tests of {@code testCase} that did not succeed. */
  static List<String> failures(Class<?> testCase) {
    List<String> failures = new ArrayList<>();
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testCase)).build(),
            new TestExecutionListener() {
              @Override
              public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (id.isTest() && result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                  failures.add(result.getThrowable().map(Throwable::getMessage).orElse("failed"));
                }
              }
            });
    return failures;
  }
}

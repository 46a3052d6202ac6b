package dev.kata.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How a check's failure is told to the learner: causes and suppressed exceptions, each once. */
class FailuresTest {

  @Test
  @Timeout(5)
  void aCauseCycleOfTwoIsDescribedOnceAndEnds() {
    IllegalStateException a = new IllegalStateException("a");
    IllegalArgumentException b = new IllegalArgumentException("b", a);
    a.initCause(b);

    String text = Failures.describe(a);

    assertThat(text)
        .contains(
            "your code threw java.lang.IllegalStateException: a",
            "caused by java.lang.IllegalArgumentException: b");
    assertThat(text.split("caused by", -1)).hasSize(2);
  }

  @Test
  void aChecksOwnAssertionAroundAnotherIsToldOnceWithNoFrames() {
    // A property check wraps the invariant's failure in one naming the smallest example.
    AssertionError invariant =
        new AssertionError("invariant: each item runs once\n  expected: 1 item");
    AssertionError property =
        new AssertionError(
            "invariant: each item runs once\n  expected: 1 item\n  seed: 42", invariant);

    String text = Failures.describe(property);

    assertThat(text).contains("seed: 42").doesNotContain("caused by", "at dev.kata");
  }

  @Test
  void theLearnersExceptionBehindAFailedCheckIsShown() {
    AssertionError check = new AssertionError("the job failed", new IllegalStateException("boom"));

    assertThat(Failures.describe(check))
        .contains("the job failed", "caused by java.lang.IllegalStateException: boom");
  }

  @Test
  void suppressedExceptionsOfTheTopLevelFailureAreShown() {
    IllegalStateException failure = new IllegalStateException("commit failed");
    failure.addSuppressed(
        new java.io.UncheckedIOException("close failed", new java.io.IOException("disk")));

    assertThat(Failures.describe(failure))
        .contains(
            "commit failed",
            "suppressed: your code threw java.io.UncheckedIOException: close failed",
            "caused by java.io.IOException: disk");
  }

  @Test
  void aSuppressedExceptionThatIsItsOwnCauseIsShownOnce() {
    IllegalStateException failure = new IllegalStateException("top");
    RuntimeException other = new RuntimeException("other");
    failure.addSuppressed(other);
    other.addSuppressed(failure);

    assertThat(Failures.describe(failure).split("suppressed:", -1)).hasSize(2);
  }

  @Test
  void aMissingKataApiMethodCalledByTheChecksIsThePuzzlesDefect() {
    NoSuchMethodError missing =
        new NoSuchMethodError("'void dev.kata.api.check.Threads.awaitParked(java.lang.Thread)'");
    missing.setStackTrace(
        new StackTraceElement[] {
          new StackTraceElement("com.example.p21.PoolChecks", "leases", "PoolChecks.java", 40)
        });

    assertThat(Failures.puzzleDefect(missing, "p21_pool"))
        .get()
        .asString()
        .contains(
            "built against another kata-api",
            "Threads.awaitParked",
            "PoolChecks.leases(PoolChecks.java:40)");
  }

  @Test
  void aLinkageErrorInTheLearnersOwnCodeIsTheirs() {
    NoClassDefFoundError theirs = new NoClassDefFoundError("p21_pool/Helper");
    theirs.setStackTrace(
        new StackTraceElement[] {new StackTraceElement("p21_pool.Pool", "lease", "Pool.java", 12)});

    assertThat(Failures.puzzleDefect(theirs, "p21_pool")).isEmpty();
    assertThat(Failures.puzzleDefect(new StackOverflowError(), "p21_pool")).isEmpty();
  }

  @Test
  void aChecksClassWithoutPuzzleChecksIsThePuzzlesDefect() {
    var unresolved =
        new org.junit.jupiter.api.extension.ParameterResolutionException(
            "No ParameterResolver registered for parameter [dev.kata.core.fixture.Job arg0] in"
                + " method [void answers()].");

    assertThat(Failures.puzzleDefect(unresolved, "fixture"))
        .get()
        .asString()
        .contains("annotated @PuzzleChecks");
  }
}

package dev.kata.core;

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

    assertThat(text).contains("your code threw java.lang.IllegalStateException: a", "caused by java.lang.IllegalArgumentException: b");
    assertThat(text.split("caused by", -1)).hasSize(2);
  }

  @Test
  void suppressedExceptionsOfTheTopLevelFailureAreShown() {
    IllegalStateException failure = new IllegalStateException("commit failed");
    failure.addSuppressed(new java.io.UncheckedIOException("close failed", new java.io.IOException("disk")));

    assertThat(Failures.describe(failure)).contains("commit failed", "suppressed: your code threw java.io.UncheckedIOException: close failed",
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
  @Timeout(5)
  void theCatalogsRootMessageEndsOnACauseCycle() {
    IllegalStateException a = new IllegalStateException("a");
    a.initCause(new IllegalArgumentException("b", a));

    assertThat(PuzzleCatalog.rootMessage(a)).isEqualTo("IllegalArgumentException: b");
  }
}

package dev.kata.api.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class PropertyChecksTest {

  @Test
  void aHoldingPropertyTriesManyGeneratedExamples() {
    AtomicInteger runs = new AtomicInteger();

    PropertyChecks.forAll(25, integers().between(0, 100), n -> runs.incrementAndGet());

    // QuickTheories skips values it has already tried, so up to 25, not exactly 25.
    assertThat(runs.get()).isBetween(10, 25);
  }

  @Test
  void aFailureReportsTheInvariantTheSmallestExampleAndTheSeed() {
    Throwable failure =
        catchThrowable(
            () ->
                PropertyChecks.forAll(
                    50,
                    integers().between(0, 1000),
                    n -> {
                      if (n >= 10) {
                        throw Invariant.violated("numbers stay small", "below 10", n);
                      }
                    }));

    assertThat(failure)
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("invariant: numbers stay small")
        .hasMessageContaining(
            "seed: "
                + PropertyChecks.seed()
                + " (replay with KATA_SEED="
                + PropertyChecks.seed()
                + ")");
    // QuickTheories shrinks towards 10 but need not reach it; the message must describe one real,
    // failing example: the one it calls smallest.
    Matcher smallest =
        Pattern.compile("smallest failing example: (\\d+)").matcher(failure.getMessage());
    assertThat(smallest.find()).isTrue();
    int value = Integer.parseInt(smallest.group(1));
    assertThat(value).isBetween(10, 1000);
    assertThat(failure.getMessage()).contains("observed: " + value);
  }

  @Test
  void shrinkingStopsWhenItsTimeBudgetIsSpent() {
    AtomicInteger failingRuns = new AtomicInteger();
    long started = System.nanoTime();

    assertThatThrownBy(
            () ->
                PropertyChecks.forAll(
                    30,
                    integers().between(0, 100_000),
                    n -> {
                      if (n < 50_000) {
                        return;
                      }
                      failingRuns.incrementAndGet();
                      try {
                        Thread.sleep(2_000); // stands for a wrong solution failing by a timeout
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      throw new AssertionError("always fails");
                    }))
        .hasMessageContaining("always fails");

    // The first failure, then only the attempts that, as slow as it, end within the 3 s budget:
    // one more of 2 s, not 40 shrink cycles, nor one that starts at 2 s and ends at 4 s.
    assertThat(failingRuns.get()).isBetween(1, 1 + (int) (TimeScale.millis(3_000) / 2_000));
    // Without the budget, 40 shrink cycles of 2 s each would take over 80 s; a loaded machine gets
    // margin.
    assertThat((System.nanoTime() - started) / 1_000_000)
        .isLessThan(TimeScale.millis(3_000) + 10_000);
  }
}

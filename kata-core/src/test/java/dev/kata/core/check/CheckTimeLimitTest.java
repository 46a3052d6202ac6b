package dev.kata.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A check stopped at its limit inside kata's own explorer is not blamed on the learner. */
class CheckTimeLimitTest {

  private static StackTraceElement frame(String type, String method) {
    return new StackTraceElement(type, method, type + ".java", 1);
  }

  @Test
  void aCheckInsideLincheckAtItsLimitIsInKatasOwnMachinery() {
    StackTraceElement[] exploring = {
      frame("java.lang.Object", "wait"),
      frame("org.jetbrains.lincheck.util.Scheduler", "await"),
      frame("org.jetbrains.kotlinx.lincheck.LinChecker", "check"),
      frame("dev.kata.api.check.Interleavings", "check"),
      frame("dev.kata.puzzles.p07.BackpressureChecks", "ownBufferInEveryInterleaving")
    };
    StackTraceElement[] stuckInTheLearnersCode = {
      frame("java.util.concurrent.locks.LockSupport", "park"),
      frame("p07_bounded_queue.BoundedConveyor", "consume"),
      frame("dev.kata.puzzles.p07.BackpressureChecks", "everyItemOnceInOrder")
    };

    assertThat(CheckTimeLimit.inOwnMachinery(exploring)).isTrue();
    assertThat(CheckTimeLimit.inOwnMachinery(stuckInTheLearnersCode)).isFalse();
  }

  @Test
  void itIsToldAsItsOwnMessageNotAsAnExceptionOfTheLearnersCode() {
    String text = Failures.describe(new CheckTimeLimit.MachineTooBusy("the machine is too busy"));

    assertThat(text).isEqualTo("the machine is too busy");
  }
}

package dev.kata.api.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StackFramesTest {

  private static StackTraceElement frame(String type, String method, String file, int line) {
    return new StackTraceElement(type, method, file, line);
  }

  @Test
  void theLearnersFrameIsTheInnermostInTheSolutionsPackageOrBelow() {
    StackTraceElement[] stack = {
      frame("java.util.concurrent.locks.LockSupport", "park", "LockSupport.java", 221),
      frame("p09_lock_ordering.SafeBank$$Lambda/0x1", "run", null, -1),
      frame("p09_lock_ordering.inner.Helper", "lock", "Helper.java", 7),
      frame("p09_lock_ordering.SafeBank", "transfer", "SafeBank.java", 31),
      frame("dev.kata.puzzles.p09.LockOrderingChecks", "opposite", "LockOrderingChecks.java", 90)
    };

    assertThat(StackFrames.learnerFrame(stack, "p09_lock_ordering").map(StackFrames::format))
        .contains("p09_lock_ordering.inner.Helper.lock(Helper.java:7)");
  }

  @Test
  void withoutAPackageOrOutsideItNothingIsTheLearners() {
    StackTraceElement[] stack = {frame("p09.SafeBank", "transfer", "SafeBank.java", 31)};

    assertThat(StackFrames.learnerFrame(stack, "")).isEmpty();
    // A package whose name merely starts the same is another package.
    assertThat(StackFrames.learnerFrame(stack, "p0")).isEmpty();
    assertThat(StackFrames.isLearners("p09.SafeBank.transfer(SafeBank.java:31)", "p09")).isTrue();
  }

  @Test
  void framesAreFormattedWithoutLoaderOrModule() {
    assertThat(StackFrames.format(frame("a.B", "m", "B.java", 3))).isEqualTo("a.B.m(B.java:3)");
    assertThat(StackFrames.format(frame("a.B", "m", null, -1))).isEqualTo("a.B.m(unknown source)");
    assertThat(StackFrames.format(frame("a.B", "m", "B.java", -2))).isEqualTo("a.B.m(native)");
    assertThat(StackFrames.format(frame("a.B", "m", "B.java", -1))).isEqualTo("a.B.m(B.java)");
  }
}

package dev.kata.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** An events file read while it is written gives its whole lines only. */
class WholeLinesTest {

  @Test
  void aLineBeingWrittenIsLeftOutEvenWhenItEndsInHalfACharacter() {
    byte[] whole = "first ✓\nsecond ✗\n".getBytes(StandardCharsets.UTF_8);
    byte[] half = "third ✓".getBytes(StandardCharsets.UTF_8);
    byte[] file = Arrays.copyOf(whole, whole.length + half.length - 1);
    System.arraycopy(half, 0, file, whole.length, half.length - 1);

    assertThat(IsolatedRunner.wholeLines(file)).containsExactly("first ✓", "second ✗");
  }

  @Test
  void nothingIsReadBeforeTheFirstLineEnds() {
    assertThat(IsolatedRunner.wholeLines("{\"seq\":0".getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(IsolatedRunner.wholeLines(new byte[0])).isEmpty();
  }
}

package dev.kata.api.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimelineTest {

  @Test
  void drawsOneLanePerTaskWithItsThread() {
    Timeline timeline = new Timeline();
    Timeline.Span first = timeline.start("task 0");
    first.end();
    Timeline.Span second = timeline.start("task 1");

    String ascii = timeline.render(false);

    assertThat(ascii.lines()).hasSize(3);
    assertThat(ascii)
        .contains(
            "task 0  |", "task 1  |", "| " + Thread.currentThread().getName(), "(still running)");
    assertThat(ascii).doesNotContain("\u2588");
    assertThat(timeline.render(true)).contains("\u2588", "\u2502");
    second.end();
  }

  @Test
  void anEmptyTimelineSaysSo() {
    assertThat(new Timeline().render(false)).isEqualTo("(no task was recorded)");
  }
}

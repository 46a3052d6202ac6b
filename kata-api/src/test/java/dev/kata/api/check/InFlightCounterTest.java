package dev.kata.api.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InFlightCounterTest {

  @Test
  void keepsTheMaximumAndReturnsToZero() {
    InFlightCounter counter = new InFlightCounter();
    counter.enter();
    counter.enter();
    counter.exit();
    counter.enter();
    counter.exit();
    counter.exit();

    assertThat(counter.max()).isEqualTo(2);
    assertThat(counter.current()).isZero();
  }
}

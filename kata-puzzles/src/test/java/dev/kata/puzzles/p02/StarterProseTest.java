package dev.kata.puzzles.p02;

import static dev.kata.puzzles.p02.SequentialVsConcurrentChecks.FEWEST_TASKS_AT_BARRIER;
import static dev.kata.puzzles.p02.SequentialVsConcurrentChecks.MOST_TASKS_AT_BARRIER;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The starter tells the learner what the checks do: its numbers are the checks' numbers. */
class StarterProseTest {

  @Test
  void theStarterStatesHowManyTasksMeetAtTheBarrier() {
    assertThat(new SequentialVsConcurrent().starterSource())
        .contains("(" + FEWEST_TASKS_AT_BARRIER + " to " + MOST_TASKS_AT_BARRIER + " tasks)");
  }
}

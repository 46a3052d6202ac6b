package dev.kata.puzzles.p08;

import static dev.kata.puzzles.p08.ThreeStagePipelineChecks.LARGEST_CAPACITY;
import static dev.kata.puzzles.p08.ThreeStagePipelineChecks.MOST_ITEMS;
import static dev.kata.puzzles.p08.ThreeStagePipelineChecks.SMALLEST_CAPACITY;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The starter tells the learner what the checks do: its numbers are the checks' numbers. */
class StarterProseTest {

  @Test
  void theStarterStatesTheItemsAndCapacitiesTheChecksGenerate() {
    assertThat(new ThreeStagePipeline().starterSource())
        .contains(
            "For 0 to "
                + MOST_ITEMS
                + " items and capacities "
                + SMALLEST_CAPACITY
                + " to "
                + LARGEST_CAPACITY);
  }
}

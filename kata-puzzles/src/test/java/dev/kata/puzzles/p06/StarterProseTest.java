package dev.kata.puzzles.p06;

import static dev.kata.puzzles.p06.ConcurrencyBudgetChecks.FEWEST_PERMITS;
import static dev.kata.puzzles.p06.ConcurrencyBudgetChecks.MOST_JOBS;
import static dev.kata.puzzles.p06.ConcurrencyBudgetChecks.MOST_PERMITS;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The starter tells the learner what the checks do: its numbers are the checks' numbers. */
class StarterProseTest {

  @Test
  void theStarterStatesHowManyJobsAndPermitsTheChecksGenerate() {
    // "1 to": the runs with jobs to run; one property also tries none.
    assertThat(new ConcurrencyBudget().starterSource())
        .contains(
            "For 1 to "
                + MOST_JOBS
                + " jobs, "
                + FEWEST_PERMITS
                + " to "
                + MOST_PERMITS
                + " permits");
  }
}

package dev.kata.puzzles.p20;

import static dev.kata.puzzles.p20.UdpDatagramsChecks.CLIENTS_AT_ONCE;
import static dev.kata.puzzles.p20.UdpDatagramsChecks.THREADS_ON_ONE_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The starter tells the learner what the checks do: its numbers are the checks' numbers. */
class StarterProseTest {

  @Test
  void theStarterStatesHowManyClientsAndThreadsTheChecksUse() {
    assertThat(new UdpDatagrams().starterSource())
        .contains("to its own sender, " + CLIENTS_AT_ONCE + " clients at once")
        .contains(THREADS_ON_ONE_CLIENT + " threads on one client all wait at once");
  }
}

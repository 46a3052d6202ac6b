package dev.kata.puzzles.p11;

import static dev.kata.puzzles.p11.TcpEchoChecks.CLIENTS_AT_ONCE;
import static dev.kata.puzzles.p11.TcpEchoChecks.PAYLOAD_MEBIBYTES;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The starter tells the learner what the checks do: its numbers are the checks' numbers. */
class StarterProseTest {

  @Test
  void theStarterStatesHowManyClientsAndHowManyBytesTheChecksUse() {
    assertThat(new TcpEcho().starterSource())
        .contains(CLIENTS_AT_ONCE + " clients connected at once are all answered")
        .contains(PAYLOAD_MEBIBYTES + " MB of lines");
  }
}

package dev.kata.puzzles.p13;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChildReportsTest {

  private static final long LIMIT_MILLIS = 60_000;

  @Test
  void aChildAtItsAnswerStepAnswersEachTimeItIsAsked() throws Exception {
    try (ChildReports reports = new ChildReports()) {
      Process process = new ProcessBuilder(reports.command("asked", "answer")).start();
      try {
        ChildReports.Child child = awaitAnswering(reports, "asked", process);

        assertThat(child.answers(LIMIT_MILLIS)).isTrue();
        assertThat(child.answers(LIMIT_MILLIS)).isTrue();
        assertThat(child.alive()).isTrue();
      } finally {
        process.destroyForcibly().waitFor();
      }
    }
  }

  @Test
  void aChildSentSigkillNeverAnswersEvenBeforeItIsReaped() throws Exception {
    try (ChildReports reports = new ChildReports()) {
      Process process = new ProcessBuilder(reports.command("killed", "answer")).start();
      try {
        ChildReports.Child child = awaitAnswering(reports, "killed", process);
        process.toHandle().destroyForcibly(); // not waited for: the JDK may not have reaped it

        assertThat(child.answers(LIMIT_MILLIS)).isFalse();
        assertThat(child.disconnected()).isTrue();
        assertThat(child.alive()).isFalse();
      } finally {
        process.destroyForcibly().waitFor();
      }
    }
  }

  private static ChildReports.Child awaitAnswering(
      ChildReports reports, String name, Process process) throws InterruptedException {
    long limit = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LIMIT_MILLIS);
    while (reports.child(name).map(c -> !c.said("answering")).orElse(true)) {
      assertThat(process.isAlive()).as("the child runs").isTrue();
      assertThat(System.nanoTime()).as("the child started in time").isLessThan(limit);
      Thread.sleep(10); // polling for the child to start, not asserting after a sleep
    }
    return reports.child(name).orElseThrow();
  }
}

package dev.kata.core.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kata.api.check.ProcessState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

class ProcessHygieneTest {

  @Test
  void aZombieLeftBehindIsNotCalledRunning() throws IOException {
    // Before: its zombie child, alive to ProcessHandle.isAlive(), was waited for through the whole
    // grace and named a second process "still running".
    assumeTrue(
        Files.isReadable(Path.of("/proc/self/status")),
        "a zombie is told from a running process by /proc, which only Linux has: skipped here");
    List<String> failures = GuardRuns.failures(LeavesAZombieTestCase.class);
    assertThat(failures)
        .singleElement()
        .asString()
        .contains("1 process was still running after the check, and kata killed it")
        .contains("sleep 307.875");
  }

  @Test
  void aProcessKilledBeforeTheCheckEndsIsNotLeftRunning() {
    assertThat(GuardRuns.failures(KillsItsProcessTestCase.class)).isEmpty();
  }

  @ExtendWith(ThreadHygiene.class)
  static class LeavesAZombieTestCase {
    @Test
    void leavesAProcessWithAZombieChild() throws Exception {
      // The shell starts "sleep 0" and becomes "sleep 307.875", which never reaps it.
      Process parent = new ProcessBuilder("sh", "-c", "sleep 0 & exec sleep 307.875").start();
      long limit = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      Optional<ProcessHandle> zombie = Optional.empty();
      while (System.nanoTime() < limit
          && (zombie.isEmpty()
              || ProcessState.of(zombie.get()) != ProcessState.ENDED
              || !parent.info().commandLine().orElse("").contains("307.875"))) {
        zombie = parent.children().findFirst();
        Thread.sleep(10); // polling for the zombie, not asserting after a sleep
      }
      assertThat(zombie).isPresent();
      assertThat(zombie.get().isAlive()).as("a zombie is alive to ProcessHandle").isTrue();
    }
  }

  @ExtendWith(ThreadHygiene.class)
  static class KillsItsProcessTestCase {
    @Test
    void killsItsProcessAndReturnsAtOnce() throws IOException {
      new ProcessBuilder("sleep", "307.9375").start().destroyForcibly(); // not waited for
    }
  }
}

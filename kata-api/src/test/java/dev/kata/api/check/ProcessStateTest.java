package dev.kata.api.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProcessStateTest {

  @Test
  void aZombieHasEnded() {
    assertThat(ProcessState.of("42 (java) Z 1 42", status(0, 0))).isEqualTo(ProcessState.ENDED);
    assertThat(ProcessState.of("42 (java) X 1 42", status(0, 0))).isEqualTo(ProcessState.ENDED);
  }

  @Test
  void theStateIsReadAfterTheLastParenthesisOfTheCommand() {
    assertThat(ProcessState.of("42 (a) Z (b) S 1 42", status(0, 0)))
        .isEqualTo(ProcessState.RUNNING);
    assertThat(ProcessState.of("42 (a) S (b) Z 1 42", status(0, 0))).isEqualTo(ProcessState.ENDED);
  }

  @Test
  void sigkillPendingForTheProcessOrItsThreadIsKilled() {
    assertThat(ProcessState.of("42 (java) R 1", status(0, 0x100))).isEqualTo(ProcessState.KILLED);
    assertThat(ProcessState.of("42 (java) S 1", status(0x100, 0))).isEqualTo(ProcessState.KILLED);
  }

  @Test
  void anotherSignalPendingIsStillRunning() {
    // SIGTERM (15) can be caught or ignored; so can SIGHUP (1), SIGINT (2) and SIGUSR1 (10).
    assertThat(ProcessState.of("42 (java) S 1", status(0, 0x4000 | 0x1 | 0x2 | 0x200)))
        .isEqualTo(ProcessState.RUNNING);
    assertThat(ProcessState.of("42 (java) S 1", status(0, 0))).isEqualTo(ProcessState.RUNNING);
  }

  @Test
  void anUnreadableStatIsNotTakenForAnEnd() {
    assertThat(ProcessState.of("", "")).isEqualTo(ProcessState.RUNNING);
    assertThat(ProcessState.of("42 (java", "ShdPnd:\tzz\n")).isEqualTo(ProcessState.RUNNING);
  }

  @Test
  void aRunningProcessIsRunningAndAnEndedOneEnded() throws Exception {
    Process sleep = new ProcessBuilder("sleep", "60").start();
    try {
      assertThat(ProcessState.of(sleep.toHandle())).isEqualTo(ProcessState.RUNNING);
    } finally {
      sleep.destroyForcibly();
      sleep.waitFor();
    }
    assertThat(ProcessState.of(sleep.toHandle())).isEqualTo(ProcessState.ENDED);
    assertThat(ProcessState.of(ProcessHandle.current())).isEqualTo(ProcessState.RUNNING);
  }

  @Test
  void aProcessSentSigkillIsNeverSeenRunningAgain() throws Exception {
    requireProc();
    for (int round = 0; round < 20; round++) {
      Process sleep = new ProcessBuilder("sleep", "60").start();
      ProcessHandle handle = sleep.toHandle();
      handle.destroyForcibly();
      // From the moment kill(2) returned until the JDK reaped it: killed, then a zombie, then
      // gone, and never running in between.
      ProcessState state;
      do {
        state = ProcessState.of(handle);
        assertThat(state).as("round %d, after SIGKILL", round).isNotEqualTo(ProcessState.RUNNING);
      } while (state != ProcessState.ENDED);
      sleep.waitFor();
    }
  }

  @Test
  void aZombieThatIsAliveToProcessHandleHasEnded() throws Exception {
    requireProc();
    // The shell starts "sleep 0" and becomes "sleep 60", which never reaps it: a zombie as long as
    // its parent runs, as a grandchild re-parented to a process 1 that does not reap.
    Process parent = new ProcessBuilder("sh", "-c", "sleep 0 & exec sleep 60").start();
    try {
      long limit = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      Optional<ProcessHandle> zombie = Optional.empty();
      while (System.nanoTime() < limit
          && (zombie.isEmpty() || ProcessState.of(zombie.get()) != ProcessState.ENDED)) {
        zombie = parent.children().findFirst();
        Thread.sleep(10); // polling for the child to end, not asserting after a sleep
      }
      assertThat(zombie).isPresent();
      assertThat(ProcessState.of(zombie.get())).isEqualTo(ProcessState.ENDED);
      assertThat(zombie.get().isAlive()).as("ProcessHandle.isAlive() of a zombie").isTrue();
      assertThat(ProcessState.of(parent.toHandle())).isEqualTo(ProcessState.RUNNING);
    } finally {
      parent.destroyForcibly();
      parent.waitFor();
    }
  }

  private static String status(long sigPnd, long shdPnd) {
    return """
    Name:	java
    State:	S (sleeping)
    SigQ:	0/7823
    SigPnd:	%016x
    ShdPnd:	%016x
    SigBlk:	0000000000000000
    """
        .formatted(sigPnd, shdPnd);
  }

  private static void requireProc() throws IOException {
    Path self = Path.of("/proc/self/status");
    assumeTrue(
        Files.isReadable(self) && Files.readString(self).contains("ShdPnd:"),
        "process states are read from /proc, which only Linux has: this test is skipped here");
  }
}

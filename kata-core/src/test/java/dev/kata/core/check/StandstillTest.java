package dev.kata.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A standstill is seen where nothing can move, and not where a thread sleeps, or waits for a
 * socket: threads of this test's own making, among the JVM's (those that were there before are left
 * out).
 */
class StandstillTest {

  private final Set<Long> before = new HashSet<>();
  private final List<Thread> started = new ArrayList<>();
  private final ReentrantLock first = new ReentrantLock();
  private final ReentrantLock second = new ReentrantLock();
  private final CountDownLatch never = new CountDownLatch(1);

  @BeforeEach
  void rememberTheThreadsAlreadyThere() {
    // The virtual threads' delay scheduler is not left out: it is started by the first timed park
    // of a virtual thread in this JVM, an earlier test's or this one's, and a look must tell that
    // it wakes no one who is not in a timed wait of their own.
    Thread.getAllStackTraces().keySet().stream()
        .filter(t -> !t.getName().endsWith("-delayScheduler"))
        .forEach(t -> before.add(t.threadId()));
    VirtualThreadDump.capture().forEach(v -> before.add(v.id()));
  }

  @AfterEach
  void endTheThreads() throws InterruptedException {
    started.forEach(Thread::interrupt);
    for (Thread t : started) {
      t.join(10_000);
    }
  }

  /** Two platform threads locking two locks in opposite orders, and a virtual thread awaiting. */
  private void deadlock() throws InterruptedException {
    CountDownLatch bothHoldOne = new CountDownLatch(2);
    started.add(Thread.ofPlatform().name("a").start(() -> lockBoth(first, second, bothHoldOne)));
    started.add(Thread.ofPlatform().name("b").start(() -> lockBoth(second, first, bothHoldOne)));
    started.add(Thread.ofVirtual().name("awaiting").start(this::awaitNever));
    bothHoldOne.await();
  }

  private static void lockBoth(ReentrantLock one, ReentrantLock other, CountDownLatch holding) {
    try {
      one.lockInterruptibly();
      try {
        holding.countDown();
        holding.await(); // each holds one before either reaches for the other
        other.lockInterruptibly();
        other.unlock();
      } finally {
        one.unlock();
      }
    } catch (InterruptedException e) {
      // ended by the test
    }
  }

  private void awaitNever() {
    try {
      never.await();
    } catch (InterruptedException e) {
      // ended by the test
    }
  }

  /**
   * Look until the same standstill is seen twice in a row, or {@code seconds} pass: threads settle
   * into their waits within milliseconds, so a standstill that would be seen wrongly is seen soon.
   */
  private Optional<String> settledLook(Set<Long> ignore, int seconds) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    String last = null;
    while (System.nanoTime() < end) {
      String now = Standstill.look(ignore).orElse(null);
      if (now != null && now.equals(last)) {
        return Optional.of(now);
      }
      last = now;
      Thread.sleep(50); // polling for a state that settles, within a bound
    }
    return Optional.empty();
  }

  private Set<Long> ignored() {
    Set<Long> ignore = new HashSet<>(before);
    ignore.add(Thread.currentThread().threadId());
    return ignore;
  }

  @Test
  void threadsWaitingOnlyForEachOtherAreAStandstill() throws InterruptedException {
    deadlock();

    Optional<String> seen = settledLook(ignored(), 10);

    System.out.println(
        "[standstill] "
            + seen
            + " started "
            + started.stream().map(t -> t.threadId() + " " + t.getState()).toList());
    assertThat(seen).as("the standstill, seen twice alike").isPresent();
    for (Thread t : started) {
      assertThat(seen.get()).contains(String.valueOf(t.threadId()));
    }
  }

  @Test
  void aThreadClosingAnExecutorWhoseTaskWaitsForeverIsPartOfTheStandstill()
      throws InterruptedException {
    deadlock();
    CountDownLatch submitted = new CountDownLatch(1);
    started.add(
        Thread.ofPlatform()
            .name("closing")
            .start(
                () -> {
                  try (var executor = java.util.concurrent.Executors.newFixedThreadPool(1)) {
                    executor.execute(this::awaitNever);
                    submitted.countDown();
                  } // close(): shutdown, then awaitTermination(1 day) again and again
                }));
    submitted.await();

    assertThat(settledLook(ignored(), 10))
        .as("a standstill with a thread in close()")
        .hasValueSatisfying(seen -> assertThat(seen).contains("TIMED_WAITING"));
  }

  @Test
  void aChecksPatientWaitAndHoldArePartOfTheStandstillThoughTimed() throws InterruptedException {
    deadlock();
    started.add(
        Thread.ofPlatform()
            .name("check waiting")
            .start(
                () -> {
                  try {
                    var _ = dev.kata.api.check.Patience.await(never, 60_000);
                  } catch (InterruptedException e) {
                    // ended by the test
                  }
                }));
    started.add(
        Thread.ofVirtual()
            .name("held by the check")
            .start(
                () -> {
                  try {
                    var _ = dev.kata.api.check.Patience.hold(never, 60_000);
                  } catch (InterruptedException e) {
                    // ended by the test
                  }
                }));

    Optional<String> seen = settledLook(ignored(), 10);

    assertThat(seen).as("a standstill with a check's patient wait and hold").isPresent();
    for (Thread t : started) {
      assertThat(seen.get()).contains(String.valueOf(t.threadId()));
    }
  }

  @Test
  void aThreadInATimedWaitCanStillWakeTheOthers() throws InterruptedException {
    deadlock();
    started.add(
        Thread.ofPlatform()
            .name("sleeper")
            .start(
                () -> {
                  try {
                    Thread.sleep(60_000);
                  } catch (InterruptedException e) {
                    // ended by the test
                  }
                }));
    assertThat(settledLook(ignored(), 2)).as("a standstill with a thread asleep").isEmpty();
  }

  @Test
  void aSleepingVirtualThreadCanStillWakeTheOthers() throws InterruptedException {
    deadlock();
    started.add(
        Thread.ofVirtual()
            .name("virtual sleeper")
            .start(
                () -> {
                  try {
                    Thread.sleep(60_000);
                  } catch (InterruptedException e) {
                    // ended by the test
                  }
                }));
    assertThat(settledLook(ignored(), 2)).as("a standstill with a virtual thread asleep").isEmpty();
  }

  @Test
  void aThreadWaitingForAChildProcessCanStillBeWoken() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/bin/sleep")), "a POSIX sleep command");
    deadlock();
    Process child = new ProcessBuilder("/bin/sleep", "60").start();
    try {
      started.add(
          Thread.ofPlatform()
              .name("waiting for the child")
              .start(
                  () -> {
                    try {
                      child.waitFor(); // untimed: the JVM's reaper wakes it when the child ends
                    } catch (InterruptedException e) {
                      // ended by the test
                    }
                  }));
      assertThat(settledLook(ignored(), 2))
          .as("a standstill with a thread waiting for a child process")
          .isEmpty();
    } finally {
      child.destroyForcibly().waitFor();
    }
  }

  @Test
  void aVirtualThreadWaitingForAConnectionCanStillBeWoken() throws Exception {
    deadlock();
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      started.add(
          Thread.ofVirtual()
              .name("accepting")
              .start(
                  () -> {
                    try {
                      server.accept().close();
                    } catch (IOException e) {
                      // the server was closed by the test
                    }
                  }));
      assertThat(settledLook(ignored(), 2)).as("a standstill with a thread accepting").isEmpty();
    }
  }
}

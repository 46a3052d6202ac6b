package dev.kata.api.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallGateTest {

  @TempDir static Path classes;

  /**
   * Two "solutions": Worker's call to Integer.parseInt is the one the gate holds; Counter bumps a
   * static and a volatile field with no call between the read and the write.
   */
  @BeforeAll
  static void compileSolution() throws IOException {
    Path source = classes.resolve("src/gated/Worker.java");
    Path counter = classes.resolve("src/gated/Counter.java");
    Files.createDirectories(source.getParent());
    Files.writeString(
        counter,
        """
        package gated;
        public class Counter implements java.util.function.IntSupplier {
          private static final int STEP = 1;
          private final int[] none = new int[0];
          private static int calls;
          private volatile int count;
          @Override public int getAsInt() {
            calls++;
            return count += none.length + STEP;
          }
        }
        """);
    Files.writeString(
        source,
        """
        package gated;
        public class Worker implements java.util.function.IntSupplier {
          private final Runnable noop = () -> {};
          @Override public int getAsInt() {
            noop.run();
            int value = Integer.parseInt("41");
            return value + Helper.one();
          }
          static final class Helper { static int one() { return Integer.parseInt("1"); } }
        }
        """);
    int status =
        ToolProvider.getSystemJavaCompiler()
            .run(
                null,
                null,
                null,
                "-d",
                classes.resolve("out").toString(),
                source.toString(),
                counter.toString());
    assertThat(status).isZero();
  }

  private static CallGate gate() throws IOException {
    URL out = classes.resolve("out").toUri().toURL();
    return new CallGate("gated.Worker", List.of(out), CallGateTest.class.getClassLoader())
        .after(Integer.class, "parseInt");
  }

  @Test
  void callsPassFreelyUntilTheGateIsArmed() throws IOException {
    try (CallGate gate = gate()) {
      IntSupplier worker = gate.newSolution(IntSupplier.class);
      assertThat(worker.getAsInt()).isEqualTo(42);
      assertThat(gate.passed()).isEqualTo(2); // nested classes are rewritten too
      assertThat(worker.getClass().getClassLoader().getName()).isEqualTo("kata-gated-solution");
    }
  }

  @Test
  void theNextCallIsHeldAfterItReturnsUntilReleased() throws Exception {
    try (CallGate gate = gate()) {
      IntSupplier worker = gate.newSolution(IntSupplier.class);
      gate.holdNext();
      CompletableFuture<Integer> result = CompletableFuture.supplyAsync(worker::getAsInt);
      Thread held = gate.awaitHeld(Duration.ofSeconds(10)).orElseThrow();
      assertThat(held.getState()).isEqualTo(Thread.State.WAITING);
      assertThat(gate.heldAt())
          .hasValueSatisfying(at -> assertThat(at).startsWith("Worker.getAsInt (line "));
      assertThat(result).isNotDone();
      assertThat(gate.passed()).isEqualTo(1);
      gate.release();
      assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(42);
      assertThat(gate.passed()).isEqualTo(2); // the second call passed: one hold per arming
    }
  }

  @Test
  void aReleasedThreadGoesOnEvenWhenTheGateIsArmedAgainAtOnce() throws Exception {
    try (CallGate gate = gate()) {
      IntSupplier worker = gate.newSolution(IntSupplier.class);
      gate.holdNext();
      CompletableFuture<Integer> result = CompletableFuture.supplyAsync(worker::getAsInt);
      Thread held = gate.awaitHeld(Duration.ofSeconds(10)).orElseThrow();
      gate.release();
      gate.holdNext(); // before the released thread has woken up: it goes on all the same
      assertThat(gate.awaitHeld(Duration.ofSeconds(10))).contains(held); // at its second call
      assertThat(gate.passed()).isEqualTo(2);
      gate.release();
      assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(42);
    }
  }

  @Test
  void aHeldThreadKeepsAnInterruptForAfterItsRelease() throws Exception {
    CallGate gate = gate();
    {
      IntSupplier worker = gate.newSolution(IntSupplier.class);
      gate.holdNext();
      CompletableFuture<Boolean> interruptedAfter = new CompletableFuture<>();
      Thread thread =
          Thread.ofPlatform()
              .start(
                  () -> {
                    assertThat(worker.getAsInt()).isEqualTo(42);
                    interruptedAfter.complete(Thread.currentThread().isInterrupted());
                  });
      assertThat(gate.awaitHeld(Duration.ofSeconds(10))).contains(thread);
      thread.interrupt();
      assertThat(interruptedAfter).isNotDone();
      gate.close(); // a check's end releases what it held
      assertThat(interruptedAfter.get(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aThreadHeldBetweenTheReadAndTheWriteOfAFieldLosesTheOtherUpdate() throws Exception {
    URL out = classes.resolve("out").toUri().toURL();
    try (CallGate gate =
        new CallGate("gated.Counter", List.of(out), getClass().getClassLoader())
            .beforeEveryCallAndFieldAccess()) {
      IntSupplier counter = gate.newSolution(IntSupplier.class);
      // Points of one call: read and write of the static field, read and write of the volatile
      // one; the final field and the constant are no points.
      assertThat(counter.getAsInt()).isEqualTo(1);
      assertThat(gate.passed()).isEqualTo(4);
      CompletableFuture<Integer> first = new CompletableFuture<>();
      Thread paused = Thread.ofPlatform().unstarted(() -> first.complete(counter.getAsInt()));
      gate.holdAt(paused, 4); // it has read count (1), and not yet written it
      paused.start();
      assertThat(gate.awaitHeld(Duration.ofSeconds(10))).contains(paused);
      assertThat(gate.heldAt())
          .hasValueSatisfying(at -> assertThat(at).startsWith("Counter.getAsInt (line "));
      assertThat(gate.threads()).contains(paused, Thread.currentThread());
      assertThat(counter.getAsInt()).isEqualTo(2);
      gate.release();
      assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(2); // the lost update
      paused.join();
      assertThat(gate.threads()).doesNotContain(paused);

      Thread past =
          Thread.ofPlatform().unstarted(() -> assertThat(counter.getAsInt()).isEqualTo(3));
      gate.holdAt(past, 5); // one call makes 4 gated points
      past.start();
      assertThat(gate.awaitHeld(Duration.ofSeconds(10))).isEmpty();
    }
  }

  @Test
  void noGatedCallWithinTheWaitIsReportedEmpty() throws Exception {
    try (CallGate gate = gate()) {
      gate.newSolution(IntSupplier.class);
      gate.holdNext();
      assertThat(gate.awaitHeld(Duration.ofMillis(20))).isEmpty();
    }
  }

  @Test
  void theGatedCallIsNamedBeforeTheSolutionIsCreated() throws IOException {
    URL out = classes.resolve("out").toUri().toURL();
    try (CallGate gate = new CallGate("gated.Worker", List.of(out), getClass().getClassLoader())) {
      assertThatThrownBy(() -> gate.newSolution(IntSupplier.class))
          .isInstanceOf(IllegalStateException.class);
      gate.after(Integer.class, "parseInt").newSolution(IntSupplier.class);
      assertThatThrownBy(() -> gate.after(Integer.class, "valueOf"))
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> gate.newSolution(Runnable.class))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("must implement java.lang.Runnable");
    }
  }
}

package dev.kata.api.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallGateTest {

  @TempDir static Path classes;

  /**
   * The "solutions": Worker's call to Integer.parseInt is the one the gate holds; Counter bumps a
   * static and a volatile field with no call between the read and the write; the registries change
   * a collection shared by every thread that calls them, with no lock, with one, or a concurrent or
   * synchronized one (and a set() in place, which changes no structure).
   */
  @BeforeAll
  static void compileSolution() throws IOException {
    Path sources = classes.resolve("src/gated");
    Files.createDirectories(sources);
    Files.writeString(
        sources.resolve("Counter.java"),
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
        sources.resolve("Worker.java"),
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
    Files.writeString(
        sources.resolve("Registry.java"),
        """
        package gated;
        public class Registry implements java.util.function.IntConsumer {
          private final java.util.Map<Integer, Integer> seen = new java.util.HashMap<>();
          @Override public void accept(int value) {
            seen.put(value, value);
          }
        }
        """);
    Files.writeString(
        sources.resolve("LockedRegistry.java"),
        """
        package gated;
        public class LockedRegistry implements java.util.function.IntConsumer {
          private final java.util.List<Integer> seen = new java.util.ArrayList<>();
          @Override public void accept(int value) {
            synchronized (seen) {
              seen.add(0, value);
            }
          }
        }
        """);
    Files.writeString(
        sources.resolve("ConcurrentRegistry.java"),
        """
        package gated;
        import java.util.*;
        public class ConcurrentRegistry implements java.util.function.IntConsumer {
          private final Map<Integer, Integer> seen = new java.util.concurrent.ConcurrentHashMap<>();
          private final List<Integer> order = Collections.synchronizedList(new ArrayList<>());
          @Override public void accept(int value) {
            seen.put(value, value);
            order.add(value);
            new Vector<Integer>().add(value);
            new ArrayList<>(List.of(0)).set(0, value);
          }
        }
        """);
    List<String> arguments = new ArrayList<>(List.of("-d", classes.resolve("out").toString()));
    try (var files = Files.list(sources)) {
      files.map(Path::toString).forEach(arguments::add);
    }
    int status =
        ToolProvider.getSystemJavaCompiler()
            .run(null, null, null, arguments.toArray(String[]::new));
    assertThat(status).isZero();
  }

  private static CallGate gate(String solution) throws IOException {
    URL out = classes.resolve("out").toUri().toURL();
    return new CallGate(solution, List.of(out), CallGateTest.class.getClassLoader());
  }

  private static CallGate gate() throws IOException {
    return gate("gated.Worker").after(Integer.class, "parseInt");
  }

  @Test
  void aSecondPointToGateIsRefusedInsteadOfReplacingTheFirst() throws IOException {
    try (CallGate gate = gate()) {
      assertThatThrownBy(() -> gate.after(Thread.class, "interrupt"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("a gate holds one kind of point");
    }
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
      assertThat(gate.awaitHeldOrStopped(past, 10_000)).as("it ended at 4 points").isEmpty();
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

  @Test
  void twoThreadsAreHeldAtOnceAndReleasedOneByOne() throws Exception {
    try (CallGate gate = gate("gated.Worker").beforeEveryCall()) {
      IntSupplier worker = gate.newSolution(IntSupplier.class);
      CompletableFuture<Integer> first = new CompletableFuture<>();
      CompletableFuture<Integer> second = new CompletableFuture<>();
      Thread one = Thread.ofPlatform().unstarted(() -> first.complete(worker.getAsInt()));
      Thread two = Thread.ofPlatform().unstarted(() -> second.complete(worker.getAsInt()));
      gate.holdAt(one, 2); // before parseInt("41")
      gate.holdAt(two, 3); // before Helper.one()
      one.start();
      two.start();
      assertThat(gate.awaitHeldOrStopped(one, 10_000))
          .hasValueSatisfying(at -> assertThat(at).contains("line 6)"));
      assertThat(gate.awaitHeldOrStopped(two, 10_000))
          .hasValueSatisfying(at -> assertThat(at).contains("line 7)"));
      assertThat(gate.heldAt(one)).hasValueSatisfying(at -> assertThat(at).contains("line 6)"));
      gate.release(one);
      assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(42);
      assertThat(second).isNotDone();
      assertThat(gate.heldAt(two)).isPresent();
      gate.release();
      assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(42);
    }
  }

  @Test
  void aSecondThreadReachingTheMapAHeldThreadChangesIsAContention() throws Exception {
    try (CallGate gate = gate("gated.Registry").beforeUnsafeCollectionChanges()) {
      IntConsumer registry = gate.newSolution(IntConsumer.class);
      Thread first = Thread.ofPlatform().unstarted(() -> registry.accept(1));
      gate.holdAt(first, 1);
      first.start();
      assertThat(gate.awaitHeld(Duration.ofSeconds(10))).contains(first);
      assertThat(gate.contention()).isEmpty();
      Thread second = Thread.ofPlatform().start(() -> registry.accept(2));
      assertThat(Threads.awaitEndedOrStopped(second, 10_000)).isEqualTo(Threads.Seen.ENDED);
      assertThat(gate.contention())
          .hasValueSatisfying(
              contention -> {
                assertThat(contention.held()).isSameAs(first);
                assertThat(contention.other()).isSameAs(second);
                assertThat(contention.heldAt())
                    .isEqualTo("HashMap.put in Registry.accept (line 5)");
                assertThat(contention.otherAt()).isEqualTo(contention.heldAt());
              });
      gate.release();
      first.join(10_000);
      assertThat(first.isAlive()).isFalse();
      assertThat(gate.passed()).isEqualTo(2);
    }
  }

  @Test
  void aThreadKeptOutByTheHeldThreadsLockIsNoContention() throws Exception {
    try (CallGate gate = gate("gated.LockedRegistry").beforeUnsafeCollectionChanges()) {
      IntConsumer registry = gate.newSolution(IntConsumer.class);
      Thread first = Thread.ofPlatform().unstarted(() -> registry.accept(1));
      gate.holdAt(first, 1);
      first.start();
      assertThat(gate.awaitHeld(Duration.ofSeconds(10))).contains(first);
      assertThat(gate.heldAt()).hasValue("LockedRegistry.accept (line 6)");
      Thread second = Thread.ofPlatform().start(() -> registry.accept(2));
      assertThat(Threads.awaitEndedOrStopped(second, 10_000)).isEqualTo(Threads.Seen.WAITING);
      assertThat(second.getState()).isEqualTo(Thread.State.BLOCKED);
      assertThat(gate.contention()).isEmpty();
      gate.release();
      first.join(10_000);
      second.join(10_000);
      assertThat(gate.contention()).isEmpty();
      assertThat(gate.passed()).isEqualTo(2);
    }
  }

  @Test
  void concurrentCollectionsAndChangesInPlaceAreNotGated() throws Exception {
    try (CallGate gate = gate("gated.ConcurrentRegistry").beforeUnsafeCollectionChanges()) {
      IntConsumer registry = gate.newSolution(IntConsumer.class);
      registry.accept(1);
      assertThat(gate.passed()).isZero();
    }
  }
}

package dev.kata.puzzles.p10;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.kata.api.check.Futures;
import dev.kata.api.check.InFlightCounter;
import dev.kata.api.check.Invariant;
import dev.kata.api.check.PropertyChecks;
import dev.kata.api.check.PuzzleChecks;
import dev.kata.api.check.TimeScale;
import dev.kata.api.check.Timeline;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The checks of puzzle 10. Responsiveness is proven, not timed: a work item waits for a gate that
 * only a task on the responsive thread opens, so work running on that thread never sees it open.
 * Parallelism is proven with a barrier that only opens when two work items run at once.
 */
@PuzzleChecks
public class CpuOffloadChecks {

  private static final long WAIT_MILLIS = 2_000;

  /** A pure, CPU-bound function: enough arithmetic to be work, deterministic to compare. */
  static long crunch(int x) {
    long h = x;
    for (int i = 0; i < 20_000; i++) {
      h = h * 6364136223846793005L + 1442695040888963407L;
      h ^= h >>> 29;
    }
    return h;
  }

  @Test
  @Order(1)
  @DisplayName("the results equal the sequential computation, in input order")
  void resultsMatchSequential(Offload solution) {
    PropertyChecks.forAll(20, lists().of(integers().between(0, 100_000)).ofSizeBetween(0, 40), inputs -> {
      List<Long> expected = inputs.stream().map(CpuOffloadChecks::crunch).toList();
      List<Long> got = await(solution.computeAll(inputs, CpuOffloadChecks::crunch), "computeAll");
      Invariant.require(expected.equals(got), "results.get(i) is work(inputs.get(i)) (" + inputs.size() + " inputs)",
          expected, () -> got);
    });
  }

  @Test
  @Order(2)
  @DisplayName("the responsive thread stays free while the work runs")
  void responsiveThreadStaysFree(Offload solution) throws InterruptedException {
    ExecutorService ui = Executors.newSingleThreadExecutor(r -> new Thread(r, "responsive"));
    try {
      CountDownLatch ticked = new CountDownLatch(1);
      AtomicReference<String> workOnUi = new AtomicReference<>();
      Function<Integer, Long> work = x -> {
        if (Thread.currentThread().getName().equals("responsive")) {
          workOnUi.compareAndSet(null, "input " + x + " was computed on the responsive thread itself");
        }
        if (x == 0) {
          awaitQuietly(ticked); // in progress until the responsive thread has run another task
        }
        return crunch(x);
      };
      CompletableFuture<CompletableFuture<List<Long>>> call = new CompletableFuture<>();
      ui.execute(() -> {
        call.complete(solution.computeAll(List.of(0, 1, 2, 3, 4, 5, 6, 7), work));
        ui.execute(ticked::countDown); // the responsive thread's next task: a tick
      });
      boolean tickedInTime = ticked.await(TimeScale.millis(WAIT_MILLIS), TimeUnit.MILLISECONDS);
      if (workOnUi.get() != null) {
        throw Invariant.violated("no work runs on the responsive thread", "every input computed on a pool thread",
            workOnUi.get());
      }
      if (!tickedInTime) {
        throw Invariant.violated("the responsive thread runs its other tasks while the work is in progress",
            "a task queued on the responsive thread runs before the work finishes",
            "it did not run for " + TimeScale.millis(WAIT_MILLIS) + " ms: computeAll() kept the responsive thread"
                + " busy (did it wait for the work, with join() or get()?)");
      }
      await(awaitCall(call), "computeAll");
    } finally {
      ui.shutdownNow();
      ui.awaitTermination(TimeScale.millis(WAIT_MILLIS), TimeUnit.MILLISECONDS);
    }
  }

  @Test
  @Order(3)
  @DisplayName("the work runs on several cores at once")
  void workRunsInParallel(Offload solution) {
    int parties = Math.min(2, Runtime.getRuntime().availableProcessors());
    InFlightCounter inFlight = new InFlightCounter();
    Timeline timeline = new Timeline();
    CyclicBarrier together = new CyclicBarrier(parties);
    AtomicInteger arrivals = new AtomicInteger();
    List<Integer> inputs = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      inputs.add(i);
    }
    await(solution.computeAll(inputs, x -> {
      Timeline.Span span = timeline.start("input " + x);
      inFlight.enter();
      try {
        // The first items to start, whichever they are (a solution may split the inputs into
        // chunks), meet here: the barrier opens only when `parties` of them run at the same time.
        if (arrivals.getAndIncrement() < parties) {
          meet(together);
        }
        return crunch(x);
      } finally {
        inFlight.exit();
        span.end();
      }
    }), "computeAll");
    if (inFlight.max() < parties) {
      throw Invariant.violated("CPU work is spread over the cores (" + Runtime.getRuntime().availableProcessors()
          + " here)", "at least " + parties + " inputs computed at once", "at most " + inFlight.max() + " at once",
          timeline.render());
    }
  }

  @Test
  @Order(4)
  @DisplayName("the work of two calls can run at the same time")
  void twoCallsOverlap(Offload solution) {
    CyclicBarrier both = new CyclicBarrier(2);
    InFlightCounter inFlight = new InFlightCounter();
    Timeline timeline = new Timeline();
    Function<String, Long> work = name -> {
      Timeline.Span span = timeline.start(name);
      inFlight.enter();
      try {
        meet(both); // opens only when one item of each call runs at once
        return crunch(name.length());
      } finally {
        inFlight.exit();
        span.end();
      }
    };
    CompletableFuture<List<Long>> first = solution.computeAll(List.of("call 1"), work);
    CompletableFuture<List<Long>> second = solution.computeAll(List.of("call 2"), work);
    await(first, "the first computeAll");
    await(second, "the second computeAll");
    if (inFlight.max() < 2) {
      throw Invariant.violated("two calls' work can overlap", "the work of both calls in flight together",
          "one ran after the other: something serializes the calls (a lock held around the work?)", timeline.render());
    }
  }

  private static void meet(CyclicBarrier barrier) {
    try {
      barrier.await(TimeScale.millis(WAIT_MILLIS), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | BrokenBarrierException e) {
      // the others never came: the counter shows it
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(TimeScale.millis(WAIT_MILLIS), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static CompletableFuture<List<Long>> awaitCall(CompletableFuture<CompletableFuture<List<Long>>> call) {
    try {
      return call.get(TimeScale.millis(WAIT_MILLIS * 2), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw Invariant.violated("computeAll() returns at once", "a future", "it had not returned after "
          + TimeScale.millis(WAIT_MILLIS * 2) + " ms");
    } catch (ExecutionException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static <R> List<R> await(CompletableFuture<List<R>> future, String what) {
    return Futures.awaitSuccess(future, WAIT_MILLIS * 3, "the future of " + what + " completes when the work is done",
        () -> "");
  }
}

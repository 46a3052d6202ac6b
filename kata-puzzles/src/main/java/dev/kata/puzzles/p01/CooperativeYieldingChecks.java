package dev.kata.puzzles.p01;

import static org.quicktheories.generators.SourceDSL.integers;

import dev.kata.api.check.Futures;
import dev.kata.api.check.Invariant;
import dev.kata.api.check.PropertyChecks;
import dev.kata.api.check.PuzzleChecks;
import dev.kata.api.check.TimeScale;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** The checks of puzzle 01. Every wait is bounded; a correct solution never reaches a timeout. */
@PuzzleChecks
public class CooperativeYieldingChecks {

  private static final long WAIT_MILLIS = 3_000;

  @Test
  @Order(1)
  @DisplayName("every item runs exactly once, in order, on the loop thread")
  void everyItemOnceInOrderOnTheLoop(ChunkedWork solution) {
    PropertyChecks.forAll(40, integers().between(0, 300), integers().between(1, 40), (count, chunk) -> {
      try (EventLoop loop = new EventLoop()) {
        CompletableFuture<Void> done = solution.process(loop.executor, count, chunk, loop::item);
        awaitSuccess(done, loop, count);
        List<EventLoop.Step> steps = loop.steps();
        for (EventLoop.Step step : steps) {
          if (!step.onLoop()) {
            throw Invariant.violated("all work runs on the event loop's thread",
                "item " + step.item() + " on thread \"event-loop\"",
                "item " + step.item() + " ran on thread \"" + step.thread() + "\"");
          }
        }
        List<Integer> items = steps.stream().map(EventLoop.Step::item).toList();
        for (int i = 0; i < Math.max(count, items.size()); i++) {
          if (i >= items.size() || i >= count || items.get(i) != i) {
            throw Invariant.violated("each item runs once, in order (count=" + count + ", chunkSize=" + chunk + ")",
                count == 0 ? "no items" : count + (count == 1 ? " item: 0" : " items: 0 to " + (count - 1)),
                items.size() + " items, first difference at position " + i + ": " + preview(items));
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    });
  }

  @Test
  @Order(2)
  @DisplayName("a task queued on the loop during the job runs before the job ends, within two chunks")
  void queuedTaskRunsWhileTheJobIsInProgress(ChunkedWork solution) {
    PropertyChecks.forAll(40, integers().between(1, 20), integers().between(0, 50), integers().between(0, 40),
        (chunk, tickAt, extra) -> {
          int count = tickAt + 2 * chunk + 1 + extra;
          try (EventLoop loop = new EventLoop()) {
            CompletableFuture<Void> done = solution.process(loop.executor, count, chunk, i -> {
              loop.item(i);
              if (i == tickAt) {
                loop.executor.execute(loop::tick); // the "ticker": another task wanting the loop
              }
            });
            awaitSuccess(done, loop, count);
            List<EventLoop.Step> steps = loop.steps();
            int tickIndex = -1;
            for (int s = 0; s < steps.size(); s++) {
              if (steps.get(s).item() == EventLoop.Step.TICK) {
                tickIndex = s;
              }
            }
            int itemsBetween = 0;
            for (int s = 0; s < (tickIndex < 0 ? steps.size() : tickIndex); s++) {
              if (steps.get(s).item() > tickAt) {
                itemsBetween++;
              }
            }
            if (tickIndex < 0 || itemsBetween > 2 * chunk - 1) {
              throw Invariant.violated(
                  "the loop stays responsive: a task queued during the job runs before the job ends",
                  "the task queued at item " + tickAt + " runs within two chunks (at most " + (2 * chunk - 1)
                      + " more item" + (2 * chunk - 1 == 1 ? "" : "s") + ", chunkSize=" + chunk + ", count=" + count + ")",
                  tickIndex < 0 ? "it never ran"
                      : itemsBetween + " more item" + (itemsBetween == 1 ? "" : "s") + " ran first" + (itemsBetween == count - tickAt - 1
                          ? ": it waited for the whole job, so the loop was frozen" : ""),
                  "order on the loop: " + describe(steps));
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
          }
        });
  }

  @Test
  @Order(3)
  @DisplayName("a failing item fails the future with its exception, and no later item runs")
  void failureStopsTheJobAndFailsTheFuture(ChunkedWork solution) throws InterruptedException {
    int count = 100;
    int failAt = 37;
    RuntimeException boom = new IllegalStateException("item " + failAt + " failed");
    try (EventLoop loop = new EventLoop()) {
      CompletableFuture<Void> done = solution.process(loop.executor, count, 10, i -> {
        loop.item(i);
        if (i == failAt) {
          throw boom;
        }
      });
      try {
        done.get(TimeScale.millis(WAIT_MILLIS), TimeUnit.MILLISECONDS);
        throw Invariant.violated("an exception in the work fails the returned future",
            "the future completes exceptionally with \"" + boom.getMessage() + "\"", "it completed normally");
      } catch (TimeoutException e) {
        throw Invariant.violated("an exception in the work fails the returned future",
            "the future completes exceptionally with \"" + boom.getMessage() + "\"",
            "it was still incomplete after " + TimeScale.millis(WAIT_MILLIS) + " ms: the exception escaped the loop"
                + " task and the executor swallowed it; catch it and call completeExceptionally");
      } catch (ExecutionException e) {
        if (!Futures.causedBy(e, boom)) {
          throw Invariant.violated("the future fails with the exception the work threw",
              "\"" + boom.getMessage() + "\"", String.valueOf(e.getCause()));
        }
      }
      loop.drain();
      List<Integer> late = loop.steps().stream().map(EventLoop.Step::item).filter(i -> i > failAt).toList();
      if (!late.isEmpty()) {
        throw Invariant.violated("no item runs after the one that failed",
            "items 0 to " + failAt + " only", "items after it ran too: " + preview(late));
      }
    }
  }

  @Test
  @Order(4)
  @DisplayName("process() returns at once, without waiting for the job")
  void processReturnsAtOnce(ChunkedWork solution) throws InterruptedException {
    try (EventLoop loop = new EventLoop()) {
      CountDownLatch gate = new CountDownLatch(1);
      loop.executor.execute(() -> {
        try {
          gate.await(); // hold the loop busy until process() has returned
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      AtomicReference<CompletableFuture<Void>> returned = new AtomicReference<>();
      CountDownLatch returnedLatch = new CountDownLatch(1);
      Thread caller = Thread.ofPlatform().name("caller").start(() -> {
        returned.set(solution.process(loop.executor, 50, 5, loop::item));
        returnedLatch.countDown();
      });
      boolean promptly = returnedLatch.await(TimeScale.millis(2_000), TimeUnit.MILLISECONDS);
      gate.countDown();
      caller.join(TimeScale.millis(WAIT_MILLIS));
      if (!promptly) {
        throw Invariant.violated("process() returns the future at once; the job runs later on the loop",
            "process() returned while the loop was busy", "it blocked its caller until the loop was free");
      }
      List<EventLoop.Step> early = loop.steps();
      if (!early.isEmpty() && !early.get(0).onLoop()) {
        throw Invariant.violated("no item runs on the caller's thread", "items on \"event-loop\"",
            "item " + early.get(0).item() + " ran on \"" + early.get(0).thread() + "\"");
      }
      awaitSuccess(returned.get(), loop, 50);
    }
  }

  private static void awaitSuccess(CompletableFuture<Void> done, EventLoop loop, int count) {
    Futures.awaitSuccess(done, WAIT_MILLIS, "the returned future completes after the last item",
        () -> ", with " + loop.steps().size() + " of " + count + " items run");
  }

  private static String preview(List<Integer> items) {
    return items.size() <= 20 ? items.toString()
        : items.subList(0, 20).toString().replace("]", ", ... (" + items.size() + " in all)]");
  }

  private static String describe(List<EventLoop.Step> steps) {
    var out = new StringBuilder();
    int shown = 0;
    for (EventLoop.Step step : steps) {
      if (shown++ == 60) {
        out.append(" ...");
        break;
      }
      out.append(step.item() == EventLoop.Step.TICK ? " TICK" : " " + step.item());
    }
    return steps.isEmpty() ? "(nothing ran)" : out.toString().trim();
  }
}

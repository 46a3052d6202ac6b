package dev.kata.puzzles.p01;

import static org.quicktheories.generators.SourceDSL.integers;

import dev.kata.api.check.Futures;
import dev.kata.api.check.Invariant;
import dev.kata.api.check.PropertyChecks;
import dev.kata.api.check.PuzzleChecks;
import dev.kata.api.check.Threads;
import dev.kata.api.check.TimeScale;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The checks of puzzle 01. Every wait is bounded; a correct solution never reaches a timeout. The
 * loop is the checks' own {@link EventLoop}: it numbers every loop task, so the size of each chunk
 * is seen directly, and it knows when nothing of the solution is queued any more, so a future that
 * can never complete is reported at once instead of after a timeout.
 *
 * <p>Contract audit: each sentence of {@link ChunkedWork#process} and of the starter's GOAL, and
 * the check that fails when it is violated.
 *
 * <table>
 *   <caption>contract sentence → check</caption>
 *   <tr><td>call work.accept(i) for every i from 0 to count - 1, in order</td>
 *       <td>{@link #everyItemOnceInOrderOnTheLoop}: the exact sequence, first difference shown</td></tr>
 *   <tr><td>on the loop's thread</td><td>{@link #everyItemOnceInOrderOnTheLoop},
 *       {@link #processReturnsAtOnce}</td></tr>
 *   <tr><td>at most chunkSize items per loop task</td><td>{@link #everyItemOnceInOrderOnTheLoop}:
 *       items are grouped by the loop task that ran them</td></tr>
 *   <tr><td>tasks queued on the loop meanwhile run between chunks</td>
 *       <td>{@link #queuedTaskRunsWhileTheJobIsInProgress}</td></tr>
 *   <tr><td>return at once, before any item runs: the caller is not the loop</td>
 *       <td>{@link #processReturnsAtOnce} (the loop is held busy; process() must still return)</td></tr>
 *   <tr><td>a future that completes normally after the last item</td>
 *       <td>{@link #everyItemOnceInOrderOnTheLoop}: the items run are counted at the moment the
 *       future completes (a callback registered before any item can run)</td></tr>
 *   <tr><td>or exceptionally with the exception work threw (any kind: RuntimeException or Error)</td>
 *       <td>{@link #failureStopsTheJobAndFailsTheFuture}: generated item and kind</td></tr>
 *   <tr><td>a failing item fails the future, not the loop: no exception escapes a loop task</td>
 *       <td>{@link #failureStopsTheJobAndFailsTheFuture}: the checks' loop sees what its tasks
 *       throw</td></tr>
 *   <tr><td>after which no further item runs</td><td>{@link #failureStopsTheJobAndFailsTheFuture}:
 *       the loop is drained, then no later item may have run</td></tr>
 *   <tr><td>count 0 or more; chunkSize 1 or more</td><td>generated in every property</td></tr>
 *   <tr><td>the worker may run several jobs at once</td><td>{@link #twoJobsOnOneWorkerKeepApart}</td></tr>
 * </table>
 */
// "try": EventLoop.close() may throw InterruptedException, which must fail the check, not be lost.
@SuppressWarnings("try")
@PuzzleChecks
public class CooperativeYieldingChecks {

  private static final long WAIT_MILLIS = 3_000;

  /** An Error of the checks' own, so no solution can confuse it with one of its own failures. */
  static final class WorkError extends Error {
    private static final long serialVersionUID = 1L;

    WorkError(String message) {
      super(message);
    }
  }

  @Test
  @Order(1)
  @DisplayName(
      "every item runs exactly once, in order, on the loop thread, at most chunkSize per loop task,"
          + " and the future completes after the last one")
  void everyItemOnceInOrderOnTheLoop(ChunkedWork solution) {
    PropertyChecks.forAll(
        25,
        integers().between(0, 300),
        integers().between(1, 40),
        (count, chunk) -> {
          try (EventLoop loop = new EventLoop()) {
            Job job = Job.start(solution, loop, count, chunk, loop::item);
            job.awaitSuccess();
            List<EventLoop.Step> steps = loop.steps();
            requireOnLoop(steps);
            requireInOrder(
                steps.stream().map(EventLoop.Step::item).toList(),
                count,
                "each item runs once, in order (count=" + count + ", chunkSize=" + chunk + ")");
            requireChunkSize(steps, chunk);
            job.requireCompletedAfterLastItem(count);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
          }
        });
  }

  @Test
  @Order(2)
  @DisplayName(
      "a task queued on the loop during the job runs before the job ends, within two chunks")
  void queuedTaskRunsWhileTheJobIsInProgress(ChunkedWork solution) {
    PropertyChecks.forAll(
        25,
        integers().between(1, 20),
        integers().between(0, 50),
        integers().between(0, 40),
        (chunk, tickAt, extra) -> {
          int count = tickAt + 2 * chunk + 1 + extra;
          try (EventLoop loop = new EventLoop()) {
            Job job =
                Job.start(
                    solution,
                    loop,
                    count,
                    chunk,
                    i -> {
                      loop.item(i);
                      if (i == tickAt) {
                        loop.executor.execute(
                            loop::tick); // the "ticker": another task wanting the loop
                      }
                    });
            job.awaitSuccess();
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
                  "the loop stays responsive: a task queued during the job runs before the job"
                      + " ends",
                  "the task queued at item "
                      + tickAt
                      + " runs within two chunks (at most "
                      + (2 * chunk - 1)
                      + " more item"
                      + (2 * chunk - 1 == 1 ? "" : "s")
                      + ", chunkSize="
                      + chunk
                      + ", count="
                      + count
                      + ")",
                  tickIndex < 0
                      ? "it never ran"
                      : itemsBetween
                          + " more item"
                          + (itemsBetween == 1 ? "" : "s")
                          + " ran first"
                          + (itemsBetween == count - tickAt - 1
                              ? ": it waited for the whole job, so the loop was frozen"
                              : ""),
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
  @DisplayName(
      "a failing item, RuntimeException or Error, fails the future with its exception, and no later"
          + " item runs")
  void failureStopsTheJobAndFailsTheFuture(ChunkedWork solution) {
    PropertyChecks.forAll(
        20,
        integers().between(1, 120),
        integers().between(1, 15),
        integers().all(),
        (count, chunk, seed) -> {
          Random random = new Random(seed);
          int failAt = random.nextInt(count);
          boolean error = random.nextBoolean();
          Throwable boom =
              error
                  ? new WorkError("item " + failAt + " failed with an Error")
                  : new IllegalStateException("item " + failAt + " failed");
          String kind = error ? "Error" : "RuntimeException";
          try (EventLoop loop = new EventLoop()) {
            Job job =
                Job.start(
                    solution,
                    loop,
                    count,
                    chunk,
                    i -> {
                      loop.item(i);
                      if (i == failAt) {
                        throwUnchecked(boom);
                      }
                    });
            String invariant =
                "an exception in the work fails the returned future (item "
                    + failAt
                    + " of "
                    + count
                    + " throws "
                    + (error ? "an Error" : "a RuntimeException")
                    + ", chunkSize="
                    + chunk
                    + ")";
            if (!loop.awaitDone(job.future, WAIT_MILLIS)) {
              throw Invariant.violated(
                  invariant,
                  "the future completes exceptionally with \"" + boom.getMessage() + "\"",
                  "it never completed: the loop is idle and nothing of the job is queued. The "
                      + kind
                      + " escaped the loop task and the executor swallowed it (does the catch cover"
                      + " "
                      + (error ? "Error, not only Exception" : "it")
                      + "?)");
            }
            try {
              job.future.get(0, TimeUnit.MILLISECONDS);
              throw Invariant.violated(
                  invariant,
                  "the future completes exceptionally with \"" + boom.getMessage() + "\"",
                  "it completed normally: the failure was swallowed");
            } catch (ExecutionException e) {
              if (e.getCause() != boom) { // the very exception, not a wrapper of it
                throw Invariant.violated(
                    "the future fails with the exception the work threw",
                    "\"" + boom.getMessage() + "\" itself",
                    String.valueOf(e.getCause())
                        + (Futures.causedBy(e.getCause(), boom)
                            ? ": a wrapper around the work's exception"
                            : ""));
              }
            } catch (java.util.concurrent.TimeoutException e) {
              throw new AssertionError("a done future timed out", e);
            }
            loop.drain();
            if (loop.escaped() != null) {
              throw Invariant.violated(
                  "a failing item fails the future, not the loop (item " + failAt + ")",
                  "no exception escapes a loop task",
                  "a loop task threw "
                      + loop.escaped()
                      + " out into the loop: an event loop's thread ends on it (an executor"
                      + " starts a new one), and the tasks of every other job depend on that"
                      + " thread. Complete the future exceptionally and return");
            }
            List<Integer> late =
                loop.steps().stream().map(EventLoop.Step::item).filter(i -> i > failAt).toList();
            if (!late.isEmpty()) {
              throw Invariant.violated(
                  "no item runs after the one that failed (item "
                      + failAt
                      + ", chunkSize="
                      + chunk
                      + ")",
                  "items 0 to " + failAt + " only",
                  "items after it ran too: " + preview(late, 0));
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
          }
        });
  }

  @Test
  @Order(4)
  @DisplayName("process() returns at once, without waiting for the job")
  void processReturnsAtOnce(ChunkedWork solution) throws InterruptedException {
    try (EventLoop loop = new EventLoop()) {
      CountDownLatch gate = loop.hold(); // hold the loop busy until process() has returned
      AtomicReference<CompletableFuture<Void>> returned = new AtomicReference<>();
      CountDownLatch returnedLatch = new CountDownLatch(1);
      Thread caller =
          Thread.ofPlatform()
              .name("caller")
              .start(
                  () -> {
                    returned.set(solution.process(loop.executor, 50, 5, loop::item));
                    returnedLatch.countDown();
                  });
      boolean promptly = returnedLatch.await(TimeScale.millis(2_000), TimeUnit.MILLISECONDS);
      gate.countDown();
      caller.join(TimeScale.millis(WAIT_MILLIS));
      if (!promptly) {
        throw Invariant.violated(
            "process() returns the future at once; the job runs later on the loop",
            "process() returned while the loop was busy",
            "it blocked its caller until the loop was free");
      }
      List<EventLoop.Step> early = loop.steps();
      if (!early.isEmpty() && !early.get(0).onLoop()) {
        throw Invariant.violated(
            "no item runs on the caller's thread",
            "items on \"event-loop\"",
            "item " + early.get(0).item() + " ran on \"" + early.get(0).thread() + "\"");
      }
      Futures.awaitSuccess(
          returned.get(),
          WAIT_MILLIS,
          "the returned future completes after the last item",
          () -> ", with " + loop.stepCount() + " of 50 items run");
    }
  }

  @Test
  @Order(5)
  @DisplayName(
      "two jobs in progress at once on one worker keep apart: each runs its own items, in order,"
          + " and completes")
  void twoJobsOnOneWorkerKeepApart(ChunkedWork solution) {
    PropertyChecks.forAll(
        10,
        integers().between(1, 60),
        integers().between(1, 60),
        integers().between(1, 7),
        (countA, countB, chunk) -> {
          try (EventLoop loop = new EventLoop()) {
            List<Integer> seenA =
                java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            List<Integer> seenB =
                java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            // Both jobs are started while the loop is held, so their chunks interleave on it.
            CountDownLatch gate = loop.hold();
            CompletableFuture<Void> a;
            CompletableFuture<Void> b;
            try {
              a = callWhileHeld(solution, loop, countA, chunk, seenA::add);
              b = callWhileHeld(solution, loop, countB, chunk + 1, seenB::add);
            } finally {
              gate.countDown();
            }
            String invariant =
                "each job keeps its own progress: two jobs on one worker ("
                    + countA
                    + " items, chunkSize "
                    + chunk
                    + " and "
                    + countB
                    + " items, chunkSize "
                    + (chunk + 1)
                    + ") run at once";
            for (var job :
                List.of(
                    new Object[] {"the first", a, seenA, countA},
                    new Object[] {"the second", b, seenB, countB})) {
              @SuppressWarnings("unchecked")
              CompletableFuture<Void> future = (CompletableFuture<Void>) job[1];
              if (!loop.awaitDone(future, WAIT_MILLIS)) {
                throw Invariant.violated(
                    invariant,
                    job[0] + " job's future completes",
                    "it never completed ("
                        + ((List<?>) job[2]).size()
                        + " of "
                        + job[3]
                        + " of its items ran): the jobs share state, such as fields of the worker,"
                        + " and one overwrote the other's");
              }
            }
            loop.drain();
            requireInOrder(List.copyOf(seenA), countA, invariant + ": the first job's items");
            requireInOrder(List.copyOf(seenB), countB, invariant + ": the second job's items");
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
          }
        });
  }

  /** One call of process() whose items counted at the moment its future completes. */
  private static final class Job {
    final CompletableFuture<Void> future;
    final EventLoop loop;
    final AtomicInteger itemsAtCompletion = new AtomicInteger(-1);

    private Job(CompletableFuture<Void> future, EventLoop loop) {
      this.future = future;
      this.loop = loop;
    }

    /**
     * Call process() while the loop is held busy and register, before any item can run, a callback
     * that counts the items run when the future completes: what its completion really promised.
     */
    static Job start(ChunkedWork solution, EventLoop loop, int count, int chunk, IntConsumer work) {
      CountDownLatch gate = loop.hold();
      try {
        CompletableFuture<Void> future = callWhileHeld(solution, loop, count, chunk, work);
        Job job = new Job(future, loop);
        var _ = future.whenComplete((v, e) -> job.itemsAtCompletion.set(loop.stepCount()));
        return job;
      } finally {
        gate.countDown();
      }
    }

    void awaitSuccess() throws InterruptedException {
      if (!loop.awaitDone(future, WAIT_MILLIS)) {
        throw Invariant.violated(
            "the returned future completes after the last item",
            "completed",
            "it never completed: the loop is idle and nothing of the job is queued, with "
                + loop.stepCount()
                + " items run");
      }
      Futures.awaitSuccess(
          future, WAIT_MILLIS, "the returned future completes after the last item", () -> "");
    }

    void requireCompletedAfterLastItem(int count) {
      int atCompletion = itemsAtCompletion.get();
      if (atCompletion >= 0 && atCompletion < count) {
        throw Invariant.violated(
            "the future completes after the last item has run, not before",
            "all " + count + " items run when the future completes",
            "it completed when "
                + atCompletion
                + " of "
                + count
                + " items had run: complete() was called before"
                + " the last chunk's items ran, so whoever waits on the future goes on too early");
      }
    }
  }

  /**
   * Call process() on a thread of its own while the loop is held busy: it must return at once. A
   * solution that waits for the job would wait for the held loop, so it is reported at once.
   */
  private static CompletableFuture<Void> callWhileHeld(
      ChunkedWork solution, EventLoop loop, int count, int chunk, IntConsumer work) {
    CompletableFuture<CompletableFuture<Void>> call = new CompletableFuture<>();
    Thread caller =
        Thread.ofPlatform()
            .name("caller")
            .daemon(true)
            .start(
                () -> {
                  try {
                    call.complete(solution.process(loop.executor, count, chunk, work));
                  } catch (Throwable t) {
                    call.completeExceptionally(t);
                  }
                });
    // The loop is held, so a process() that waits for the job waits now: seen waiting, it is named
    // at once. One that returns ends its thread.
    Threads.Seen seen = awaitParked(caller, 2_000, () -> !call.isDone());
    if (!call.isDone() && seen != Threads.Seen.ENDED) {
      try {
        call.get(TimeScale.millis(50), TimeUnit.MILLISECONDS); // it may have just returned
      } catch (java.util.concurrent.TimeoutException
          | ExecutionException
          | InterruptedException e) {
        // named below
      }
    }
    if (!call.isDone()) {
      throw Invariant.violated(
          "process() returns the future at once; the job runs later on the loop",
          "process() returns while the loop is busy with another task",
          seen == Threads.Seen.WAITING
              ? "it blocked its caller (thread state "
                  + caller.getState()
                  + ") waiting for the"
                  + " busy loop: it waits for the job instead of returning the future"
              : "it had not returned after " + TimeScale.millis(2_000) + " ms");
    }
    CompletableFuture<Void> future;
    try {
      future = call.get();
    } catch (ExecutionException e) {
      throwUnchecked(e.getCause());
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    if (future == null) {
      throw Invariant.violated("process() returns a future", "a future", "null");
    }
    return future;
  }

  /**
   * Like {@link Threads#awaitWaiting}, but a thread waiting with no blocker (not parked on a
   * future, latch or queue; possibly waiting for the JVM, such as a class another thread
   * initialises in a cold JVM under load) must be seen so for far longer before it counts as
   * waiting.
   */
  static Threads.Seen awaitParked(
      Thread thread, long baseMillis, java.util.function.BooleanSupplier alsoHolds) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(baseMillis));
    int score = 0;
    while (true) {
      if (thread.getState() == Thread.State.TERMINATED) {
        return Threads.Seen.ENDED;
      }
      boolean waiting = alsoHolds.getAsBoolean() && Threads.isWaiting(thread);
      score =
          waiting
              ? score + (java.util.concurrent.locks.LockSupport.getBlocker(thread) != null ? 2 : 1)
              : 0;
      if (score >= 60) { // thirty polls parked on a blocker, or sixty without one
        return Threads.Seen.WAITING;
      }
      if (System.nanoTime() > deadline) {
        return Threads.Seen.NEVER_WAITED;
      }
      try {
        thread.join(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Threads.Seen.WAITING;
      }
    }
  }

  private static void requireOnLoop(List<EventLoop.Step> steps) {
    for (EventLoop.Step step : steps) {
      if (!step.onLoop()) {
        throw Invariant.violated(
            "all work runs on the event loop's thread",
            "item " + step.item() + " on thread \"event-loop\"",
            "item " + step.item() + " ran on thread \"" + step.thread() + "\"");
      }
    }
  }

  private static void requireInOrder(List<Integer> items, int count, String invariant) {
    for (int i = 0; i < Math.max(count, items.size()); i++) {
      if (i >= items.size() || i >= count || items.get(i) != i) {
        String at =
            i >= items.size()
                ? "item " + i + " never ran"
                : i >= count
                    ? "item " + items.get(i) + " ran after the last one"
                    : "item " + items.get(i) + " ran where item " + i + " should have";
        throw Invariant.violated(
            invariant,
            count == 0
                ? "no items"
                : count + (count == 1 ? " item: 0" : " items: 0 to " + (count - 1)),
            items.size()
                + " items; first difference at position "
                + i
                + ": "
                + at
                + "; around it: "
                + preview(items, i));
      }
    }
  }

  private static void requireChunkSize(List<EventLoop.Step> steps, int chunk) {
    int task = -1;
    int from = 0;
    int run = 0;
    for (EventLoop.Step step : steps) {
      if (step.task() != task) {
        task = step.task();
        from = step.item();
        run = 0;
      }
      if (++run > chunk) {
        int ran = (int) steps.stream().filter(s -> s.task() == step.task()).count();
        throw Invariant.violated(
            "a loop task runs at most chunkSize items (chunkSize=" + chunk + ")",
            "at most "
                + chunk
                + " item"
                + (chunk == 1 ? "" : "s")
                + " per loop task, then the rest is queued",
            "one loop task ran "
                + ran
                + " items, from item "
                + from
                + ": while it ran, nothing else queued on the loop could run");
      }
    }
  }

  private static void throwUnchecked(Throwable t) {
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new IllegalStateException(t);
  }

  /**
   * Up to 20 items around {@code position}, with their positions marked when not from the start.
   */
  private static String preview(List<Integer> items, int position) {
    int from = Math.max(0, Math.min(position - 5, items.size() - 20));
    int to = Math.min(items.size(), from + 20);
    String shown = items.subList(Math.max(0, from), to).toString();
    return (from > 0 ? "[... " + shown.substring(1) : shown)
            .replaceFirst("]$", to < items.size() ? ", ...]" : "]")
        + (items.size() > 20 ? " (" + items.size() + " in all, from position " + from + ")" : "");
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

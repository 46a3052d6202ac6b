package dev.kata.puzzles.p10;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.kata.api.check.Futures;
import dev.kata.api.check.InFlightCounter;
import dev.kata.api.check.Invariant;
import dev.kata.api.check.PropertyChecks;
import dev.kata.api.check.PuzzleChecks;
import dev.kata.api.check.Threads;
import dev.kata.api.check.TimeScale;
import dev.kata.api.check.Timeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The checks of puzzle 10. Responsiveness is proven, not timed: a work item waits for a gate that
 * only a task on the responsive thread opens, so work running on that thread never sees it open.
 * Parallelism is proven with a barrier that only opens when two work items run at once.
 *
 * <p>Contract audit: each sentence of {@link Offload#computeAll} and of the starter's GOAL, and the
 * check that fails when it is violated.
 *
 * <table>
 *   <caption>contract sentence → check</caption>
 *   <tr><td>start computing work.apply(x) for every input; a future completed with the results in
 *       input order; inputs may be empty</td><td>{@link #resultsMatchSequential}</td></tr>
 *   <tr><td>return at once; this method must not wait for the work</td>
 *       <td>{@link #responsiveThreadStaysFree} (an input is held until the responsive thread runs
 *       its next task)</td></tr>
 *   <tr><td>no input may be computed on the responsive thread</td><td>{@link #responsiveThreadStaysFree}</td></tr>
 *   <tr><td>on a pool that uses the machine's cores, several at a time</td><td>{@link #workRunsInParallel}</td></tr>
 *   <tr><td>a pool sized to the cores (GOAL: one thread per core; more threads than cores only
 *       adds switching)</td><td>{@link #noMoreThreadsThanCores} (inputs held by the check fill the
 *       pool: at most one per core and one to spare at once, where a thread per input takes them all)</td></tr>
 *   <tr><td>separate calls' work can overlap too</td><td>{@link #twoCallsOverlap}</td></tr>
 *   <tr><td>shut down any pool you created: nothing may outlive the work</td>
 *       <td>{@link #resultsMatchSequential} and {@link #failureFailsTheFutureAndThePoolIsShutDown}: every
 *       thread that ran work (the shared common pool's aside) ends soon after the future completes,
 *       on success and on failure; the runner's thread-leak guard</td></tr>
 *   <tr><td>if work throws (RuntimeException or Error), the future completes exceptionally with it as
 *       the cause</td><td>{@link #failureFailsTheFutureAndThePoolIsShutDown}: generated position and kind</td></tr>
 *   <tr><td>a ForkJoinPool's copy of the exception (same class, the original as its cause, the
 *       joining thread's stack) counts as it; a wrapper of your own does not</td>
 *       <td>{@link #failureFailsTheFutureAndThePoolIsShutDown}: a cause of the same class with the
 *       original as its cause passes only with no message of its own (the copy's is null or the
 *       original's toString())</td></tr>
 * </table>
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
    PropertyChecks.forAll(
        15,
        lists().of(integers().between(0, 100_000)).ofSizeBetween(0, 40),
        inputs -> {
          List<Long> expected = inputs.stream().map(CpuOffloadChecks::crunch).toList();
          Set<Thread> workers = ConcurrentHashMap.newKeySet();
          List<Long> got =
              await(
                  solution.computeAll(
                      inputs,
                      x -> {
                        workers.add(Thread.currentThread());
                        return crunch(x);
                      }),
                  "computeAll");
          requireSameList(
              "results.get(i) is work(inputs.get(i)) (" + inputs.size() + " inputs)",
              expected,
              got);
          requireWorkersEnd(workers, "completed normally");
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
      Function<Integer, Long> work =
          x -> {
            if (Thread.currentThread().getName().equals("responsive")) {
              workOnUi.compareAndSet(
                  null, "input " + x + " was computed on the responsive thread itself");
            }
            if (x == 0) {
              awaitQuietly(ticked); // in progress until the responsive thread has run another task
            }
            return crunch(x);
          };
      CompletableFuture<CompletableFuture<List<Long>>> call = new CompletableFuture<>();
      ui.execute(
          () -> {
            call.complete(solution.computeAll(List.of(0, 1, 2, 3, 4, 5, 6, 7), work));
            ui.execute(ticked::countDown); // the responsive thread's next task: a tick
          });
      boolean tickedInTime = ticked.await(TimeScale.millis(WAIT_MILLIS), TimeUnit.MILLISECONDS);
      if (workOnUi.get() != null) {
        throw Invariant.violated(
            "no work runs on the responsive thread",
            "every input computed on a pool thread",
            workOnUi.get());
      }
      if (!tickedInTime) {
        throw Invariant.violated(
            "the responsive thread runs its other tasks while the work is in progress",
            "a task queued on the responsive thread runs before the work finishes",
            "it did not run for "
                + TimeScale.millis(WAIT_MILLIS)
                + " ms: computeAll() kept the responsive thread"
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
    await(
        solution.computeAll(
            inputs,
            x -> {
              Timeline.Span span = timeline.start("input " + x);
              inFlight.enter();
              try {
                // The first items to start, whichever they are (a solution may split the inputs
                // into
                // chunks), meet here: the barrier opens only when `parties` of them run at the same
                // time.
                if (arrivals.getAndIncrement() < parties) {
                  meet(together);
                }
                return crunch(x);
              } finally {
                inFlight.exit();
                span.end();
              }
            }),
        "computeAll");
    if (inFlight.max() < parties) {
      throw Invariant.violated(
          "CPU work is spread over the cores ("
              + Runtime.getRuntime().availableProcessors()
              + " here)",
          "at least " + parties + " inputs computed at once",
          "at most " + inFlight.max() + " at once",
          timeline.render());
    }
  }

  @Test
  @Order(4)
  @DisplayName("the work of two calls can run at the same time")
  void twoCallsOverlap(Offload solution) {
    CyclicBarrier both = new CyclicBarrier(2);
    AtomicReference<String> blockedMeanwhile = new AtomicReference<>();
    InFlightCounter inFlight = new InFlightCounter();
    Timeline timeline = new Timeline();
    Function<String, Long> work =
        name -> {
          Timeline.Span span = timeline.start(name);
          inFlight.enter();
          try {
            if (!meet(both)) { // opens only when one item of each call runs at once
              blockedMeanwhile.compareAndSet(null, blockedThreads());
            }
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
      throw Invariant.violated(
          "two calls' work can overlap",
          "the work of both calls in flight together",
          "one ran after the other: the second call's work started only after the first call's had"
              + " finished"
              + (blockedMeanwhile.get() == null ? "" : "; meanwhile " + blockedMeanwhile.get()),
          timeline.render());
    }
  }

  @Test
  @Order(6)
  @DisplayName(
      "no more inputs compute at once than the cores can run: a pool sized to the cores, not a"
          + " thread per input")
  void noMoreThreadsThanCores(Offload solution) throws InterruptedException {
    int cores = Runtime.getRuntime().availableProcessors();
    int most = mostAtOnce(cores);
    int count = 2 * most + 2;
    List<Integer> inputs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      inputs.add(i);
    }
    // Every input waits for the check here, so a pool's threads fill up and stay taken: a pool
    // sized to the cores holds `cores` inputs and queues the rest, while a thread per input (a
    // cached pool, a new platform or virtual thread each) takes them all at once.
    Thread check = Thread.currentThread();
    CountDownLatch go = new CountDownLatch(1);
    InFlightCounter inFlight = new InFlightCounter();
    Set<Thread> before = Set.copyOf(Threads.platformThreads());
    CompletableFuture<List<Long>> result;
    try {
      result =
          solution.computeAll(
              inputs,
              x -> {
                inFlight.enter();
                try {
                  if (Thread.currentThread() != check) {
                    awaitQuietly(go); // computing on the caller's thread is another check's finding
                  }
                  return crunch(x);
                } finally {
                  inFlight.exit();
                }
              });
      awaitPoolFilled(before, inFlight, count, most);
    } finally {
      go.countDown();
    }
    int atOnce = inFlight.max();
    await(result, "computeAll");
    if (atOnce > most) {
      throw Invariant.violated(
          "CPU-bound work runs on a pool with one thread per core: more threads than cores only"
              + " adds switching",
          "at most " + most + " of the " + count + " inputs computed at once (" + cores + " cores)",
          atOnce
              + " inputs computed at once: a thread per input (a cached pool, or a new thread or"
              + " virtual thread each) makes "
              + count
              + " inputs "
              + count
              + " threads fighting over "
              + cores
              + " cores; size a pool to Runtime.getRuntime().availableProcessors()");
    }
  }

  /**
   * The most inputs a pool sized to the cores computes at once: one per core, and one to spare (a
   * pool of cores + 1 threads is the classic size for CPU-bound work, one more to cover a thread
   * that stalls on a page fault). Twice the cores is already more threads than cores, which the
   * GOAL says only adds switching; a thread per input is far past it. At least 2 cores are assumed,
   * as the check of parallelism does.
   */
  private static int mostAtOnce(int cores) {
    return Math.max(cores, 2) + 1;
  }

  /**
   * Wait until no more inputs start: more than {@code most} are in flight, or all {@code count}
   * are, or the count of inputs in flight has stayed the same while every thread started since
   * {@code before} could not go on by itself (each pool thread waits for the check, or for work),
   * on {@link Threads#STABLE_POLLS} polls in a row. A thread still being started, or a loop still
   * submitting, is running, so it is waited for.
   */
  private static void awaitPoolFilled(
      Set<Thread> before, InFlightCounter inFlight, int count, int most) {
    long deadline =
        System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(WAIT_MILLIS));
    int stable = 0;
    int last = -1;
    while (System.nanoTime() < deadline) {
      int now = inFlight.current();
      if (now > most || now == count) {
        return;
      }
      boolean quiet =
          now == last
              && now > 0
              && Threads.platformThreads().stream()
                  .filter(t -> !before.contains(t))
                  .allMatch(Threads::cannotGoOnByItself);
      stable = quiet ? stable + 1 : 0;
      if (stable >= Threads.STABLE_POLLS) {
        return;
      }
      last = now;
      LockSupport.parkNanos(1_000_000);
    }
  }

  /** An Error of the checks' own. */
  static final class WorkError extends Error {
    private static final long serialVersionUID = 1L;

    WorkError(String message) {
      super(message);
    }
  }

  /**
   * A RuntimeException of the checks' own: a solution cannot make one, so a wrapper of the work's
   * exception can never pass for it (an IllegalStateException wrapped in a new one with a message
   * of its own did, with the check's own ForkJoinPool allowance).
   */
  static final class WorkFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WorkFailure(String message) {
      super(message);
    }
  }

  @Test
  @Order(5)
  @DisplayName(
      "a failing input (RuntimeException or Error) fails the future with its exception, and the"
          + " pool is shut down on that path too")
  void failureFailsTheFutureAndThePoolIsShutDown(Offload solution) {
    PropertyChecks.forAll(
        12,
        integers().between(2, 12),
        integers().all(),
        (n, seed) -> {
          Random random = new Random(seed);
          int failing = random.nextInt(n);
          boolean error = random.nextBoolean();
          Throwable boom =
              error
                  ? new WorkError("input " + failing + " failed with an Error")
                  : new WorkFailure("input " + failing + " failed");
          Set<Thread> workers = ConcurrentHashMap.newKeySet();
          List<Integer> inputs = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            inputs.add(i);
          }
          String invariant =
              "a failing input fails the future with its exception (input "
                  + failing
                  + " of "
                  + n
                  + " throws "
                  + (error ? "an Error" : "a RuntimeException")
                  + ")";
          CompletableFuture<List<Long>> future =
              solution.computeAll(
                  inputs,
                  x -> {
                    workers.add(Thread.currentThread());
                    if (x == failing) {
                      throwUnchecked(boom); // while the other inputs are being computed on the pool
                    }
                    return crunch(x);
                  });
          if (future == null) {
            throw Invariant.violated("computeAll returns a future", "a future", "null");
          }
          try {
            future.get(TimeScale.millis(WAIT_MILLIS), TimeUnit.MILLISECONDS);
            throw Invariant.violated(
                invariant,
                "the future completes exceptionally, caused by \"" + boom.getMessage() + "\"",
                "it completed normally: the failure was hidden (a null or default in its place?)");
          } catch (TimeoutException e) {
            throw Invariant.violated(
                invariant,
                "the future completes exceptionally, caused by \"" + boom.getMessage() + "\"",
                "it was still incomplete after "
                    + TimeScale.millis(WAIT_MILLIS)
                    + " ms: the "
                    + (error ? "Error" : "exception")
                    + " escaped the pool task and nobody completed the future"
                    + (error ? " (does the catch cover Error, not only Exception?)" : ""));
          } catch (ExecutionException e) {
            // The very exception, not a wrapper of it. ForkJoinPool may rethrow a copy of the same
            // class whose cause is the original (to show the joining thread's stack): that is
            // still "its" exception. Such a copy is made by the constructor that takes the cause,
            // or by the one that takes nothing, so its message is the original's toString() or
            // null; a wrapper of the same class with a message of its own is a wrapper.
            Throwable cause = e.getCause();
            boolean forkJoinCopy =
                cause != null
                    && cause.getClass() == boom.getClass()
                    && cause.getCause() == boom
                    && (cause.getMessage() == null || cause.getMessage().equals(boom.toString()));
            if (cause != boom && !forkJoinCopy) {
              throw Invariant.violated(
                  invariant,
                  "caused by " + boom + " itself",
                  "it failed with "
                      + e.getCause()
                      + (Futures.causedBy(e.getCause(), boom)
                          ? ": a wrapper around the work's exception"
                          : ""));
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
          }
          requireWorkersEnd(workers, "completed exceptionally");
        });
  }

  /**
   * Every thread that computed an input ends soon after the future completed: the pool was shut
   * down. The common pool is shared and never shut down; a solution that uses it created nothing.
   */
  private static void requireWorkersEnd(Set<Thread> workers, String how) {
    List<String> alive = new ArrayList<>();
    long deadline =
        System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(WAIT_MILLIS));
    for (Thread worker : workers) {
      if (worker instanceof ForkJoinWorkerThread fj && fj.getPool() == ForkJoinPool.commonPool()) {
        continue;
      }
      try {
        worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
      if (worker.isAlive()) {
        alive.add("\"" + worker.getName() + "\" (" + worker.getState() + ")");
      }
    }
    if (!alive.isEmpty()) {
      throw Invariant.violated(
          "nothing outlives the work: the pool is shut down once the future has " + how,
          "every thread that computed an input ends",
          alive.size()
              + " of them still alive "
              + TimeScale.millis(WAIT_MILLIS)
              + " ms after the future "
              + how
              + ": "
              + String.join(", ", alive)
              + ("completed exceptionally".equals(how)
                  ? ": is the pool shut down only on success (thenApply/thenRun"
                      + " skip a failure; whenComplete and handle do not)?"
                  : ""));
    }
  }

  private static void throwUnchecked(Throwable t) {
    if (t instanceof RuntimeException r) {
      throw r;
    }
    throw (Error) t;
  }

  /** Fail at the first difference, not by printing both lists whole. */
  private static <T> void requireSameList(String invariant, List<T> expected, List<T> got) {
    if (expected.equals(got)) {
      return;
    }
    if (got == null) {
      throw Invariant.violated(invariant, expected.size() + " results", "null");
    }
    int i = 0;
    while (i < Math.min(expected.size(), got.size())
        && java.util.Objects.equals(expected.get(i), got.get(i))) {
      i++;
    }
    throw Invariant.violated(
        invariant,
        expected.size() + " results",
        got.size()
            + " results; first difference at index "
            + i
            + ": "
            + (i < got.size() ? got.get(i) : "nothing (the list ends there)")
            + (i < expected.size()
                ? " where " + expected.get(i) + " belongs"
                : ", an extra result"));
  }

  /** Meet the others at the barrier; tell whether they came. */
  private static boolean meet(CyclicBarrier barrier) {
    try {
      barrier.await(TimeScale.millis(WAIT_MILLIS), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException | BrokenBarrierException e) {
      return false; // the others never came: the counter shows it
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Name the threads blocked on a monitor or a lock right now, as facts, or null if there are none.
   */
  private static String blockedThreads() {
    List<String> blocked = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getState() == Thread.State.BLOCKED) {
        blocked.add("\"" + t.getName() + "\" was blocked entering a synchronized block");
      } else if ((t.getState() == Thread.State.WAITING
              || t.getState() == Thread.State.TIMED_WAITING)
          && java.util.concurrent.locks.LockSupport.getBlocker(t)
              instanceof java.util.concurrent.locks.AbstractQueuedSynchronizer
          && isLockBlocker(java.util.concurrent.locks.LockSupport.getBlocker(t))) {
        blocked.add("\"" + t.getName() + "\" was waiting for a lock");
      }
    }
    return blocked.isEmpty() ? null : String.join(", ", blocked);
  }

  private static boolean isLockBlocker(Object blocker) {
    Class<?> owner = blocker.getClass().getEnclosingClass();
    return owner != null
        && (java.util.concurrent.locks.Lock.class.isAssignableFrom(owner)
            || java.util.concurrent.locks.ReadWriteLock.class.isAssignableFrom(owner));
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(TimeScale.millis(WAIT_MILLIS), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static CompletableFuture<List<Long>> awaitCall(
      CompletableFuture<CompletableFuture<List<Long>>> call) {
    try {
      return call.get(TimeScale.millis(WAIT_MILLIS * 2), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw Invariant.violated(
          "computeAll() returns at once",
          "a future",
          "it had not returned after " + TimeScale.millis(WAIT_MILLIS * 2) + " ms");
    } catch (ExecutionException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static <R> List<R> await(CompletableFuture<List<R>> future, String what) {
    return Futures.awaitSuccess(
        future,
        WAIT_MILLIS * 3,
        "the future of " + what + " completes when the work is done",
        () -> "");
  }
}

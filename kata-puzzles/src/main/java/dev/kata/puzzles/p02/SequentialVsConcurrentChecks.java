package dev.kata.puzzles.p02;

import static org.quicktheories.generators.SourceDSL.integers;

import dev.kata.api.check.CallGate;
import dev.kata.api.check.Futures;
import dev.kata.api.check.InFlightCounter;
import dev.kata.api.check.Invariant;
import dev.kata.api.check.Patience;
import dev.kata.api.check.PropertyChecks;
import dev.kata.api.check.PuzzleChecks;
import dev.kata.api.check.Threads;
import dev.kata.api.check.TimeScale;
import dev.kata.api.check.Timeline;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The checks of puzzle 02. Overlap is proven with a barrier that every task must reach before any
 * may finish: it only opens if all tasks are in flight together. Finishing orders, failures and
 * interrupts are steered with latches the check opens: a correct solution never waits for a
 * timeout; a wrong one is seen returning while tasks still run, or blocking where it must not.
 *
 * <p>Contract audit: each sentence of {@link FanOut#runAll} and of the starter's GOAL, and the
 * check that fails when it is violated.
 *
 * <table>
 *   <caption>contract sentence → check</caption>
 *   <tr><td>start every task at once, each on its own thread; every task in flight at the same
 *       time, however many</td><td>{@link #allTasksInFlightTogether} (5 to 32 tasks at a barrier)</td></tr>
 *   <tr><td>return their results in the order of tasks (results.get(i) from tasks.get(i))</td>
 *       <td>{@link #resultsInInputOrder} (tasks may be empty),
 *       {@link #inputOrderWhateverTheFinishingOrder} (the check picks the finishing order)</td></tr>
 *   <tr><td>throws ExecutionException if a task throws (checked, RuntimeException, Error); its
 *       exception is the cause</td><td>{@link #failurePropagatesOnceAllEnded} (generated kind and
 *       position, while the others are in flight)</td></tr>
 *   <tr><td>nothing started here may outlive the call: when it returns or throws, every task has
 *       ended</td><td>{@link #failurePropagatesOnceAllEnded}, {@link #interruptCancelsTheTasks}: tasks
 *       in flight are counted at the moment runAll returns or throws; the runner's thread-leak guard</td></tr>
 *   <tr><td>wait for all of them</td><td>{@link #tasksEndingTogetherAreBothSeen}: task 0's thread
 *       held ({@link CallGate}) at each point after its task returned, every call and every access
 *       to a field of the solution's own, while task 1 ends (a lost update of a count of finished
 *       tasks)</td></tr>
 *   <tr><td>throws InterruptedException if interrupted while waiting; the tasks are cancelled and
 *       have ended when it is thrown</td><td>{@link #interruptCancelsTheTasks}</td></tr>
 * </table>
 */
@PuzzleChecks
public class SequentialVsConcurrentChecks {

  private static final long BARRIER_MILLIS = 2_000;
  private static final long WAIT_MILLIS = 2_000;

  // Numbers the starter's prose states too: StarterProseTest holds the two to each other.
  /** The fewest tasks {@link #allTasksInFlightTogether} meets at its barrier. */
  static final int FEWEST_TASKS_AT_BARRIER = 5;

  /** The most tasks {@link #allTasksInFlightTogether} meets at its barrier. */
  static final int MOST_TASKS_AT_BARRIER = 32;

  /** An Error of the checks' own. */
  static final class TaskError extends Error {
    private static final long serialVersionUID = 1L;

    TaskError(String message) {
      super(message);
    }
  }

  @Test
  @Order(1)
  @DisplayName("results come back in input order")
  void resultsInInputOrder(FanOut solution) {
    List<String> none = call(solution, List.of());
    if (none == null || !none.isEmpty()) {
      throw Invariant.violated("an empty list of tasks gives an empty list of results", "[]", none);
    }
    PropertyChecks.forAll(
        30,
        integers().between(0, 40),
        n -> {
          List<Callable<String>> tasks = new ArrayList<>();
          List<String> expected = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            String value = "result of task " + i;
            tasks.add(() -> value);
            expected.add(value);
          }
          requireSameList(
              "results.get(i) is the result of tasks.get(i) (" + n + " tasks)",
              expected,
              call(solution, tasks));
        });
  }

  @Test
  @Order(2)
  @DisplayName("all tasks are in flight at the same time")
  void allTasksInFlightTogether(FanOut solution) {
    PropertyChecks.forAll(
        10,
        integers().between(FEWEST_TASKS_AT_BARRIER, MOST_TASKS_AT_BARRIER),
        n -> {
          InFlightCounter inFlight = new InFlightCounter();
          Timeline timeline = new Timeline();
          // Opens only when all n tasks wait at it at once: proof that they overlap, not a
          // measurement.
          CyclicBarrier allHere = new CyclicBarrier(n);
          List<Callable<Integer>> tasks = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            int id = i;
            tasks.add(
                () -> {
                  Timeline.Span span = timeline.start("task " + id);
                  inFlight.enter();
                  try {
                    allHere.await(TimeScale.millis(BARRIER_MILLIS), TimeUnit.MILLISECONDS);
                    return id;
                  } catch (TimeoutException | BrokenBarrierException e) {
                    return -1; // the barrier never filled: not every task was running
                  } finally {
                    inFlight.exit();
                    span.end();
                  }
                });
          }
          List<Integer> results = call(solution, tasks);
          if (inFlight.max() < n) {
            throw Invariant.violated(
                "all " + n + " tasks are in flight at the same time",
                n + " tasks in flight together",
                "at most " + inFlight.max() + " in flight at once",
                timeline.render());
          }
          if (results.contains(-1)) {
            throw Invariant.violated(
                "all " + n + " tasks are in flight at the same time",
                "every task reaches the meeting point while the others wait",
                "some tasks gave up waiting: " + results,
                timeline.render());
          }
        });
  }

  @Test
  @Order(3)
  @DisplayName("results are in input order whatever order the tasks finish in")
  void inputOrderWhateverTheFinishingOrder(FanOut solution) {
    PropertyChecks.forAll(
        12,
        integers().between(2, 10),
        integers().all(),
        (n, seed) -> {
          List<Integer> order = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            order.add(i);
          }
          Collections.shuffle(order, new Random(seed));
          if (order.equals(order.stream().sorted().toList())) {
            Collections.reverse(order); // never the input order itself
          }
          Steered steered = new Steered(n, -1, null);
          Thread caller = steered.start(solution);
          try {
            steered.requireAllStarted(caller);
            for (int index : order) {
              steered.release(index);
              // The task has returned and its thread is idle or gone: whatever the solution does
              // with
              // the result on that thread is done before the next task is let go.
              Threads.awaitWaiting(steered.threads.get(index), WAIT_MILLIS);
            }
            caller.join(TimeScale.millis(WAIT_MILLIS * 2));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
          } finally {
            steered.releaseAll();
          }
          steered.requireReturned(caller);
          List<String> expected = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            expected.add("result of task " + i);
          }
          requireSameList(
              "results.get(i) is the result of tasks.get(i), though the tasks finished in the order"
                  + " "
                  + order,
              expected,
              steered.results.get());
        });
  }

  @Test
  @Order(4)
  @DisplayName(
      "a failing task (checked exception, RuntimeException or Error) makes runAll throw with it as"
          + " the cause, once every task has ended")
  void failurePropagatesOnceAllEnded(FanOut solution) {
    PropertyChecks.forAll(
        15,
        integers().between(2, 8),
        integers().all(),
        (n, seed) -> {
          Random random = new Random(seed);
          int failing = random.nextInt(n);
          Throwable boom =
              switch (random.nextInt(3)) {
                case 0 -> new IOException("task " + failing + " failed with a checked exception");
                case 1 ->
                    new IllegalStateException(
                        "task " + failing + " failed with a RuntimeException");
                default -> new TaskError("task " + failing + " failed with an Error");
              };
          String invariant =
              "a task's failure makes runAll throw ExecutionException with it as the cause (task "
                  + failing
                  + " of "
                  + n
                  + " throws "
                  + boom.getClass().getSimpleName()
                  + " while the others run)";
          Steered steered = new Steered(n, failing, boom);
          Thread caller = steered.start(solution);
          try {
            steered.requireAllStarted(caller);
            steered.release(failing);
            // The others are still in flight. A correct solution waits for them (or cancels them
            // and
            // waits for them to end): it is seen waiting. One that leaves them running returns
            // early.
            // The others are let go one at a time, in input order, so that a solution that stops at
            // the failure, wherever it is in the list, is caught with tasks still running.
            Threads.awaitWaiting(caller, WAIT_MILLIS, () -> steered.inFlight.current() < n);
            steered.requireNothingLeftRunning(
                caller, "runAll threw (or returned) after task " + failing + " failed");
            for (int i = 0; i < n && caller.isAlive(); i++) {
              if (i == failing) {
                continue;
              }
              int left = steered.inFlight.current();
              steered.release(i);
              Threads.awaitWaiting(caller, WAIT_MILLIS, () -> steered.inFlight.current() < left);
              steered.requireNothingLeftRunning(
                  caller, "runAll threw (or returned) after task " + failing + " failed");
            }
            steered.releaseAll();
            caller.join(TimeScale.millis(WAIT_MILLIS * 2));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
          } finally {
            steered.releaseAll();
          }
          if (caller.isAlive()) {
            throw Invariant.violated(
                invariant,
                "runAll throws once the tasks have ended",
                "it was still waiting "
                    + TimeScale.millis(WAIT_MILLIS * 2)
                    + " ms after every task had ended");
          }
          Throwable thrown = steered.thrown.get();
          if (thrown == null) {
            throw Invariant.violated(
                invariant,
                "ExecutionException caused by \"" + boom.getMessage() + "\"",
                "it returned " + steered.results.get() + ": the failure was hidden");
          }
          if (!(thrown instanceof ExecutionException) || thrown.getCause() != boom) {
            throw Invariant.violated(
                invariant,
                "ExecutionException caused by " + boom,
                "it threw "
                    + thrown
                    + (thrown instanceof ExecutionException && Futures.causedBy(thrown, boom)
                        ? ", caused by "
                            + thrown.getCause()
                            + ": the task's exception wrapped once more; its cause must be the"
                            + " task's own exception"
                        : Futures.causedBy(thrown, boom)
                            ? ": the right cause, wrapped in the wrong exception type"
                            : ""));
          }
          steered.requireEndedAtReturn("runAll threw");
        });
  }

  @Test
  @Order(5)
  @DisplayName(
      "interrupted while waiting, runAll cancels the tasks, waits for them to end, and throws"
          + " InterruptedException")
  void interruptCancelsTheTasks(FanOut solution) throws InterruptedException {
    for (int n : new int[] {1, 3, 6}) {
      Steered steered = new Steered(n, -1, null);
      Thread caller = steered.start(solution);
      try {
        steered.requireAllStarted(caller);
        if (Threads.awaitWaiting(caller, WAIT_MILLIS) != Threads.Seen.WAITING) {
          throw Invariant.violated(
              "runAll waits for its tasks (blocked, not spinning)",
              "the caller blocked",
              caller.isAlive()
                  ? "it never blocked: it spins"
                  : "it returned while " + n + " tasks were still running");
        }
        caller.interrupt(); // the tasks are blocked on a gate only an interrupt opens
        // Seen waiting once every task has been interrupted (cancelled tasks wait for the cleanup
        // gate): a solution that ignores the interrupt never gets there and is named below. Its
        // caller and tasks then all wait for one another, and kata ends the check's wait.
        if (Patience.until(() -> steered.interrupted.get() == n, WAIT_MILLIS)) {
          Threads.awaitWaiting(caller, WAIT_MILLIS);
        }
        steered.requireNothingLeftRunning(caller, "runAll ended after the interrupt");
        steered.releaseCleanup();
        if (!Patience.until(() -> !caller.isAlive(), WAIT_MILLIS)) {
          int cancelled = steered.interrupted.get();
          throw Invariant.violated(
              "an interrupted runAll stops waiting, cancels its tasks and throws"
                  + " InterruptedException ("
                  + n
                  + (n == 1 ? " task that ends" : " tasks that end")
                  + " only when interrupted)",
              "InterruptedException, with every task interrupted",
              cancelled < n
                  ? "it kept waiting, and "
                      + (n - cancelled)
                      + " of "
                      + n
                      + " task"
                      + (n == 1 ? " was" : "s were")
                      + " never interrupted: the interrupt was ignored or swallowed, and the tasks"
                      + " were not cancelled (shutdownNow(), or cancel(true) on each)"
                  : "it interrupted the tasks but kept waiting after they had ended: the interrupt"
                      + " was swallowed");
        }
      } finally {
        steered.releaseAll();
        caller.join(TimeScale.millis(WAIT_MILLIS));
      }
      Throwable thrown = steered.thrown.get();
      if (!(thrown instanceof InterruptedException)) {
        // Setting the flag again and returning (or throwing something else) is what
        // ExecutorService.close() does when interrupted; runAll's contract is to throw.
        String flag =
            steered.flagAtExit
                ? " with the interrupt flag set again: the caller gets a result it must not trust,"
                    + " and code that ignores the flag never learns it was cancelled"
                : " with the interrupt flag cleared: the interrupt was swallowed";
        throw Invariant.violated(
            "an interrupted runAll throws InterruptedException",
            "InterruptedException",
            thrown == null
                ? "it returned " + steered.results.get() + flag
                : "it threw " + thrown + flag);
      }
      steered.requireEndedAtReturn("runAll threw InterruptedException");
    }
  }

  /** The most points of task 0's thread that {@link #tasksEndingTogetherAreBothSeen} holds at. */
  private static final int MOST_POINTS = 40;

  @Test
  @Order(6)
  @DisplayName(
      "two tasks that end at the same moment are both seen, whatever the task threads do in"
          + " between")
  void tasksEndingTogetherAreBothSeen(CallGate gate) throws InterruptedException {
    // Every call of the solution, and every read and write of its own non-final fields, passes
    // the gate. Task 0's thread is held at its 1st point after its task returned, then (a new run
    // each time) its 2nd, 3rd, ..., and at each point task 1 ends and its thread runs until it
    // ends or stops. A count of finished tasks kept with ++ on a shared field is then read by one
    // and written by the other around it: an end is lost, on every run, and runAll waits forever.
    FanOut solution = gate.beforeEveryCallAndFieldAccess().newSolution(FanOut.class);
    for (int point = 1; point <= MOST_POINTS; point++) {
      Steered steered = new Steered(2, -1, null);
      Thread caller = steered.start(solution);
      try {
        steered.requireAllStarted(caller);
        Thread first = steered.threads.get(0);
        gate.holdAt(first, point);
        steered.releaseAndAwaitResumed(0);
        if (gate.awaitHeldOrStopped(first, WAIT_MILLIS).isEmpty()) {
          // Task 0's thread made fewer points than this after its task: every one has been tried.
          gate.release();
          steered.releaseAll();
          caller.join(TimeScale.millis(WAIT_MILLIS * 2));
          break;
        }
        String where = gate.heldAt(first).map(at -> "in " + at).orElse("in your code");
        steered.releaseAndAwaitResumed(1);
        Threads.awaitEndedOrStopped(steered.threads.get(1), WAIT_MILLIS);
        gate.release();
        if (!Patience.until(() -> !caller.isAlive(), WAIT_MILLIS * 2)) {
          throw Invariant.violated(
              "runAll sees every task end, even two that end at the same moment",
              "runAll returns once both tasks have ended",
              "it still waited "
                  + Patience.howLongItWaited()
                  + " after both had ended: task 0's thread was paused "
                  + where
                  + " (its point "
                  + point
                  + " after its task returned) while task 1 ended, and one of the two ends was"
                  + " lost. A count kept with ++ on a shared field (volatile or not) is read by one"
                  + " thread and written by the other around it; count with an AtomicInteger or a"
                  + " CountDownLatch, or wait on the futures");
        }
        List<String> expected = List.of("result of task 0", "result of task 1");
        Invariant.require(
            steered.thrown.get() == null && expected.equals(steered.results.get()),
            "runAll returns every task's result, even when two end at the same moment",
            expected,
            () ->
                steered.thrown.get() != null
                    ? "it threw " + steered.thrown.get() + " (task 0 paused " + where + ")"
                    : steered.results.get() + " (task 0 paused " + where + ")");
      } finally {
        gate.release();
        steered.releaseAll();
        caller.join(TimeScale.millis(WAIT_MILLIS));
      }
    }
  }

  /**
   * Tasks that each wait at a gate of their own, opened by the check (or, for a task being
   * cancelled, by an interrupt; an interrupted task then waits for the cleanup gate, so it is still
   * running when a solution that does not wait for it returns).
   */
  private static final class Steered {
    final int n;
    final List<Callable<String>> tasks = new ArrayList<>();
    final List<CountDownLatch> gates = new ArrayList<>();

    /** One per task: counted once its thread has come out of the wait at its gate. */
    final List<CountDownLatch> resumed = new ArrayList<>();

    /** One per task: a cancelled task cleans up until the check lets that very task go. */
    final List<CountDownLatch> cleanups = new ArrayList<>();

    final CountDownLatch allStarted;
    final List<Thread> threads;
    final InFlightCounter inFlight = new InFlightCounter();
    final AtomicInteger interrupted = new AtomicInteger();
    final AtomicReference<List<String>> results = new AtomicReference<>();
    final AtomicReference<Throwable> thrown = new AtomicReference<>();
    volatile int inFlightAtReturn = -1;
    volatile boolean flagAtExit;

    Steered(int n, int failing, Throwable boom) {
      this.n = n;
      this.allStarted = new CountDownLatch(n);
      AtomicReferenceArray<Thread> running = new AtomicReferenceArray<>(n);
      this.threads =
          new java.util.AbstractList<>() {
            @Override
            public Thread get(int index) {
              return running.get(index);
            }

            @Override
            public int size() {
              return n;
            }
          };
      for (int i = 0; i < n; i++) {
        int index = i;
        CountDownLatch gate = new CountDownLatch(1);
        gates.add(gate);
        CountDownLatch out = new CountDownLatch(1);
        resumed.add(out);
        cleanups.add(new CountDownLatch(1));
        tasks.add(
            () -> {
              running.set(index, Thread.currentThread());
              inFlight.enter();
              try {
                allStarted.countDown();
                try {
                  boolean opened;
                  try {
                    // held, not a plain timed wait: kata then sees a caller that waits for
                    // tasks only its interrupt would end as stuck, and says so at once
                    opened = Patience.hold(gate, WAIT_MILLIS * 5);
                  } finally {
                    out.countDown();
                  }
                  if (!opened) {
                    throw new IllegalStateException(
                        "task " + index + " was never let go by the check");
                  }
                } catch (InterruptedException e) {
                  interrupted.incrementAndGet();
                  // a cancelled task cleans up; the solution must wait for that
                  awaitCleanup(index);
                  throw e;
                }
                if (index == failing) {
                  throw sneaky(boom);
                }
                return "result of task " + index;
              } finally {
                inFlight.exit();
              }
            });
      }
    }

    private void awaitCleanup(int index) {
      CountDownLatch cleanup = cleanups.get(index);
      long deadline =
          System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(WAIT_MILLIS * 5));
      while (System.nanoTime() < deadline) {
        try {
          var _ = Patience.hold(cleanup, WAIT_MILLIS * 5); // opened, or its safety net passed
          return;
        } catch (InterruptedException again) {
          // keep cleaning up; the interrupt was already seen
        }
      }
    }

    Thread start(FanOut solution) {
      return Thread.ofPlatform()
          .name("caller")
          .daemon(true)
          .start(
              () -> {
                try {
                  results.set(solution.runAll(tasks));
                } catch (Throwable t) {
                  thrown.set(t);
                } finally {
                  inFlightAtReturn = inFlight.current();
                  flagAtExit = Thread.currentThread().isInterrupted();
                }
              });
    }

    void requireAllStarted(Thread caller) throws InterruptedException {
      long deadline =
          System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(WAIT_MILLIS));
      while (!allStarted.await(5, TimeUnit.MILLISECONDS)) {
        if (System.nanoTime() > deadline || !caller.isAlive()) {
          long started = n - allStarted.getCount();
          throw Invariant.violated(
              "all " + n + " tasks are in flight at the same time",
              n + " tasks started",
              caller.isAlive()
                  ? "only " + started + " started, and it waited for them before starting the rest"
                  : "it ended after starting "
                      + started
                      + (thrown.get() != null ? ", throwing " + thrown.get() : ""));
        }
      }
    }

    /**
     * Let task {@code index} go, wherever it waits: at its gate, or cleaning up after a cancel. A
     * solution that cancels the other tasks when one fails is correct, and the check lets its
     * cancelled tasks end one at a time just as it lets running ones finish.
     */
    void release(int index) {
      gates.get(index).countDown();
      cleanups.get(index).countDown();
    }

    /**
     * Let task {@code index} go, and return once its thread has come out of its wait: a thread that
     * was let go can still look WAITING for milliseconds on a loaded machine, and the check that
     * steers it next must not take that for a stop.
     */
    void releaseAndAwaitResumed(int index) throws InterruptedException {
      release(index);
      var _ = resumed.get(index).await(TimeScale.millis(WAIT_MILLIS), TimeUnit.MILLISECONDS);
    }

    void releaseCleanup() {
      cleanups.forEach(CountDownLatch::countDown);
    }

    void releaseAll() {
      gates.forEach(CountDownLatch::countDown);
      releaseCleanup();
    }

    void requireNothingLeftRunning(Thread caller, String when) {
      if (!caller.isAlive() && inFlightAtReturn > 0) {
        throw Invariant.violated(
            "nothing started by runAll outlives the call",
            "every task has ended when runAll returns or throws",
            when
                + " while "
                + inFlightAtReturn
                + " of "
                + n
                + " tasks "
                + (inFlightAtReturn == 1 ? "was" : "were")
                + " still running"
                + (interrupted.get() > 0
                    ? " (it interrupted them, but did not wait for them to end)"
                    : ": it did not wait for them, nor cancel them"));
      }
    }

    void requireReturned(Thread caller) {
      if (caller.isAlive()) {
        throw Invariant.violated(
            "runAll returns once every task has finished",
            "it returned",
            "it was still waiting after every task had finished");
      }
      if (thrown.get() != null) {
        throw Invariant.violated(
            "tasks that succeed give results", "a list of results", "it threw " + thrown.get());
      }
    }

    void requireEndedAtReturn(String when) {
      if (inFlightAtReturn > 0) {
        throw Invariant.violated(
            "nothing started by runAll outlives the call",
            "every task has ended when " + when,
            inFlightAtReturn + " of " + n + " tasks were still running when " + when);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
    throw (E) t;
  }

  /**
   * Fail at the first difference, showing it and a few elements around it, not both lists whole.
   */
  static <T> void requireSameList(String invariant, List<T> expected, List<T> got) {
    if (got == null) {
      throw Invariant.violated(invariant, expected.size() + " results", "null");
    }
    if (expected.equals(got)) {
      return;
    }
    int i = 0;
    while (i < Math.min(expected.size(), got.size())
        && java.util.Objects.equals(expected.get(i), got.get(i))) {
      i++;
    }
    String observed =
        got.size()
            + " results; first difference at index "
            + i
            + ": "
            + (i < got.size() ? "\"" + got.get(i) + "\"" : "nothing (the list ends there)")
            + (i < expected.size()
                ? " where \"" + expected.get(i) + "\" belongs"
                : " after the last expected result");
    throw Invariant.violated(
        invariant,
        expected.size() + " results, " + window(expected, i),
        observed + "; around it: " + window(got, i));
  }

  private static <T> String window(List<T> list, int at) {
    int from = Math.max(0, at - 2);
    int to = Math.min(list.size(), at + 3);
    return (from > 0 ? "[..., " : "[")
        + String.join(", ", list.subList(from, to).stream().map(String::valueOf).toList())
        + (to < list.size() ? ", ...]" : "]");
  }

  private static <T> List<T> call(FanOut solution, List<Callable<T>> tasks) {
    try {
      return solution.runAll(tasks);
    } catch (ExecutionException e) {
      throw Invariant.violated(
          "tasks that succeed give results", "no exception", "ExecutionException: " + e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}

package dev.kata.puzzles.p03;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.kata.api.check.Futures;
import dev.kata.api.check.InterruptProbe;
import dev.kata.api.check.Invariant;
import dev.kata.api.check.PropertyChecks;
import dev.kata.api.check.PuzzleChecks;
import dev.kata.api.check.TimeScale;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The checks of puzzle 03. Each generated scenario is a list of task durations; the shorter task
 * finishes first (ties by position). The durations are logical: the {@link ScriptedExecutor} opens
 * each task's gate in that order, so the finishing order is exact and nothing sleeps.
 *
 * <p>Contract audit: each sentence of {@link ResultOrders} and of the starter's GOAL, and the check
 * that fails when it is violated.
 *
 * <table>
 *   <caption>contract sentence → check</caption>
 *   <tr><td>both submit every task to executor at once, so all run concurrently</td>
 *       <td>every check: {@code ScriptedExecutor} sees the caller wait before all tasks started, or
 *       a task run on another thread</td></tr>
 *   <tr><td>and wait until all have finished</td><td>{@link #inputOrder}, {@link #completionOrder}:
 *       every task finishes before the result is read; a wait with a time limit (TIMED_WAITING) while
 *       tasks run is named, since a slower task would be dropped</td></tr>
 *   <tr><td>inInputOrder: results.get(i) comes from tasks.get(i), whenever it finished</td>
 *       <td>{@link #inputOrder} (the check picks the finishing order)</td></tr>
 *   <tr><td>inCompletionOrder: the first result is from the task that finished first</td>
 *       <td>{@link #completionOrder}</td></tr>
 *   <tr><td>throws ExecutionException if a task throws; its exception is the cause</td>
 *       <td>{@link #failurePropagates}: generated position and kind (checked exception,
 *       RuntimeException, Error), for both methods</td></tr>
 *   <tr><td>throws InterruptedException if interrupted while waiting</td>
 *       <td>{@link #interruptHonoured}, for both methods</td></tr>
 *   <tr><td>the returned list holds the results (the tasks run concurrently, so whatever collects
 *       them must be safe when several finish at once)</td>
 *       <td>{@link #manyTasksFinishingAtOnce}: 500 tasks run in lockstep pairs on two workers, rounds
 *       repeated until a lost, null or duplicated result shows a data race</td></tr>
 * </table>
 */
// Each scenario hands every task's completion over one at a time (a context switch each), which
// on a 2-core machine under a load average of 30+ took up to 9 s for one check: 20 s of headroom.
@PuzzleChecks(timeLimitSeconds = 20)
public class OrderedVsCompletionChecks {

  /** Which of the two methods a check calls. */
  private interface Method {
    List<Integer> call(
        ResultOrders solution, List<Callable<Integer>> tasks, ScriptedExecutor executor)
        throws Exception;
  }

  /** An Error of the checks' own. */
  static final class TaskError extends Error {
    private static final long serialVersionUID = 1L;

    TaskError(String message) {
      super(message);
    }
  }

  @Test
  @Order(1)
  @DisplayName("inInputOrder returns results in input order, whatever order the tasks finish in")
  void inputOrder(ResultOrders solution) {
    PropertyChecks.forAll(
        15,
        lists().of(integers().between(1, 1000)).ofSizeBetween(0, 10),
        durations -> {
          List<Integer> results =
              succeed(
                  run(solution, durations, -1, null, ResultOrders::inInputOrder, "inInputOrder"),
                  "inInputOrder");
          List<Integer> expected = IntStream.range(0, durations.size()).boxed().toList();
          requireSame(
              "inInputOrder: results.get(i) comes from tasks.get(i) (tasks finished in the order "
                  + finishingOrder(durations)
                  + ")",
              expected,
              results);
        });
  }

  @Test
  @Order(2)
  @DisplayName("inCompletionOrder returns results in the order the tasks finish")
  void completionOrder(ResultOrders solution) {
    PropertyChecks.forAll(
        15,
        lists().of(integers().between(1, 1000)).ofSizeBetween(0, 10),
        durations -> {
          List<Integer> results =
              succeed(
                  run(
                      solution,
                      durations,
                      -1,
                      null,
                      ResultOrders::inCompletionOrder,
                      "inCompletionOrder"),
                  "inCompletionOrder");
          requireSame(
              "inCompletionOrder: the first result is from the task that finished first (durations "
                  + durations
                  + ")",
              finishingOrder(durations),
              results);
        });
  }

  @Test
  @Order(3)
  @DisplayName(
      "a failing task (checked exception, RuntimeException or Error) makes both methods throw"
          + " ExecutionException with it as the cause")
  void failurePropagates(ResultOrders solution) {
    // Every kind of failure, in each method, on every run: a chosen list first, so that no seed
    // can leave a kind untried (an Error lost by a catch of Exception only hangs the wait).
    for (int kind = 0; kind < 3; kind++) {
      requireFailurePropagates(solution, List.of(3, 1, 2), kind, kind, true);
      requireFailurePropagates(solution, List.of(3, 1, 2), kind, kind, false);
    }
    PropertyChecks.forAll(
        12,
        lists().of(integers().between(1, 1000)).ofSizeBetween(1, 8),
        integers().all(),
        (durations, seed) -> {
          Random random = new Random(seed);
          int failing = random.nextInt(durations.size());
          for (boolean inputOrder : new boolean[] {true, false}) {
            requireFailurePropagates(solution, durations, failing, random.nextInt(3), inputOrder);
          }
        });
  }

  private static void requireFailurePropagates(
      ResultOrders solution, List<Integer> durations, int failing, int kind, boolean inputOrder) {
    String name = inputOrder ? "inInputOrder" : "inCompletionOrder";
    Throwable boom =
        switch (kind) {
          case 0 -> new IOException("task " + failing + " failed with a checked exception");
          case 1 ->
              new IllegalStateException("task " + failing + " failed with a RuntimeException");
          default -> new TaskError("task " + failing + " failed with an Error");
        };
    Outcome outcome =
        run(
            solution,
            durations,
            failing,
            boom,
            inputOrder ? ResultOrders::inInputOrder : ResultOrders::inCompletionOrder,
            name);
    String invariant =
        name
            + ": a task's failure is thrown as ExecutionException with it as the cause"
            + " (task "
            + failing
            + " of "
            + durations.size()
            + " throws "
            + boom.getClass().getSimpleName()
            + ")";
    if (outcome.failure() == null) {
      throw Invariant.violated(
          invariant,
          "ExecutionException caused by \"" + boom.getMessage() + "\"",
          "it returned "
              + outcome.results()
              + ": the failure was "
              + (outcome.results() != null && outcome.results().size() < durations.size()
                  ? "skipped"
                  : "hidden"));
    }
    if (!(outcome.failure() instanceof ExecutionException)
        || outcome.failure().getCause() != boom) {
      throw Invariant.violated(
          invariant,
          "ExecutionException caused by " + boom + " itself",
          "it threw "
              + outcome.failure()
              + (outcome.failure() instanceof ExecutionException
                  ? " caused by "
                      + outcome.failure().getCause()
                      + (Futures.causedBy(outcome.failure().getCause(), boom)
                          ? ": a wrapper around the task's exception, not the exception" + " itself"
                          : "")
                  : Futures.causedBy(outcome.failure(), boom)
                      ? ": the right cause, in the wrong exception type"
                          + " (CompletableFuture.join() throws CompletionException; get()"
                          + " throws ExecutionException)"
                      : ""));
    }
  }

  @Test
  @Order(4)
  @DisplayName(
      "interrupted while waiting for the tasks, both methods stop waiting and throw"
          + " InterruptedException")
  void interruptHonoured(ResultOrders solution) throws InterruptedException {
    for (boolean inputOrder : new boolean[] {true, false}) {
      String name = inputOrder ? "inInputOrder()" : "inCompletionOrder()";
      int n = 4;
      ScriptedExecutor executor = new ScriptedExecutor(n);
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        tasks.add(executor.task(i));
      }
      try {
        InterruptProbe.interruptWhenBlocked(
                name,
                () ->
                    inputOrder
                        ? solution.inInputOrder(tasks, executor)
                        : solution.inCompletionOrder(tasks, executor),
                () -> executor.started() == n)
            .requireThrown();
      } finally {
        executor.joinAll();
      }
    }
  }

  @Test
  @Order(5)
  @DisplayName(
      "both methods keep every result when many tasks finish at the same moment on several threads")
  void manyTasksFinishingAtOnce(ResultOrders solution) throws InterruptedException {
    // The scripted executor hands completions over one at a time, which also orders whatever the
    // solution does with each result. Here two workers run 500 instant tasks in lockstep pairs
    // (LockstepExecutor), so a plain list written from the pool threads is written by both at the
    // same instant, again and again. A pair on two cores at once loses an update about one time in
    // ten (measured); rounds repeat until one breaks or PAIRS such pairs have run (a chance below
    // 1e-40 to miss the race), at most about 6 s on a loaded machine, which ends the rounds sooner
    // but never fails a correct solution.
    int n = 500;
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int index = i;
      tasks.add(() -> index);
    }
    List<Integer> inputOrder = IntStream.range(0, n).boxed().toList();
    LockstepExecutor pool = new LockstepExecutor();
    long deadline = System.nanoTime() + TimeScale.millis(6_000) * 1_000_000;
    try {
      for (int round = 0;
          pool.paired() < PAIRS && (round < 5 || System.nanoTime() < deadline);
          round++) {
        for (boolean input : new boolean[] {true, false}) {
          String name = input ? "inInputOrder" : "inCompletionOrder";
          String invariant =
              name
                  + " keeps every result when "
                  + n
                  + " tasks finish in pairs on 2 pool threads at once";
          List<Integer> results = callUnderContention(solution, input, tasks, pool, invariant, n);
          requirePermutation(invariant, n, results, round);
          if (input && !results.equals(inputOrder)) {
            int first =
                IntStream.range(0, n).filter(i -> !results.get(i).equals(i)).findFirst().orElse(-1);
            throw Invariant.violated(
                invariant,
                "results.get(i) from tasks.get(i)",
                "the result of task "
                    + results.get(first)
                    + " at index "
                    + first
                    + " (round "
                    + (round + 1)
                    + ")");
          }
        }
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(TimeScale.millis(2_000), TimeUnit.MILLISECONDS);
    }
  }

  private static List<Integer> callUnderContention(
      ResultOrders solution,
      boolean input,
      List<Callable<Integer>> tasks,
      ExecutorService pool,
      String invariant,
      int n)
      throws InterruptedException {
    try {
      return input ? solution.inInputOrder(tasks, pool) : solution.inCompletionOrder(tasks, pool);
    } catch (ExecutionException e) {
      throw Invariant.violated(
          invariant,
          "a list of " + n + " results",
          "it threw " + e + " caused by " + e.getCause() + raceHint());
    } catch (RuntimeException e) {
      throw Invariant.violated(
          invariant, "a list of " + n + " results", "it threw " + e + raceHint());
    }
  }

  private static String raceHint() {
    return ": a collection written by several pool threads at once without synchronization (a data"
        + " race) breaks like this";
  }

  /** Every index once, in any order: the results of one round of completion order. */
  private static void requirePermutation(
      String invariant, int n, List<Integer> results, int round) {
    if (results == null) {
      throw Invariant.violated(invariant, n + " results", "null");
    }
    boolean[] seen = new boolean[n];
    int nulls = 0;
    int duplicates = 0;
    for (Integer index : results) {
      if (index == null) {
        nulls++;
      } else if (seen[index]) {
        duplicates++;
      } else {
        seen[index] = true;
      }
    }
    int missing = (int) IntStream.range(0, n).filter(i -> !seen[i]).count();
    if (results.size() != n || nulls > 0 || duplicates > 0 || missing > 0) {
      throw Invariant.violated(
          invariant,
          "each of the " + n + " results exactly once",
          results.size()
              + " entries (round "
              + (round + 1)
              + "): "
              + missing
              + " results lost, "
              + nulls
              + " null, "
              + duplicates
              + " duplicated. The results were added to a list from several pool threads at once"
              + " without synchronization, a data race: two threads wrote the same slot. Take each"
              + " result in the caller's thread (an ExecutorCompletionService's take()), or add to"
              + " a thread-safe queue");
    }
  }

  /** Lockstep pairs that ran on two cores at once, after which a race would have shown. */
  private static final int PAIRS = 1_000;

  /** What a call did: its results, or what it threw. */
  private record Outcome(List<Integer> results, Throwable failure) {}

  private static List<Integer> succeed(Outcome outcome, String name) {
    if (outcome.failure() != null) {
      throw Invariant.violated(
          name + " succeeds when every task succeeds",
          "a list of results",
          "it threw " + outcome.failure());
    }
    return outcome.results();
  }

  /**
   * Run one method against a scripted finishing order; fail if the tasks did not all run at once.
   */
  private static Outcome run(
      ResultOrders solution,
      List<Integer> durations,
      int failing,
      Throwable boom,
      Method method,
      String name) {
    int n = durations.size();
    ScriptedExecutor executor = new ScriptedExecutor(n);
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      tasks.add(executor.task(i, i == failing ? boom : null));
    }
    AtomicReference<List<Integer>> results = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread caller =
        Thread.ofPlatform()
            .name("caller")
            .daemon(true)
            .start(
                () -> {
                  try {
                    results.set(method.call(solution, tasks, executor));
                  } catch (Throwable t) {
                    failure.set(t);
                  }
                });
    try {
      boolean allStarted = executor.awaitAllStarted(caller);
      if (!allStarted) {
        long started = executor.started();
        boolean returned = !caller.isAlive();
        executor.joinAll();
        caller.join(TimeScale.millis(2_000));
        throw Invariant.violated(
            name + " runs all tasks at once on the executor it is given",
            (n == 1 ? "the task" : "all " + n + " tasks") + " started before any finished",
            (returned
                    ? "it returned after starting " + started + " of " + n
                    : "it waited for a task to finish"
                        + executor.stuckOn
                        + " after starting only "
                        + started
                        + " of "
                        + n)
                + offExecutor(executor));
      }
      if (n > 0 && timedWait(caller)) {
        executor.joinAll();
        caller.join(TimeScale.millis(2_000));
        throw Invariant.violated(
            name + " waits until every task has finished, however long that takes",
            "the caller waits without a time limit (thread state WAITING) while the tasks run",
            "it waited with a time limit (TIMED_WAITING): a task slower than that limit would be"
                + " dropped or taken for a failure. Wait with take() or get(), without a timeout");
      }
      for (int index : finishingOrder(durations)) {
        if (!executor.finish(index)) {
          break; // the caller stopped listening; its result below says how
        }
      }
      caller.join(TimeScale.millis(2_000));
      executor.joinAll();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    if (caller.isAlive()) {
      throw Invariant.violated(
          name + " returns once every task has finished",
          "it returned",
          "it was still waiting after every task finished");
    }
    if (!executor.offExecutor().isEmpty()) {
      throw Invariant.violated(
          "tasks run on the executor given to " + name,
          "threads \"scripted-worker-N\"",
          String.join("; ", executor.offExecutor()));
    }
    return new Outcome(results.get(), failure.get());
  }

  /**
   * Tell whether the caller, while every task is still held at its gate, waits with a time limit:
   * TIMED_WAITING on several polls in a row. Waiting without one (WAITING) ends the look at once.
   */
  private static boolean timedWait(Thread caller) throws InterruptedException {
    long deadline = System.nanoTime() + TimeScale.millis(100) * 1_000_000;
    int timed = 0;
    int untimed = 0;
    while (System.nanoTime() < deadline && caller.isAlive()) {
      Thread.State state = caller.getState();
      timed = state == Thread.State.TIMED_WAITING ? timed + 1 : 0;
      untimed = state == Thread.State.WAITING ? untimed + 1 : 0;
      if (timed == 3) {
        return true;
      }
      if (untimed == 3) {
        return false;
      }
      Thread.sleep(1);
    }
    return false;
  }

  /** Fail at the first difference, naming it, not by printing both lists whole. */
  private static void requireSame(String invariant, List<Integer> expected, List<Integer> got) {
    if (expected.equals(got)) {
      return;
    }
    if (got == null) {
      throw Invariant.violated(invariant, "task indexes " + expected, "null");
    }
    int i = 0;
    while (i < Math.min(expected.size(), got.size()) && expected.get(i).equals(got.get(i))) {
      i++;
    }
    String at =
        i >= got.size()
            ? "the list ends there (" + got.size() + " results for " + expected.size() + " tasks)"
            : i >= expected.size()
                ? "an extra result, from task " + got.get(i)
                : "the result of task "
                    + got.get(i)
                    + " where task "
                    + expected.get(i)
                    + "'s belongs";
    throw Invariant.violated(
        invariant,
        "task indexes " + expected,
        got + "; first difference at index " + i + ": " + at);
  }

  private static List<Integer> finishingOrder(List<Integer> durations) {
    return IntStream.range(0, durations.size())
        .boxed()
        .sorted(Comparator.comparing((Integer i) -> durations.get(i)).thenComparing(i -> i))
        .toList();
  }

  private static String offExecutor(ScriptedExecutor executor) {
    List<String> off = executor.offExecutor();
    return off.isEmpty() ? "" : "; and " + String.join(", ", off) + ", not on the executor given";
  }
}

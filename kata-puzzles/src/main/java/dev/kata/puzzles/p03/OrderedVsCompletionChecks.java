package dev.kata.puzzles.p03;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.kata.api.check.Invariant;
import dev.kata.api.check.PuzzleChecks;
import dev.kata.api.check.PropertyChecks;
import dev.kata.api.check.TimeScale;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The checks of puzzle 03. Each generated scenario is a list of task durations; the shorter task
 * finishes first (ties by position). The durations are logical: the {@link ScriptedExecutor} opens
 * each task's gate in that order, so the finishing order is exact and nothing sleeps.
 */
@PuzzleChecks
public class OrderedVsCompletionChecks {

  /** Which of the two methods a check calls. */
  private interface Method {
    List<Integer> call(ResultOrders solution, List<Callable<Integer>> tasks, ScriptedExecutor executor) throws Exception;
  }

  @Test
  @Order(1)
  @DisplayName("inInputOrder returns results in input order, whatever order the tasks finish in")
  void inputOrder(ResultOrders solution) {
    PropertyChecks.forAll(30, lists().of(integers().between(1, 1000)).ofSizeBetween(0, 12), durations -> {
      List<Integer> results = run(solution, durations, ResultOrders::inInputOrder, "inInputOrder");
      List<Integer> expected = IntStream.range(0, durations.size()).boxed().toList();
      if (!expected.equals(results)) {
        throw Invariant.violated("inInputOrder: results.get(i) comes from tasks.get(i)", "task indexes " + expected,
            results + "   (durations " + durations + ", so tasks finished in the order " + finishingOrder(durations) + ")");
      }
    });
  }

  @Test
  @Order(2)
  @DisplayName("inCompletionOrder returns results in the order the tasks finish")
  void completionOrder(ResultOrders solution) {
    PropertyChecks.forAll(30, lists().of(integers().between(1, 1000)).ofSizeBetween(0, 12), durations -> {
      List<Integer> results = run(solution, durations, ResultOrders::inCompletionOrder, "inCompletionOrder");
      List<Integer> expected = finishingOrder(durations);
      if (!expected.equals(results)) {
        throw Invariant.violated("inCompletionOrder: the first result is from the task that finished first",
            "task indexes " + expected + " (durations " + durations + ")", results);
      }
    });
  }

  /** Run one method against a scripted finishing order; fail if the tasks did not all run at once. */
  private static List<Integer> run(ResultOrders solution, List<Integer> durations, Method method, String name) {
    int n = durations.size();
    ScriptedExecutor executor = new ScriptedExecutor(n);
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      tasks.add(executor.task(i));
    }
    AtomicReference<List<Integer>> results = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread caller = Thread.ofPlatform().name("caller").start(() -> {
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
        throw Invariant.violated(name + " runs all tasks at once on the executor it is given",
            (n == 1 ? "the task" : "all " + n + " tasks") + " started before any finished",
            (returned ? "it returned after starting " + started + " of " + n
                : "it waited for a task to finish after starting only " + started + " of " + n)
                + offExecutor(executor));
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
      throw Invariant.violated(name + " returns once every task has finished", "it returned",
          "it was still waiting after every task finished");
    }
    if (!executor.offExecutor().isEmpty()) {
      throw Invariant.violated("tasks run on the executor given to " + name, "threads \"scripted-worker-N\"",
          String.join("; ", executor.offExecutor()));
    }
    if (failure.get() != null) {
      throw Invariant.violated(name + " succeeds when every task succeeds", "a list of results",
          "it threw " + failure.get());
    }
    return results.get();
  }

  private static List<Integer> finishingOrder(List<Integer> durations) {
    return IntStream.range(0, durations.size()).boxed()
        .sorted(Comparator.comparing((Integer i) -> durations.get(i)).thenComparing(i -> i))
        .toList();
  }

  private static String offExecutor(ScriptedExecutor executor) {
    List<String> off = executor.offExecutor();
    return off.isEmpty() ? "" : "; and " + String.join(", ", off) + ", not on the executor given";
  }
}

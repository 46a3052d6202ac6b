package dev.kata.puzzles.p02;

import static org.quicktheories.generators.SourceDSL.integers;

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
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The checks of puzzle 02. Overlap is proven with a barrier that every task must reach before any
 * may finish: it only opens if all tasks are in flight together. A correct solution never waits for
 * the barrier's timeout; a sequential one does, once.
 */
@PuzzleChecks
public class SequentialVsConcurrentChecks {

  private static final long BARRIER_MILLIS = 2_000;

  @Test
  @Order(1)
  @DisplayName("results come back in input order")
  void resultsInInputOrder(FanOut solution) {
    PropertyChecks.forAll(30, integers().between(0, 40), n -> {
      List<Callable<String>> tasks = new ArrayList<>();
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String value = "result of task " + i;
        tasks.add(() -> value);
        expected.add(value);
      }
      List<String> results = call(solution, tasks);
      if (!expected.equals(results)) {
        throw Invariant.violated("results.get(i) is the result of tasks.get(i) (" + n + " tasks)", expected, results);
      }
    });
  }

  @Test
  @Order(2)
  @DisplayName("all tasks are in flight at the same time")
  void allTasksInFlightTogether(FanOut solution) {
    PropertyChecks.forAll(10, integers().between(5, 32), n -> {
      InFlightCounter inFlight = new InFlightCounter();
      Timeline timeline = new Timeline();
      // Opens only when all n tasks wait at it at once: proof that they overlap, not a measurement.
      CyclicBarrier allHere = new CyclicBarrier(n);
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int id = i;
        tasks.add(() -> {
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
        throw Invariant.violated("all " + n + " tasks are in flight at the same time",
            n + " tasks in flight together",
            "at most " + inFlight.max() + " in flight at once", timeline.render());
      }
      if (results.contains(-1)) {
        throw Invariant.violated("all " + n + " tasks are in flight at the same time",
            "every task reaches the meeting point while the others wait", "some tasks gave up waiting: " + results,
            timeline.render());
      }
    });
  }

  @Test
  @Order(3)
  @DisplayName("a failing task makes runAll throw, with the task's exception as the cause")
  void failurePropagates(FanOut solution) throws InterruptedException {
    RuntimeException boom = new IllegalStateException("task 1 failed");
    List<Callable<String>> tasks = List.of(() -> "a", () -> {
      throw boom;
    }, () -> "c");
    try {
      List<String> results = solution.runAll(tasks);
      throw Invariant.violated("a task's failure is not hidden", "runAll throws ExecutionException caused by \""
          + boom.getMessage() + "\"", "it returned " + results);
    } catch (ExecutionException e) {
      if (!Futures.causedBy(e, boom)) {
        throw Invariant.violated("the task's own exception is the cause", boom, e.getCause());
      }
    }
  }

  private static <T> List<T> call(FanOut solution, List<Callable<T>> tasks) {
    try {
      return solution.runAll(tasks);
    } catch (ExecutionException e) {
      throw Invariant.violated("tasks that succeed give results", "no exception", "ExecutionException: " + e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}

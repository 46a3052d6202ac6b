package p03_ordered_vs_completion;

import dev.kata.puzzles.p03.ResultOrders;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;

/*
 * Puzzle 03 · Input order vs completion order
 *
 * GOAL
 *   Run tasks concurrently on the executor you are given, and return their results
 *   (a) in input order, and (b) in the order the tasks finish.
 *
 * THE CONCEPT
 *   Some callers need results lined up with their inputs (row i of a report from request i).
 *   Others want each result as soon as it exists (show the fastest answer first, stream progress).
 *   Both start every task at once; they differ in how they wait.
 *
 * WHAT THE CHECKS PROVE
 *   For generated lists of task durations (the shorter task finishes first):
 *   - inInputOrder returns result i from task i;
 *   - inCompletionOrder returns results in finishing order;
 *   - both start every task before any finishes, on the executor given, and wait without a time
 *     limit (a slow task must not be dropped);
 *   - a failing task (checked exception, RuntimeException or Error) makes both throw
 *     ExecutionException with the task's exception as cause;
 *   - interrupted while waiting, both stop waiting and throw InterruptedException.
 *   The durations are logical: the checks decide which task finishes when, so nothing is timed.
 *
 * Run:   ./kata run --puzzle 3        Hints:  ./kata hint --puzzle 3 --level 1
 */
public class ResultCollector implements ResultOrders {

  @Override
  public <T> List<T> inInputOrder(List<Callable<T>> tasks, ExecutorService executor)
      throws InterruptedException, ExecutionException {
    List<T> results = new ArrayList<>();
    // TODO: start every task on `executor`, then collect the results in input order.
    return results;
  }

  @Override
  public <T> List<T> inCompletionOrder(List<Callable<T>> tasks, ExecutorService executor)
      throws InterruptedException, ExecutionException {
    List<T> results = new ArrayList<>();
    // TODO: start every task on `executor`, then collect each result as soon as its task finishes.
    return results;
  }
}

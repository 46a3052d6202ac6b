package p15_fail_fast_vs_collect;

import dev.kata.puzzles.p15.FailurePolicies;
import dev.kata.puzzles.p15.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/*
 * Puzzle 15 · Fail fast vs collect all
 *
 * GOAL
 *   Run a batch of tasks concurrently under two failure policies.
 *   failFast: return every result in input order; but as soon as one task fails, cancel the
 *   others (interrupt them) and throw ExecutionException with that first failure as its cause,
 *   later failures of the cancelled tasks' cleanup added as suppressed.
 *   collectAll: let every task run to its end whatever the others do, and return an Outcome with
 *   every result and every failure (its index and its very exception), in input order.
 *   Neither returns before every task has ended; an interrupted caller cancels the tasks, waits
 *   for them, and throws InterruptedException.
 *
 * THE CONCEPT
 *   A failure policy says what one failure means for the rest of the batch. Fail fast: the
 *   batch is lost, so stop wasting work and tell the caller now. Collect all: the tasks are
 *   independent, so let them finish and report everything. CompletableFuture.allOf looks like
 *   fail-fast but is not: it completes only when every task has completed, so one failure waits
 *   for the slowest sibling, and nothing is cancelled.
 *
 * WHAT THE CHECKS PROVE (every task is held by the check, which decides when it succeeds or
 * fails and in which order they finish; nothing here waits for a timer)
 *   - every task runs at once, in a thread of its own; the caller waits by blocking, with no time
 *     limit, and when it returns no task is still in flight;
 *   - failFast: a failure (checked, RuntimeException, Error) while the others block until
 *     interrupted: they are interrupted at once, and the very exception, the first in time, is the
 *     cause of the ExecutionException; a later failure of a cancelled task is suppressed on it;
 *   - collectAll: failures cancel nothing; results and failures come in input order, whatever
 *     order the tasks finished in;
 *   - the caller interrupted: the tasks are cancelled and have ended, then InterruptedException;
 *   - generated batches (how many tasks, which fail and how, in which order they end) under both
 *     policies: the same rules, every time.
 *
 * Run it: ./kata run --puzzle 15      Hints: ./kata hint --puzzle 15
 */
public final class BatchRunner implements FailurePolicies {

  @Override
  public <T> List<T> failFast(List<Callable<T>> tasks)
      throws ExecutionException, InterruptedException {
    // TODO: run the tasks concurrently; on the first failure, cancel the rest, wait for them to
    // end, and throw it. This runs them one after the other on the caller's thread.
    List<T> results = new ArrayList<>();
    for (Callable<T> task : tasks) {
      try {
        results.add(task.call());
      } catch (Exception e) {
        throw new ExecutionException(e);
      }
    }
    return results;
  }

  @Override
  public <T> Outcome<T> collectAll(List<Callable<T>> tasks) throws InterruptedException {
    // TODO: run the tasks concurrently, each to its end; keep every result and every failure,
    // in input order.
    return new Outcome<>(List.of(), List.of());
  }
}

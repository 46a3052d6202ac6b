package p02_sequential_vs_concurrent;

import dev.kata.puzzles.p02.FanOut;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/*
 * Puzzle 02 · Sequential vs concurrent
 *
 * GOAL
 *   Run a list of tasks so that ALL of them are in flight at the same time, then return their
 *   results in input order.
 *
 * THE CONCEPT
 *   These tasks mostly wait (think: HTTP calls). Calling them one after another takes the SUM of
 *   their durations. Starting them all first ("fork") and only then waiting for the results
 *   ("join") takes about as long as the SLOWEST one. Waiting threads cost nothing on the CPU, so
 *   each task can have its own thread; virtual threads make that cheap.
 *
 * WHAT THE CHECKS PROVE
 *   - results.get(i) comes from tasks.get(i);
 *   - every task is in flight at once: the tasks meet at a barrier that opens only when all of
 *     them are waiting at it (5 to 32 tasks);
 *   - results are in input order even when the tasks finish in another order;
 *   - a failing task (checked exception, RuntimeException or Error) makes runAll throw
 *     ExecutionException with the task's exception as cause;
 *   - nothing you start outlives the call: when runAll returns or throws, every task has ended;
 *   - interrupted while waiting, runAll cancels (interrupts) its tasks, waits for them to end and
 *     throws InterruptedException.
 *
 * Run:   ./kata run --puzzle 2        Hints:  ./kata hint --puzzle 2 --level 1
 */
public class ConcurrentFanOut implements FanOut {

  @Override
  public <T> List<T> runAll(List<Callable<T>> tasks)
      throws InterruptedException, ExecutionException {
    List<T> results = new ArrayList<>();
    // TODO: this runs the tasks one after another. Start every task first (fork)...
    // TODO: ...then wait for each result, in input order (join).
    // TODO: make sure every thread you start is gone when you return (try-with-resources).
    for (Callable<T> task : tasks) {
      try {
        results.add(task.call());
      } catch (Exception e) {
        throw new ExecutionException(e);
      }
    }
    return results;
  }
}

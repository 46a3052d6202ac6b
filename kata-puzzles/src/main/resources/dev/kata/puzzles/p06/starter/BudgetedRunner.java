package p06_semaphore;

import dev.kata.puzzles.p06.Throttle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;

/*
 * Puzzle 06 · Concurrency budget
 *
 * GOAL
 *   Run every job concurrently, but never more at once than `permits` allows, and give every
 *   permit back, even when a job throws.
 *
 * THE CONCEPT
 *   A semaphore is a counter of permits. acquire() takes one, waiting while none is left;
 *   release() gives one back. If a job that throws skips its release(), that permit is gone
 *   for good: the budget shrinks with every failure until nothing can run at all.
 *
 * WHAT THE CHECKS PROVE
 *   For 1 to 64 jobs, 1 to 8 permits, and jobs that throw checked exceptions, RuntimeExceptions
 *   and Errors while others still run:
 *   - every job runs once, and the very exceptions the jobs threw are returned (not wrappers);
 *   - never more than K jobs are in flight at once, and K are reached (the budget is used);
 *   - a job waiting for a permit blocks on the semaphore, with no timeout and no spinning;
 *   - runAll returns only after the last job has finished, however slow, and then every
 *     permit is back;
 *   - interrupted while it waits, runAll throws InterruptedException, and no job is left
 *     running; a job interrupted while it waits for a permit takes none and gives none back.
 *
 * Run:   ./kata run --puzzle 6        Hints:  ./kata hint --puzzle 6 --level 1
 */
public class BudgetedRunner implements Throttle {

  @Override
  public List<Throwable> runAll(List<Callable<?>> jobs, Semaphore permits)
      throws InterruptedException {
    List<Throwable> failures = new ArrayList<>();
    // TODO: run the jobs concurrently (one virtual thread per job is fine)...
    // TODO: ...but make each job hold a permit while it runs: acquire before, release after.
    // TODO: release in a finally block, so a job that throws still gives its permit back.
    // TODO: collect the exceptions of failed jobs, and return once every job has finished.
    for (Callable<?> job : jobs) {
      try {
        job.call();
      } catch (Exception e) {
        failures.add(e);
      }
    }
    return failures;
  }
}

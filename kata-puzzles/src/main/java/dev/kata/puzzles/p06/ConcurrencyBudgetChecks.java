package dev.kata.puzzles.p06;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.kata.api.check.Invariant;
import dev.kata.api.check.PropertyChecks;
import dev.kata.api.check.PuzzleChecks;
import dev.kata.api.check.TimeScale;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The checks of puzzle 06: N jobs (1 to 64), K permits (1 to 8), and a random set of jobs that
 * throw. Jobs are held until as many are in flight as allowed (see {@link Saturation}).
 */
@PuzzleChecks
public class ConcurrencyBudgetChecks {

  private static final long RETURN_MILLIS = 2_000;

  /** One generated scenario: which jobs fail comes from the bits of a seed. */
  private record Scenario(int jobs, int permits, long failureBits) {
    boolean fails(int job) {
      return (failureBits >>> (job % 64) & 1) == 1;
    }

    int failures() {
      int count = 0;
      for (int i = 0; i < jobs; i++) {
        count += fails(i) ? 1 : 0;
      }
      return count;
    }

    @Override
    public String toString() {
      return jobs + " jobs, " + permits + " permits, " + failures() + " failing";
    }
  }

  /** What one call of runAll did. */
  private record Run(Scenario scenario, Saturation saturation, Semaphore semaphore, AtomicIntegerArray calls,
      List<Throwable> failures) {}

  @Test
  @Order(1)
  @DisplayName("every job runs exactly once, and each failure is returned")
  void everyJobOnceAndFailuresReturned(Throttle solution) {
    PropertyChecks.forAll(30, integers().between(0, 64), integers().between(1, 8), longs().all(), (n, k, bits) -> {
      Run run = run(solution, new Scenario(n, k, bits), false);
      for (int i = 0; i < n; i++) {
        if (run.calls().get(i) != 1) {
          throw Invariant.violated("every job runs exactly once (" + run.scenario() + ")", "job " + i + " ran once",
              "job " + i + " ran " + run.calls().get(i) + " times");
        }
      }
      int expected = run.scenario().failures();
      if (run.failures() == null || run.failures().size() != expected) {
        throw Invariant.violated("every failure is returned (" + run.scenario() + ")", expected + " exceptions",
            run.failures() == null ? "null" : run.failures().size() + " exceptions: " + run.failures());
      }
    });
  }

  @Test
  @Order(2)
  @DisplayName("never more jobs in flight than permits, and the budget is used in full")
  void atMostKInFlightAndKReached(Throttle solution) {
    PropertyChecks.forAll(40, integers().between(1, 64), integers().between(1, 8), longs().all(), (n, k, bits) -> {
      Run run = run(solution, new Scenario(n, k, bits), true);
      int max = run.saturation().maxInFlight();
      if (run.saturation().withoutPermit() != null) {
        throw Invariant.violated("a job runs only while it holds one of the permits it was given (" + run.scenario() + ")",
            "each running job holds a permit of the semaphore passed to runAll", run.saturation().withoutPermit(),
            run.saturation().timeline());
      }
      if (max > k) {
        throw Invariant.violated("at most " + k + " jobs in flight at once (" + run.scenario() + ")",
            "at most " + k + " in flight", max + " jobs were in flight at once", run.saturation().timeline());
      }
      if (max < Math.min(k, n)) {
        throw Invariant.violated("the budget is used: " + Math.min(k, n) + " jobs in flight together ("
            + run.scenario() + ")", Math.min(k, n) + " in flight at once", "at most " + max,
            run.saturation().timeline());
      }
    });
  }

  @Test
  @Order(3)
  @DisplayName("every permit is returned, even when jobs throw")
  void permitsAlwaysReturned(Throttle solution) {
    PropertyChecks.forAll(30, integers().between(1, 64), integers().between(1, 8), longs().all(), (n, k, bits) -> {
      Run run = run(solution, new Scenario(n, k, bits | 1L), false);
      int available = run.semaphore().availablePermits();
      if (available != k) {
        throw Invariant.violated("every permit comes back, even from a job that threw (" + run.scenario() + ")",
            k + " permits free after runAll", available + " permits free");
      }
    });
  }

  /** Call runAll on a thread of its own, bounded, so a solution that never returns fails instead of hanging. */
  private static Run run(Throttle solution, Scenario scenario, boolean hold) {
    Semaphore semaphore = new Semaphore(scenario.permits());
    Saturation saturation = new Saturation(semaphore, scenario.permits(), scenario.jobs(), hold);
    AtomicIntegerArray calls = new AtomicIntegerArray(Math.max(1, scenario.jobs()));
    List<Callable<?>> jobs = new ArrayList<>();
    for (int i = 0; i < scenario.jobs(); i++) {
      int id = i;
      jobs.add(() -> {
        calls.incrementAndGet(id);
        saturation.run("job " + id, scenario.fails(id) ? new IllegalStateException("job " + id + " failed") : null);
        return id;
      });
    }
    AtomicReference<List<Throwable>> failures = new AtomicReference<>();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread caller = Thread.ofPlatform().name("caller").start(() -> {
      try {
        failures.set(solution.runAll(jobs, semaphore));
      } catch (Throwable t) {
        thrown.set(t);
      }
    });
    try {
      caller.join(TimeScale.millis(RETURN_MILLIS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    if (caller.isAlive()) {
      int available = semaphore.availablePermits();
      caller.interrupt();
      throw Invariant.violated("runAll returns once every job has finished (" + scenario + ")",
          "it returned", "it was still waiting after " + TimeScale.millis(RETURN_MILLIS) + " ms, with " + available
              + " of " + scenario.permits() + " permits free" + (available < scenario.permits()
              ? ": permits taken by jobs that threw were never returned, and the other jobs wait for them forever" : ""));
    }
    if (thrown.get() != null) {
      throw Invariant.violated("runAll returns the failures instead of throwing (" + scenario + ")",
          "a list of exceptions", "it threw " + thrown.get());
    }
    return new Run(scenario, saturation, semaphore, calls, failures.get());
  }
}

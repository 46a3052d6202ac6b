package dev.kata.bench;

import dev.kata.puzzles.p06.ConcurrencyBudget;
import dev.kata.puzzles.p06.Throttle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Puzzle 06, I/O-bound jobs under a budget of K permits: what bounded concurrency buys.
 *
 * <p><b>What is measured:</b> the average time of one {@code runAll(jobs, new Semaphore(permits))},
 * in milliseconds. Each job simulates a call to a slow service: it sleeps {@code latencyMillis} and
 * uses no CPU, so cores are not the limit; the permits are.
 *
 * <p><b>What to look for:</b> the sequential baseline takes {@code jobs × latency}. With K permits
 * the jobs run in waves of K, so the best possible is {@code ceil(jobs / K) × latency}: a speed-up
 * of K (fewer if there are fewer jobs than permits). A solution that holds permits longer than the
 * job, starts jobs late, or serialises them somewhere shows a lower fraction of that ideal; one
 * that ignores the budget would be faster than the ideal, which its checks forbid.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class SemaphoreBenchmark {

  /**
   * Which implementation: {@code baseline} (sequential), {@code reference} or {@code workspace}.
   */
  @Param({Solutions.BASELINE, Solutions.REFERENCE, Solutions.WORKSPACE})
  public String solution;

  /** How many jobs one call runs. */
  @Param({"16", "32"})
  public int jobs;

  /** The budget K: permits of the semaphore. */
  @Param({"4"})
  public int permits;

  /** The simulated latency L of each job. */
  @Param({"5"})
  public int latencyMillis;

  private Throttle throttle;
  private List<Callable<?>> work;

  /** Load the implementation and build the jobs once per trial. */
  @Setup(Level.Trial)
  public void setUp() {
    throttle =
        Solutions.load(
            "06",
            solution,
            new ConcurrencyBudget().solutionClassName(),
            Throttle.class,
            Sequential::new);
    work = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      work.add(
          () -> {
            Thread.sleep(latencyMillis);
            return null;
          });
    }
  }

  /**
   * One call: every job, within the budget; a fresh semaphore each time, as a caller would pass.
   */
  @Benchmark
  public List<Throwable> runAll() throws InterruptedException {
    return throttle.runAll(work, new Semaphore(permits));
  }

  /** The baseline: one job at a time on the calling thread, one permit held at a time. */
  static final class Sequential implements Throttle {
    @Override
    public List<Throwable> runAll(List<Callable<?>> jobs, Semaphore permits)
        throws InterruptedException {
      List<Throwable> failures = new ArrayList<>();
      for (Callable<?> job : jobs) {
        permits.acquire();
        try {
          job.call();
        } catch (InterruptedException e) {
          throw e;
        } catch (Exception e) {
          failures.add(e);
        } finally {
          permits.release();
        }
      }
      return failures;
    }
  }
}

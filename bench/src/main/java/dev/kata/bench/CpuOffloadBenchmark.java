package dev.kata.bench;

import dev.kata.puzzles.p10.CpuOffload;
import dev.kata.puzzles.p10.Offload;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;
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
 * Puzzle 10, CPU-bound work: what offloading to a pool sized to the cores buys.
 *
 * <p><b>What is measured:</b> the average time of one {@code computeAll(inputs, work).join()}, in
 * milliseconds: {@code items} inputs, each a pure computation of about 0.75 ms with no shared
 * state, so the work divides perfectly between cores. The solution's own costs (creating and
 * shutting down its pool, handing work to threads, collecting results) are part of each call, as
 * they would be for its user.
 *
 * <p><b>What to look for:</b> the sequential baseline takes about {@code items} times one item. A
 * solution that uses every core takes about that divided by the number of cores, so its speed-up
 * over the baseline approaches the core count. A one-thread pool, or work left on the calling
 * thread, shows a speed-up near 1. With few items the fixed cost of a pool per call shows up as a
 * lower fraction of the ideal; so does the time an idle core takes to wake up, which on a virtual
 * machine can be a millisecond or more per call. That is why the sizes are large: a call of tens of
 * milliseconds or more measures the parallelism, not the wake-up.
 *
 * <p>The result of each call is returned, so JMH consumes it and the JIT cannot drop the work.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class CpuOffloadBenchmark {

  /** Iterations of the mixing loop per item: about 0.75 ms on a current server core. */
  static final int ROUNDS_PER_ITEM = 400_000;

  /**
   * Which implementation: {@code baseline} (sequential), {@code reference} or {@code workspace}.
   */
  @Param({Solutions.BASELINE, Solutions.REFERENCE, Solutions.WORKSPACE})
  public String solution;

  /** How many independent work items one call computes. */
  @Param({"64", "256"})
  public int items;

  private Offload offload;
  private List<Integer> inputs;

  /** Load the implementation once per trial; its start-up is not what is measured. */
  @Setup(Level.Trial)
  public void setUp() {
    offload =
        Solutions.load(
            "10", solution, new CpuOffload().solutionClassName(), Offload.class, Sequential::new);
    inputs = IntStream.range(0, items).boxed().toList();
  }

  /** One call: compute every item and wait for the list of results. */
  @Benchmark
  public List<Long> computeAll() {
    return offload.computeAll(inputs, CpuOffloadBenchmark::crunch).join();
  }

  /**
   * The work of one item: a dependent chain of multiply, add and xor-shift the JIT cannot shorten.
   */
  static long crunch(int x) {
    long h = x;
    for (int i = 0; i < ROUNDS_PER_ITEM; i++) {
      h = h * 6364136223846793005L + 1442695040888963407L;
      h ^= h >>> 29;
    }
    return h;
  }

  /** The baseline: every item in turn on the calling thread, no pool at all. */
  static final class Sequential implements Offload {
    @Override
    public <T, R> CompletableFuture<List<R>> computeAll(List<T> inputs, Function<T, R> work) {
      return CompletableFuture.completedFuture(inputs.stream().map(work).toList());
    }
  }
}

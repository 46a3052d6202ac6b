package p10_cpu_offload;

import dev.kata.puzzles.p10.Offload;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/*
 * Puzzle 10 · Executors for CPU work
 *
 * GOAL
 *   computeAll() is called on a responsive thread (think: a UI thread). Start the work elsewhere,
 *   on every core, and return at once with a future of the results.
 *
 * THE CONCEPT
 *   A responsive thread that computes for a second is frozen for a second: no clicks, no
 *   repaints, no other tasks. CPU-bound work belongs on a pool with one thread per core; more
 *   threads than cores only adds switching. A pool you create is yours to shut down.
 *
 * WHAT THE CHECKS PROVE
 *   - the results equal the sequential computation, in input order;
 *   - the responsive thread runs its other tasks while the work is in progress;
 *   - the work runs on at least two cores at once, and two calls' work can overlap;
 *   - no more inputs compute at once than a pool sized to the cores allows (not one per input);
 *   - a failing input (RuntimeException or Error) fails the future with that exception;
 *   - no pool thread outlives the work, whether it succeeded or failed.
 *
 * Run:   ./kata run --puzzle 10       Hints:  ./kata hint --puzzle 10 --level 1
 */
public class CoreOffload implements Offload {

  @Override
  public <T, R> CompletableFuture<List<R>> computeAll(List<T> inputs, Function<T, R> work) {
    // TODO: this computes on the calling (responsive) thread. Create a pool sized to the cores...
    // TODO: ...run work.apply(x) for each input on it, and combine the results, in input order,
    // into one future.
    // TODO: shut the pool down once the work is done (whenComplete), and return without waiting.
    return CompletableFuture.completedFuture(inputs.stream().map(work).toList());
  }
}

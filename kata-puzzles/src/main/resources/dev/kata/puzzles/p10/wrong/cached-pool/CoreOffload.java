package p10_cpu_offload;

import dev.kata.puzzles.p10.Offload;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * WRONG: a cached pool for CPU-bound work. It starts a new thread whenever no idle one is free, so
 * a thousand inputs submitted at once become about a thousand threads fighting over a few cores:
 * nothing finishes sooner, every thread costs its stack, and the switching between them is pure
 * overhead. CPU-bound work belongs on a pool sized to the cores.
 */
public class CoreOffload implements Offload {

  @Override
  public <T, R> CompletableFuture<List<R>> computeAll(List<T> inputs, Function<T, R> work) {
    ExecutorService pool = Executors.newCachedThreadPool(); // BUG: sized to the inputs, not cores
    List<CompletableFuture<R>> parts =
        inputs.stream().map(x -> CompletableFuture.supplyAsync(() -> work.apply(x), pool)).toList();
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
        .thenApply(done -> parts.stream().map(CompletableFuture::join).toList())
        .whenComplete((results, failure) -> pool.shutdown());
  }
}

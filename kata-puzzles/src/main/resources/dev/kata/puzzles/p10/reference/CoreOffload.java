package p10_cpu_offload;

import dev.kata.puzzles.p10.Offload;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Reference solution of puzzle 10.
 *
 * <p>One pool per call, sized to the cores, shut down when the call's work completes. A long-lived
 * shared pool is the usual choice in an application; here the contract asks that nothing outlive
 * the work, so the pool's lifetime is the call's.
 */
public class CoreOffload implements Offload {

  @Override
  public <T, R> CompletableFuture<List<R>> computeAll(List<T> inputs, Function<T, R> work) {
    // CPU-bound: one thread per core. More would only add switching; fewer would leave cores idle.
    ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
    List<CompletableFuture<R>> parts =
        inputs.stream().map(x -> CompletableFuture.supplyAsync(() -> work.apply(x), pool)).toList();
    // allOf completes when every part has; join() then cannot block, and each part's completion
    // happens-before join() returns, so the results are safely visible to whoever reads them.
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
        .thenApply(done -> parts.stream().map(CompletableFuture::join).toList())
        .whenComplete((results, failure) -> pool.shutdown()); // idle workers then exit
  }
}

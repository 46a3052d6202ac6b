package p10_cpu_offload;

import dev.kata.puzzles.p10.Offload;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * WRONG: shuts the pool down in thenApply, which runs only on success. When an input's work throws,
 * the future fails, the shutdown is skipped, and the pool's threads live on.
 */
public class CoreOffload implements Offload {

  @Override
  public <T, R> CompletableFuture<List<R>> computeAll(List<T> inputs, Function<T, R> work) {
    ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
    List<CompletableFuture<R>> parts =
        inputs.stream().map(x -> CompletableFuture.supplyAsync(() -> work.apply(x), pool)).toList();
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              pool.shutdown();
              return parts.stream().map(CompletableFuture::join).toList();
            });
  }
}

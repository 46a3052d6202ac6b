package p10_cpu_offload;

import dev.kata.puzzles.p10.Offload;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * WRONG: hides failures. Each part turns its exception into a null result with exceptionally(), so
 * the future completes normally and the caller cannot tell a failed input from a null result.
 */
public class CoreOffload implements Offload {

  @Override
  public <T, R> CompletableFuture<List<R>> computeAll(List<T> inputs, Function<T, R> work) {
    ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
    List<CompletableFuture<R>> parts =
        inputs.stream()
            .map(
                x ->
                    CompletableFuture.supplyAsync(() -> work.apply(x), pool)
                        .exceptionally(e -> null))
            .toList();
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
        .thenApply(done -> parts.stream().map(CompletableFuture::join).toList())
        .whenComplete((results, failure) -> pool.shutdown());
  }
}

package p10_cpu_offload;

import dev.kata.puzzles.p10.Offload;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/** WRONG: a one-thread pool. The responsive thread is free, but only one core ever works. */
public class CoreOffload implements Offload {

  @Override
  public <T, R> CompletableFuture<List<R>> computeAll(List<T> inputs, Function<T, R> work) {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    List<CompletableFuture<R>> parts =
        inputs.stream().map(x -> CompletableFuture.supplyAsync(() -> work.apply(x), pool)).toList();
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
        .thenApply(done -> parts.stream().map(CompletableFuture::join).toList())
        .whenComplete((results, failure) -> pool.shutdown());
  }
}

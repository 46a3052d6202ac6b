package p10_cpu_offload;

import dev.kata.puzzles.p10.Offload;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * WRONG: a pool of twice the cores for CPU-bound work, "to keep the cores busy". A CPU-bound thread
 * never waits, so a core never idles while its thread has work: the extra threads only take turns
 * with the others, and every turn is a context switch. Size a CPU pool to the cores (one more at
 * most); pools larger than the cores are for work that waits.
 */
public class CoreOffload implements Offload {

  @Override
  public <T, R> CompletableFuture<List<R>> computeAll(List<T> inputs, Function<T, R> work) {
    ExecutorService pool =
        Executors.newFixedThreadPool(2 * Runtime.getRuntime().availableProcessors()); // BUG
    List<CompletableFuture<R>> parts =
        inputs.stream().map(x -> CompletableFuture.supplyAsync(() -> work.apply(x), pool)).toList();
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
        .thenApply(done -> parts.stream().map(CompletableFuture::join).toList())
        .whenComplete((results, failure) -> pool.shutdown());
  }
}

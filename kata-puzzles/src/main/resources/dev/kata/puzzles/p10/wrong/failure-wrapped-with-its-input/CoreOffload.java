package p10_cpu_offload;

import dev.kata.puzzles.p10.Offload;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * WRONG: wraps a failure of the work in a new exception that names the input, "for context": the
 * future's cause is then the wrapper, and a caller that catches the work's own exception type never
 * sees it.
 */
public class CoreOffload implements Offload {

  @Override
  public <T, R> CompletableFuture<List<R>> computeAll(List<T> inputs, Function<T, R> work) {
    // CPU-bound: one thread per core. More would only add switching; fewer would leave cores idle.
    ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
    List<CompletableFuture<R>> parts =
        inputs.stream()
            .map(x -> CompletableFuture.supplyAsync(() -> applyNamingTheInput(work, x), pool))
            .toList();
    // allOf completes when every part has; join() then cannot block, and each part's completion
    // happens-before join() returns, so the results are safely visible to whoever reads them.
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
        .thenApply(done -> parts.stream().map(CompletableFuture::join).toList())
        .whenComplete((results, failure) -> pool.shutdown()); // idle workers then exit
  }

  private static <T, R> R applyNamingTheInput(Function<T, R> work, T x) {
    try {
      return work.apply(x);
    } catch (RuntimeException e) {
      throw new RuntimeException("the work failed on input " + x, e);
    }
  }
}

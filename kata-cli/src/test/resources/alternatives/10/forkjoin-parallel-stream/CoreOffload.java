package p10_cpu_offload;

import dev.kata.puzzles.p10.Offload;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;

/**
 * VALID: a parallel stream run inside a ForkJoinPool of its own, shut down when the stream ends.
 */
public class CoreOffload implements Offload {

  @Override
  public <T, R> CompletableFuture<List<R>> computeAll(List<T> inputs, Function<T, R> work) {
    ForkJoinPool pool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
    CompletableFuture<List<R>> result = new CompletableFuture<>();
    pool.execute(
        () -> {
          try {
            // A parallel stream started on a ForkJoinPool thread runs its subtasks in that pool.
            result.complete(inputs.parallelStream().map(work).toList());
          } catch (Throwable t) {
            result.completeExceptionally(t);
          } finally {
            pool.shutdown();
          }
        });
    return result;
  }
}

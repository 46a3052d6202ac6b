package p10_cpu_offload;

import dev.kata.puzzles.p10.Offload;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * VALID: a coordinator thread of its own calls invokeAll on a fixed pool and completes the future.
 */
public class CoreOffload implements Offload {

  @Override
  public <T, R> CompletableFuture<List<R>> computeAll(List<T> inputs, Function<T, R> work) {
    CompletableFuture<List<R>> result = new CompletableFuture<>();
    Thread.ofPlatform()
        .name("offload-coordinator")
        .start(
            () -> {
              try (ExecutorService pool =
                  Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors())) {
                List<Callable<R>> calls = new ArrayList<>();
                for (T x : inputs) {
                  calls.add(() -> work.apply(x));
                }
                List<R> values = new ArrayList<>();
                for (Future<R> future : pool.invokeAll(calls)) {
                  values.add(future.get());
                }
                pool.shutdown();
                result.complete(values);
              } catch (ExecutionException e) {
                result.completeExceptionally(e.getCause());
              } catch (Throwable t) {
                result.completeExceptionally(t);
              }
            });
    return result;
  }
}

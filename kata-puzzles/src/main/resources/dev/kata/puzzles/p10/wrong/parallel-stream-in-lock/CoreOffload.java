package p10_cpu_offload;

import dev.kata.puzzles.p10.Offload;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * WRONG: a parallel stream inside a lock. Each call's work is parallel, but the lock makes a second
 * call wait for the whole first one: two calls never overlap.
 */
public class CoreOffload implements Offload {

  private static final Object LOCK = new Object();

  @Override
  public <T, R> CompletableFuture<List<R>> computeAll(List<T> inputs, Function<T, R> work) {
    return CompletableFuture.supplyAsync(
        () -> {
          synchronized (LOCK) {
            return inputs.parallelStream().map(work).toList();
          }
        });
  }
}

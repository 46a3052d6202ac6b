package p10_cpu_offload;

import dev.kata.puzzles.p10.Offload;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * WRONG: completes its own future from the pool tasks, catching Exception only. An Error thrown by
 * the work escapes the task, so the future is never completed and the pool is never shut down.
 */
public class CoreOffload implements Offload {

  @Override
  public <T, R> CompletableFuture<List<R>> computeAll(List<T> inputs, Function<T, R> work) {
    CompletableFuture<List<R>> result = new CompletableFuture<>();
    if (inputs.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
    AtomicReferenceArray<R> values = new AtomicReferenceArray<>(inputs.size());
    AtomicInteger remaining = new AtomicInteger(inputs.size());
    for (int i = 0; i < inputs.size(); i++) {
      int index = i;
      pool.execute(
          () -> {
            try {
              values.set(index, work.apply(inputs.get(index)));
              if (remaining.decrementAndGet() == 0) {
                List<R> list = new ArrayList<>();
                for (int k = 0; k < values.length(); k++) {
                  list.add(values.get(k));
                }
                pool.shutdown();
                result.complete(Collections.unmodifiableList(list));
              }
            } catch (Exception e) { // an Error is not an Exception
              pool.shutdown();
              result.completeExceptionally(e);
            }
          });
    }
    return result;
  }
}

package p10_cpu_offload;

import dev.kata.puzzles.p10.Offload;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * WRONG: computes on the calling thread. The future is already complete, and the responsive thread
 * was frozen meanwhile.
 */
public class CoreOffload implements Offload {

  @Override
  public <T, R> CompletableFuture<List<R>> computeAll(List<T> inputs, Function<T, R> work) {
    return CompletableFuture.completedFuture(inputs.stream().map(work).toList());
  }
}

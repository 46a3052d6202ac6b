package p10_cpu_offload;

import dev.kata.puzzles.p10.Offload;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * WRONG: a virtual thread per input for CPU-bound work. Virtual threads make waiting cheap, not
 * computing faster: they run on a carrier pool sized to the cores anyway, so a thread per input
 * adds a thread, a stack and a scheduling step per input and gains nothing. They also give no bound
 * of their own: the moment the work waits for anything, every input is in flight at once. CPU-bound
 * work belongs on a pool sized to the cores.
 */
public class CoreOffload implements Offload {

  @Override
  public <T, R> CompletableFuture<List<R>> computeAll(List<T> inputs, Function<T, R> work) {
    ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor(); // BUG: one per input
    List<CompletableFuture<R>> parts =
        inputs.stream().map(x -> CompletableFuture.supplyAsync(() -> work.apply(x), pool)).toList();
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
        .thenApply(done -> parts.stream().map(CompletableFuture::join).toList())
        .whenComplete((results, failure) -> pool.shutdown());
  }
}

package p04_timeouts;

import dev.kata.puzzles.p04.BoundedWait;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/*
 * A correct solution designed unlike the reference: withFuture uses invokeAny with a timeout (which
 * cancels with interruption on timeout) and relies on close() to wait for the end; withCompletable
 * starts a plain virtual thread and interrupts that thread itself when the future completes.
 */
public class Waiter implements BoundedWait {

  @Override
  public <T> Optional<T> withFuture(Callable<T> task, Duration limit)
      throws ExecutionException, InterruptedException {
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      return Optional.of(executor.invokeAny(List.of(task), limit.toNanos(), TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      return Optional.empty(); // close() above already waited for the cancelled task to end
    }
  }

  @Override
  public <T> CompletableFuture<T> withCompletable(Callable<T> task, Duration limit, T fallback) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread thread =
        Thread.ofVirtual()
            .unstarted(
                () -> {
                  try {
                    result.complete(task.call());
                  } catch (Throwable t) {
                    result.completeExceptionally(t);
                  }
                });
    result.whenComplete((v, e) -> thread.interrupt()); // our own thread: interrupting it is safe
    thread.start();
    return result.completeOnTimeout(fallback, limit.toNanos(), TimeUnit.NANOSECONDS);
  }
}

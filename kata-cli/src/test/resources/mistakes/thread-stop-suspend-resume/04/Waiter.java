package p04_timeouts;

import dev.kata.puzzles.p04.BoundedWait;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/*
 * A correct solution designed unlike the reference: withFuture runs the task on a platform thread
 * it starts itself, waits on a CompletableFuture with a timeout, then interrupts and joins the
 * thread; withCompletable uses supplyAsync on a per-call executor and stops the task with
 * shutdownNow() when the future completes.
 */
public class Waiter implements BoundedWait {

  @Override
  public <T> Optional<T> withFuture(Callable<T> task, Duration limit)
      throws ExecutionException, InterruptedException {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread worker =
        Thread.ofPlatform()
            .name("withFuture-worker")
            .start(
                () -> {
                  try {
                    result.complete(task.call());
                  } catch (Throwable t) {
                    result.completeExceptionally(t);
                  }
                });
    try {
      return Optional.of(result.get(limit.toNanos(), TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      worker.stop(); // MISTAKE: Thread.stop is gone; it throws UnsupportedOperationException
      joinUninterruptibly(worker);
      return Optional.empty();
    } catch (InterruptedException e) {
      worker.interrupt();
      joinUninterruptibly(worker);
      throw e;
    } catch (ExecutionException e) {
      joinUninterruptibly(worker);
      throw e;
    }
  }

  /** Wait for the worker's end even if interrupted meanwhile, then keep the interrupt. */
  private static void joinUninterruptibly(Thread worker) {
    boolean interrupted = false;
    while (true) {
      try {
        worker.join();
        break;
      } catch (InterruptedException again) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public <T> CompletableFuture<T> withCompletable(Callable<T> task, Duration limit, T fallback) {
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    CompletableFuture<T> result =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return task.call();
              } catch (RuntimeException | Error e) {
                throw e;
              } catch (Exception e) {
                throw new CompletionException(e);
              }
            },
            executor);
    executor.shutdown();
    result.completeOnTimeout(fallback, limit.toNanos(), TimeUnit.NANOSECONDS);
    result.whenComplete((v, e) -> executor.shutdownNow());
    return result;
  }
}

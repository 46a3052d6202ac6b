package p08_pipeline;

import dev.kata.puzzles.p08.Pipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/*
 * A correct solution unlike the reference: one single-thread executor per stage, and items travel
 * as tasks. The executors' own queues are unbounded, so a Semaphore of `capacity` permits per link
 * is the bound: a stage takes a permit before it hands an item on, and the next stage gives it back
 * when it takes the item up. No poison pill: the last stage completes the outcome after the last
 * item. Any failure completes the outcome exceptionally; from then on no stage starts an item, and
 * the caller stops every executor.
 */
public class QueuedPipeline implements Pipeline {

  @Override
  public <T, A, B, R> List<R> run(
      List<T> input, Stage<T, A> first, Stage<A, B> second, Stage<B, R> third, int capacity)
      throws ExecutionException, InterruptedException {
    ExecutorService stageOne = Executors.newSingleThreadExecutor();
    ExecutorService stageTwo = Executors.newSingleThreadExecutor();
    ExecutorService stageThree = Executors.newSingleThreadExecutor();
    Semaphore roomBeforeTwo = new Semaphore(capacity);
    Semaphore roomBeforeThree = new Semaphore(capacity);
    int count = input.size();
    CompletableFuture<List<R>> outcome = new CompletableFuture<>();
    List<R> results = new ArrayList<>(count); // written by stage three's thread only
    stageOne.execute(
        () -> {
          try {
            for (T item : input) {
              if (outcome.isDone()) {
                return; // a stage failed: no item may go past the one that failed
              }
              A a = first.apply(item);
              roomBeforeTwo.acquire();
              stageTwo.execute(
                  () -> {
                    roomBeforeTwo.release(); // stage two takes the item up now
                    if (outcome.isDone()) {
                      return;
                    }
                    try {
                      B b = second.apply(a);
                      roomBeforeThree.acquire();
                      stageThree.execute(
                          () -> {
                            roomBeforeThree.release();
                            if (outcome.isDone()) {
                              return;
                            }
                            try {
                              results.add(third.apply(b));
                              if (results.size() == count) {
                                outcome.complete(results);
                              }
                            } catch (Throwable t) {
                              outcome.completeExceptionally(t);
                            }
                          });
                    } catch (Throwable t) {
                      outcome.completeExceptionally(t);
                    }
                  });
            }
            if (count == 0) {
              outcome.complete(results);
            }
          } catch (Throwable t) {
            outcome.completeExceptionally(t);
          }
        });
    try {
      return outcome.get();
    } finally {
      // Done, failed or interrupted: stop every stage and wait until each has.
      List<ExecutorService> all = List.of(stageOne, stageTwo, stageThree);
      all.forEach(ExecutorService::shutdownNow);
      boolean interrupted = false;
      for (ExecutorService stage : all) {
        while (true) {
          try {
            if (stage.awaitTermination(1, TimeUnit.DAYS)) {
              break;
            }
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

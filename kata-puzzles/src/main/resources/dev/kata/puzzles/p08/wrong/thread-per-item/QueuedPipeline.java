package p08_pipeline;

import dev.kata.puzzles.p08.Pipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/*
 * WRONG: a virtual thread per item runs all three stages for that item; items run concurrently,
 * so no stage has a thread of its own and nothing bounds how many items are in flight.
 */
public class QueuedPipeline implements Pipeline {
  @Override
  public <T, A, B, R> List<R> run(
      List<T> input, Stage<T, A> first, Stage<A, B> second, Stage<B, R> third, int capacity)
      throws ExecutionException, InterruptedException {
    List<Future<R>> futures = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (T item : input) {
        futures.add(threads.submit(() -> third.apply(second.apply(first.apply(item)))));
      }
      List<R> results = new ArrayList<>();
      try {
        for (Future<R> f : futures) {
          results.add(f.get());
        }
      } catch (ExecutionException | InterruptedException e) {
        threads.shutdownNow();
        throw e;
      }
      return results;
    }
  }
}

package p08_pipeline;

import dev.kata.puzzles.p08.Pipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/*
 * A correct solution unlike the reference: each stage is a CompletableFuture on a virtual thread of
 * its own; the queues are LinkedBlockingQueues with a capacity; what travels is a message, an item
 * or the end; the first failure completes a future of its own, which the caller waits for beside
 * the last stage.
 */
public class QueuedPipeline implements Pipeline {

  private sealed interface Message<V> {}

  private record Item<V>(V value) implements Message<V> {}

  private record End<V>() implements Message<V> {}

  @Override
  public <T, A, B, R> List<R> run(
      List<T> input, Stage<T, A> first, Stage<A, B> second, Stage<B, R> third, int capacity)
      throws ExecutionException, InterruptedException {
    BlockingQueue<Message<A>> toSecond = new LinkedBlockingQueue<>(capacity);
    BlockingQueue<Message<B>> toThird = new LinkedBlockingQueue<>(capacity);
    CompletableFuture<Void> firstFailure = new CompletableFuture<>();
    ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    try {
      CompletableFuture<Void> one =
          stage(
              threads,
              firstFailure,
              () -> {
                for (T item : input) {
                  toSecond.put(new Item<>(first.apply(item)));
                }
                toSecond.put(new End<>());
                return null;
              });
      CompletableFuture<Void> two =
          stage(
              threads,
              firstFailure,
              () -> {
                while (toSecond.take() instanceof Item<A>(A value)) {
                  toThird.put(new Item<>(second.apply(value)));
                }
                toThird.put(new End<>());
                return null;
              });
      CompletableFuture<List<R>> three =
          stage(
              threads,
              firstFailure,
              () -> {
                List<R> results = new ArrayList<>();
                while (toThird.take() instanceof Item<B>(B value)) {
                  results.add(third.apply(value));
                }
                return results;
              });
      CompletableFuture.anyOf(CompletableFuture.allOf(one, two, three), firstFailure).get();
      return three.get();
    } catch (ExecutionException | InterruptedException e) {
      threads.shutdownNow(); // cancel() of a CompletableFuture would not interrupt anything
      throw e;
    } finally {
      threads.close(); // waits for every stage's virtual thread
    }
  }

  private interface Work<V> {
    V call() throws Exception;
  }

  private static <V> CompletableFuture<V> stage(
      ExecutorService threads, CompletableFuture<Void> firstFailure, Work<V> work) {
    CompletableFuture<V> stage =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return work.call();
              } catch (Exception e) {
                throw new CompletionException(e);
              }
            },
            threads);
    stage.whenComplete(
        (value, failure) -> {
          if (failure != null) {
            firstFailure.completeExceptionally(
                failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause()
                    : failure);
          }
        });
    return stage;
  }
}

package p08_pipeline;

import dev.kata.puzzles.p08.Pipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/*
 * WRONG: the stages swallow interrupts. Each put() and take() is retried when interrupted, so
 * shutdownNow() cannot stop a stage that waits on a queue, and run() waits for ever in close().
 */
public class QueuedPipeline implements Pipeline {

  /**
   * The poison pill: "no more items". A private object no stage function can ever produce, compared
   * by identity, so it cannot be mistaken for an item (null could be a legitimate item, and
   * ArrayBlockingQueue refuses null anyway).
   */
  private static final Object END = new Object();

  @Override
  @SuppressWarnings("unchecked") // the queues carry A or B, or END; only END is not an item
  public <T, A, B, R> List<R> run(
      List<T> input, Stage<T, A> first, Stage<A, B> second, Stage<B, R> third, int capacity)
      throws ExecutionException, InterruptedException {
    // Bounded queues are the backpressure: put() waits while a queue holds `capacity` items, so a
    // slow stage holds back every stage before it instead of letting items pile up in memory.
    BlockingQueue<Object> toSecond = new ArrayBlockingQueue<>(capacity);
    BlockingQueue<Object> toThird = new ArrayBlockingQueue<>(capacity);
    // Written only by the third stage's thread; read by this thread after that stage's future
    // completed, and a task's actions happen-before its Future.get() returns.
    List<R> results = new ArrayList<>(input.size());

    // Three stages, three threads: each stage keeps its thread for the whole run. The pool is
    // closed
    // at the end of the try, and close() waits until every thread has finished its task: nothing
    // outlives run(), whether it returns or throws.
    try (ExecutorService stages = Executors.newFixedThreadPool(3)) {
      CompletionService<Void> ended = new ExecutorCompletionService<>(stages);
      ended.submit(
          () -> {
            for (T item : input) {
              putAnyway(toSecond, first.apply(item));
            }
            putAnyway(toSecond, END);
            return null;
          });
      ended.submit(
          () -> {
            // take() waits, without a time limit, until an item or the pill arrives: a slow first
            // stage
            // is never mistaken for the end of the input.
            for (Object item = takeAnyway(toSecond); item != END; item = takeAnyway(toSecond)) {
              putAnyway(toThird, second.apply((A) item));
            }
            putAnyway(toThird, END);
            return null;
          });
      ended.submit(
          () -> {
            for (Object item = takeAnyway(toThird); item != END; item = takeAnyway(toThird)) {
              results.add(third.apply((B) item));
            }
            return null;
          });
      try {
        // take() hands back the stages in the order they end. A stage that threw ends at once, so
        // its failure surfaces here while the others may still be blocked: no waiting for them.
        for (int stage = 0; stage < 3; stage++) {
          ended.take().get(); // ExecutionException: its cause is exactly what the stage threw
        }
      } catch (ExecutionException | InterruptedException e) {
        // A stage failed, or our caller interrupted us: stop every stage. shutdownNow() interrupts
        // the pool's threads, and a stage blocked in put(), take() or its own function gets an
        // InterruptedException and ends. close() (end of the try) then waits until they have.
        stages.shutdownNow();
        throw e;
      }
    }
    return results;
  }

  /** put() that "survives" interrupts: retries until it succeeds. */
  private static void putAnyway(BlockingQueue<Object> queue, Object item) {
    while (true) {
      try {
        queue.put(item);
        return;
      } catch (InterruptedException e) {
        // ignore and retry
      }
    }
  }

  private static Object takeAnyway(BlockingQueue<Object> queue) {
    while (true) {
      try {
        return queue.take();
      } catch (InterruptedException e) {
        // ignore and retry
      }
    }
  }
}

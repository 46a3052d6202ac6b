package p08_pipeline;

import dev.kata.puzzles.p08.Pipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/*
 * WRONG: a failed item is skipped. Each stage catches the failure of one item, keeps the first
 * one, and goes on with the next item, so the items after the failed one still flow down the
 * pipeline; run() throws only once everything has drained. A failure must stop the pipeline at
 * once, and a stage stuck inside its function keeps the drain from ever ending.
 */
public class QueuedPipeline implements Pipeline {

  private static final Object END = new Object();
  private static final Object FAILED = new Object();

  @Override
  @SuppressWarnings("unchecked")
  public <T, A, B, R> List<R> run(
      List<T> input, Stage<T, A> first, Stage<A, B> second, Stage<B, R> third, int capacity)
      throws ExecutionException, InterruptedException {
    BlockingQueue<Object> toSecond = new ArrayBlockingQueue<>(capacity);
    BlockingQueue<Object> toThird = new ArrayBlockingQueue<>(capacity);
    List<R> results = new ArrayList<>(input.size());
    AtomicReference<Throwable> failure = new AtomicReference<>();
    try (ExecutorService stages = Executors.newFixedThreadPool(3)) {
      List<Future<?>> running = new ArrayList<>();
      running.add(
          stages.submit(
              () -> {
                for (T item : input) {
                  try {
                    toSecond.put(first.apply(item));
                  } catch (InterruptedException e) {
                    throw e;
                  } catch (Throwable t) {
                    failure.compareAndSet(null, t); // remember it, and go on with the next item
                  }
                }
                toSecond.put(END);
                return null;
              }));
      running.add(
          stages.submit(
              () -> {
                for (Object item = toSecond.take(); item != END; item = toSecond.take()) {
                  try {
                    toThird.put(second.apply((A) item));
                  } catch (InterruptedException e) {
                    throw e;
                  } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                  }
                }
                toThird.put(END);
                return null;
              }));
      running.add(
          stages.submit(
              () -> {
                for (Object item = toThird.take(); item != END; item = toThird.take()) {
                  try {
                    results.add(third.apply((B) item));
                  } catch (InterruptedException e) {
                    throw e;
                  } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                  }
                }
                return null;
              }));
      try {
        for (Future<?> stage : running) {
          stage.get();
        }
      } catch (InterruptedException e) {
        stages.shutdownNow();
        throw e;
      }
    }
    if (failure.get() != null) {
      throw new ExecutionException(failure.get());
    }
    return results;
  }
}

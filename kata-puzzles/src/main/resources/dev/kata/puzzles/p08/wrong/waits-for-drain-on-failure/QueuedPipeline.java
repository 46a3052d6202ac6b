package p08_pipeline;

import dev.kata.puzzles.p08.Pipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/*
 * WRONG: a failure is a flag the stages look at between items, and run() waits for every stage to
 * notice it. A stage busy inside its function, or blocked on a queue, never looks at the flag: it
 * is never interrupted, so run() waits for it for ever. (The stages also wait with a timeout, to
 * look at the flag now and then.)
 */
public class QueuedPipeline implements Pipeline {

  private static final Object END = new Object();
  private volatile Throwable failure;

  @Override
  @SuppressWarnings("unchecked")
  public <T, A, B, R> List<R> run(
      List<T> input, Stage<T, A> first, Stage<A, B> second, Stage<B, R> third, int capacity)
      throws ExecutionException, InterruptedException {
    failure = null;
    BlockingQueue<Object> toSecond = new ArrayBlockingQueue<>(capacity);
    BlockingQueue<Object> toThird = new ArrayBlockingQueue<>(capacity);
    List<R> results = new ArrayList<>();
    Thread one =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    for (T item : input) {
                      Object out = first.apply(item);
                      while (failure == null && !toSecond.offer(out, 10, TimeUnit.MILLISECONDS)) {
                        // look at the flag again
                      }
                      if (failure != null) {
                        return;
                      }
                    }
                    toSecond.put(END);
                  } catch (Throwable t) {
                    failure = t;
                  }
                });
    Thread two =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    while (failure == null) {
                      Object item = toSecond.poll(10, TimeUnit.MILLISECONDS);
                      if (item == END) {
                        toThird.put(END);
                        return;
                      }
                      if (item != null) {
                        Object out = second.apply((A) item);
                        while (failure == null && !toThird.offer(out, 10, TimeUnit.MILLISECONDS)) {
                          // look at the flag again
                        }
                      }
                    }
                  } catch (Throwable t) {
                    failure = t;
                  }
                });
    Thread three =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    while (failure == null) {
                      Object item = toThird.poll(10, TimeUnit.MILLISECONDS);
                      if (item == END) {
                        return;
                      }
                      if (item != null) {
                        results.add(third.apply((B) item));
                      }
                    }
                  } catch (Throwable t) {
                    failure = t;
                  }
                });
    one.join();
    two.join();
    three.join();
    if (failure != null) {
      throw new ExecutionException(failure);
    }
    return results;
  }
}

package p08_pipeline;

import dev.kata.puzzles.p08.Pipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;

/*
 * WRONG: a failure in the middle stage leaves the first stage blocked on a full queue. When a
 * stage fails it records the failure and passes the pill on so the stages AFTER it end, then
 * run() joins every stage. Nobody tells the stages BEFORE it: the first stage fills its queue and
 * waits in put() for ever, and so does run() (a deadlock). The same happens to any stage blocked
 * inside its function.
 */
public class QueuedPipeline implements Pipeline {

  private static final Object END = new Object();

  @Override
  @SuppressWarnings("unchecked")
  public <T, A, B, R> List<R> run(
      List<T> input, Stage<T, A> first, Stage<A, B> second, Stage<B, R> third, int capacity)
      throws ExecutionException, InterruptedException {
    BlockingQueue<Object> toSecond = new ArrayBlockingQueue<>(capacity);
    BlockingQueue<Object> toThird = new ArrayBlockingQueue<>(capacity);
    List<R> results = new ArrayList<>();
    Throwable[] failure = new Throwable[1];
    Thread one =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    for (T item : input) {
                      toSecond.put(first.apply(item));
                    }
                  } catch (Throwable t) {
                    failure[0] = t;
                  } finally {
                    try {
                      toSecond.put(END);
                    } catch (InterruptedException ignored) {
                      // give up
                    }
                  }
                });
    Thread two =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    for (Object item = toSecond.take(); item != END; item = toSecond.take()) {
                      toThird.put(second.apply((A) item));
                    }
                  } catch (Throwable t) {
                    failure[0] = t;
                  } finally {
                    try {
                      toThird.put(END); // the third stage ends; the first one is forgotten
                    } catch (InterruptedException ignored) {
                      // give up
                    }
                  }
                });
    Thread three =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    for (Object item = toThird.take(); item != END; item = toThird.take()) {
                      results.add(third.apply((B) item));
                    }
                  } catch (Throwable t) {
                    failure[0] = t;
                  }
                });
    one.join();
    two.join();
    three.join();
    if (failure[0] != null) {
      throw new ExecutionException(failure[0]);
    }
    return results;
  }
}

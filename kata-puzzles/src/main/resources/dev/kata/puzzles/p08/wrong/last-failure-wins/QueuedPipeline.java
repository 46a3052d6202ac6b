package p08_pipeline;

import dev.kata.puzzles.p08.Pipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;

/*
 * WRONG: the last failure wins. Every stage writes what it caught into one field. The first
 * failure interrupts the other stages, and their InterruptedExceptions, caught a moment later,
 * overwrite it: run() reports "interrupted" instead of what went wrong.
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
    List<Thread> stages = new ArrayList<>();
    stages.add(
        Thread.ofPlatform()
            .unstarted(
                () -> {
                  try {
                    for (T item : input) {
                      toSecond.put(first.apply(item));
                    }
                    toSecond.put(END);
                  } catch (Throwable t) {
                    failure = t;
                    stages.forEach(Thread::interrupt);
                  }
                }));
    stages.add(
        Thread.ofPlatform()
            .unstarted(
                () -> {
                  try {
                    for (Object item = toSecond.take(); item != END; item = toSecond.take()) {
                      toThird.put(second.apply((A) item));
                    }
                    toThird.put(END);
                  } catch (Throwable t) {
                    failure = t;
                    stages.forEach(Thread::interrupt);
                  }
                }));
    stages.add(
        Thread.ofPlatform()
            .unstarted(
                () -> {
                  try {
                    for (Object item = toThird.take(); item != END; item = toThird.take()) {
                      results.add(third.apply((B) item));
                    }
                  } catch (Throwable t) {
                    failure = t;
                    stages.forEach(Thread::interrupt);
                  }
                }));
    stages.forEach(Thread::start);
    try {
      for (Thread stage : stages) {
        stage.join();
      }
    } catch (InterruptedException e) {
      stages.forEach(Thread::interrupt);
      for (Thread stage : stages) {
        stage.join();
      }
      throw e;
    }
    if (failure != null) {
      throw new ExecutionException(failure);
    }
    return results;
  }
}

package p08_pipeline;

import dev.kata.puzzles.p08.Pipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/*
 * WRONG: each stage catches Exception, not Throwable. A checked or runtime exception is recorded
 * and stops the other stages, but an Error flies past the catch and kills the stage's thread
 * unseen: nobody is told, the stages after it wait for ever, and so does run().
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
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> stages = new ArrayList<>();
    Runnable stopAll = () -> stages.forEach(Thread::interrupt);
    stages.add(
        Thread.ofPlatform()
            .unstarted(
                () -> {
                  try {
                    for (T item : input) {
                      toSecond.put(first.apply(item));
                    }
                    toSecond.put(END);
                  } catch (Exception e) {
                    if (failure.compareAndSet(null, e)) {
                      stopAll.run();
                    }
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
                  } catch (Exception e) {
                    if (failure.compareAndSet(null, e)) {
                      stopAll.run();
                    }
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
                  } catch (Exception e) {
                    if (failure.compareAndSet(null, e)) {
                      stopAll.run();
                    }
                  }
                }));
    stages.forEach(Thread::start);
    try {
      for (Thread stage : stages) {
        stage.join();
      }
    } catch (InterruptedException e) {
      stopAll.run();
      for (Thread stage : stages) {
        stage.join(); // hmm: interrupted again? then we give up
      }
      throw e;
    }
    if (failure.get() != null) {
      throw new ExecutionException(failure.get());
    }
    return results;
  }
}

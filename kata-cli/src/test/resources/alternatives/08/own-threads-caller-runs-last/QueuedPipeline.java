package p08_pipeline;

import dev.kata.puzzles.p08.Pipeline;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/*
 * A correct solution unlike the reference: two platform threads for the first two stages, and the
 * caller's own thread runs the last one. The queues are hand-written monitors (synchronized,
 * wait, notifyAll). There is no poison pill: every stage knows how many items will come. The first
 * failure is kept in an AtomicReference; whoever fails interrupts the others.
 */
public class QueuedPipeline implements Pipeline {

  /** A bounded FIFO buffer on a monitor. */
  private static final class Buffer<E> {
    private final ArrayDeque<E> items = new ArrayDeque<>();
    private final int capacity;

    Buffer(int capacity) {
      this.capacity = capacity;
    }

    synchronized void put(E item) throws InterruptedException {
      while (items.size() == capacity) {
        wait();
      }
      items.addLast(item);
      notifyAll();
    }

    synchronized E take() throws InterruptedException {
      while (items.isEmpty()) {
        wait();
      }
      E item = items.removeFirst();
      notifyAll();
      return item;
    }
  }

  @Override
  public <T, A, B, R> List<R> run(
      List<T> input, Stage<T, A> first, Stage<A, B> second, Stage<B, R> third, int capacity)
      throws ExecutionException, InterruptedException {
    int count = input.size();
    Buffer<A> toSecond = new Buffer<>(capacity);
    Buffer<B> toThird = new Buffer<>(capacity);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread caller = Thread.currentThread();
    List<Thread> all = new ArrayList<>();
    Runnable stopAll = () -> all.forEach(Thread::interrupt);
    Thread one =
        Thread.ofPlatform()
            .name("stage-1")
            .unstarted(
                () -> {
                  try {
                    for (T item : input) {
                      toSecond.put(first.apply(item));
                    }
                  } catch (Throwable t) {
                    if (failure.compareAndSet(null, t)) {
                      stopAll.run();
                    }
                  }
                });
    Thread two =
        Thread.ofPlatform()
            .name("stage-2")
            .unstarted(
                () -> {
                  try {
                    for (int i = 0; i < count; i++) {
                      toThird.put(second.apply(toSecond.take()));
                    }
                  } catch (Throwable t) {
                    if (failure.compareAndSet(null, t)) {
                      stopAll.run();
                    }
                  }
                });
    all.add(one);
    all.add(two);
    all.add(caller);
    one.start();
    two.start();
    List<R> results = new ArrayList<>(count);
    Throwable own = null;
    try {
      for (int i = 0; i < count; i++) {
        results.add(third.apply(toThird.take()));
      }
    } catch (Throwable t) {
      own = t;
    }
    // An InterruptedException with no failure recorded came from our own caller; with one recorded,
    // from the stage that failed.
    if (own != null && !(own instanceof InterruptedException)) {
      failure.compareAndSet(null, own); // the last stage itself failed
    }
    boolean interruptedByCaller = own instanceof InterruptedException && failure.get() == null;
    one.interrupt();
    two.interrupt();
    boolean interruptedWhileJoining = false;
    for (Thread stage : List.of(one, two)) {
      while (stage.isAlive()) {
        try {
          stage.join();
        } catch (InterruptedException e) {
          interruptedWhileJoining = true; // keep waiting: no stage may outlive run()
        }
      }
    }
    if (interruptedByCaller) {
      Thread.interrupted(); // stages stopping may have interrupted this thread again
      throw new InterruptedException("pipeline interrupted");
    }
    if (failure.get() != null) {
      Thread.interrupted(); // the failing stage interrupted this thread to stop the last stage
      throw new ExecutionException(failure.get());
    }
    if (interruptedWhileJoining) {
      Thread.currentThread().interrupt(); // every item is done: keep the interrupt for our caller
    }
    return results;
  }
}

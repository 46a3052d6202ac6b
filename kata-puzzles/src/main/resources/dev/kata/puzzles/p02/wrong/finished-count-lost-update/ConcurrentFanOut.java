package p02_sequential_vs_concurrent;

import dev.kata.puzzles.p02.FanOut;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/**
 * Wrong: counts the finished tasks with done++ on a volatile field. volatile makes each read and
 * each write visible, but ++ is a read and then a write: two tasks that end at the same moment both
 * read the same count, both write count + 1, and one end is lost. runAll then waits forever for a
 * task that has already finished.
 */
public class ConcurrentFanOut implements FanOut {

  private volatile int done;

  @Override
  public <T> List<T> runAll(List<Callable<T>> tasks)
      throws InterruptedException, ExecutionException {
    int n = tasks.size();
    done = 0;
    Object[] results = new Object[n];
    Throwable[] failures = new Throwable[n];
    List<Thread> threads = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int index = i;
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      results[index] = tasks.get(index).call();
                    } catch (Throwable t) {
                      failures[index] = t;
                    }
                    done++; // volatile, so "every thread sees it"
                    synchronized (this) {
                      notifyAll();
                    }
                  }));
    }
    try {
      synchronized (this) {
        while (done < n) {
          wait();
        }
      }
    } catch (InterruptedException e) {
      threads.forEach(Thread::interrupt);
      for (Thread thread : threads) {
        thread.join();
      }
      throw e;
    }
    for (Throwable failure : failures) {
      if (failure != null) {
        throw new ExecutionException(failure);
      }
    }
    @SuppressWarnings("unchecked")
    List<T> list = (List<T>) Arrays.asList(results);
    return new ArrayList<>(list);
  }
}

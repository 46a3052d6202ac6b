package p02_sequential_vs_concurrent;

import dev.kata.puzzles.p02.FanOut;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/** VALID: one platform thread per task, joined; failures of any kind kept, interrupts passed on. */
public class ConcurrentFanOut implements FanOut {

  @Override
  @SuppressWarnings("unchecked")
  public <T> List<T> runAll(List<Callable<T>> tasks)
      throws InterruptedException, ExecutionException {
    int n = tasks.size();
    Object[] results = new Object[n];
    Throwable[] failures = new Throwable[n];
    List<Thread> threads = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int index = i;
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      results[index] = tasks.get(index).call();
                    } catch (Throwable t) {
                      failures[index] = t;
                    }
                  }));
    }
    try {
      for (Thread thread : threads) {
        thread.join(); // join: the thread's writes happen-before join returns
      }
    } catch (InterruptedException e) {
      threads.forEach(Thread::interrupt);
      for (Thread thread : threads) {
        while (thread.isAlive()) {
          try {
            thread.join();
          } catch (InterruptedException again) {
            // keep waiting: nothing may outlive the call; the first interrupt is rethrown below
          }
        }
      }
      throw e;
    }
    for (Throwable failure : failures) {
      if (failure != null) {
        throw new ExecutionException(failure);
      }
    }
    List<T> list = new ArrayList<>(n);
    for (Object result : results) {
      list.add((T) result);
    }
    return list;
  }
}

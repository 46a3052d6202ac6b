package p06_semaphore;

import dev.kata.puzzles.p06.Throttle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;

/**
 * VALID: a platform thread per job, failures in a synchronized list; on interrupt, stop and join
 * every thread.
 */
public class BudgetedRunner implements Throttle {

  @Override
  public List<Throwable> runAll(List<Callable<?>> jobs, Semaphore permits)
      throws InterruptedException {
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    for (Callable<?> job : jobs) {
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      permits.acquire();
                    } catch (InterruptedException e) {
                      failures.add(e);
                      return;
                    }
                    try {
                      job.call();
                    } catch (Throwable t) {
                      failures.add(t);
                    } finally {
                      permits.release();
                    }
                  }));
    }
    try {
      for (Thread t : threads) {
        t.join();
      }
    } catch (InterruptedException e) {
      threads.forEach(Thread::interrupt);
      for (Thread t : threads) {
        while (t.isAlive()) {
          try {
            t.join();
          } catch (InterruptedException again) {
            // keep joining: nothing may outlive the call
          }
        }
      }
      throw e;
    }
    return new ArrayList<>(failures);
  }
}

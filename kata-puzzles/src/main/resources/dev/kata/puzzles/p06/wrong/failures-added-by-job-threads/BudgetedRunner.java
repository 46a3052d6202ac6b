package p06_semaphore;

import dev.kata.puzzles.p06.Throttle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;

/**
 * WRONG: every job thread adds its failure to one plain ArrayList. Permits, threads and the wait
 * are right; but two jobs that fail at the same instant write the list at once, and an add is a
 * read and a write of its size: one failure is lost, or a slot is written twice. A concurrent
 * collection, a lock around the add, or collecting the failures on the caller's thread (from each
 * job's future) keeps them all.
 */
public class BudgetedRunner implements Throttle {

  @Override
  public List<Throwable> runAll(List<Callable<?>> jobs, Semaphore permits)
      throws InterruptedException {
    List<Throwable> failures = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (Callable<?> job : jobs) {
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      permits.acquire();
                    } catch (InterruptedException e) {
                      failures.add(
                          e); // cancelled before it ran: no permit taken, none to give back
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
      for (Thread thread : threads) {
        thread.join();
      }
    } catch (InterruptedException e) {
      threads.forEach(Thread::interrupt);
      for (Thread thread : threads) {
        thread.join();
      }
      throw e;
    }
    return failures;
  }
}

// A correct design unlike the reference: one FutureTask per task on a platform thread of its own,
// joined in order; on any way out (a failure included) every task is cancelled with cancel(true)
// and every thread joined before runAll returns or throws.
package p02_sequential_vs_concurrent;

import dev.kata.puzzles.p02.FanOut;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

public class ConcurrentFanOut implements FanOut {

  @Override
  public <T> List<T> runAll(List<Callable<T>> tasks)
      throws InterruptedException, ExecutionException {
    List<FutureTask<T>> futures = new ArrayList<>(tasks.size());
    List<Thread> threads = new ArrayList<>(tasks.size());
    try {
      for (Callable<T> task : tasks) {
        FutureTask<T> ft = new FutureTask<>(task);
        Thread t = new Thread(ft, "fan-out-" + threads.size());
        futures.add(ft);
        threads.add(t);
        t.start();
      }
      List<T> results = new ArrayList<>(tasks.size());
      for (FutureTask<T> ft : futures) {
        results.add(ft.get());
      }
      return results;
    } finally {
      // On any way out: stop what still runs, and wait for every thread to be gone.
      for (FutureTask<T> ft : futures) {
        ft.cancel(true);
      }
      boolean interrupted = false;
      for (Thread t : threads) {
        while (true) {
          try {
            t.join();
            break;
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

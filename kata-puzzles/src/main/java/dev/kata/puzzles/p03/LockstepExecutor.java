package dev.kata.puzzles.p03;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An executor for the checks whose two workers run tasks in lockstep: each takes a task, both meet
 * at a spinning barrier, and both run their task at the same instant. Whatever the solution does
 * when a task finishes (add to a list, bump a counter) then runs on two cores at once, which is
 * where a plain collection loses an update. A pool left to itself overlaps two such moments only
 * now and then; lockstep makes nearly every pair overlap.
 *
 * <p>The barrier never waits for a timer: a worker that finds no partner after a short spin (the
 * other is descheduled, or there is no second task) runs its task alone. So a correct solution is
 * never held up, and the lockstep only raises how often a race shows.
 */
final class LockstepExecutor extends AbstractExecutorService {

  private static final int SPINS = 1_000;

  private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
  private final AtomicInteger arrived = new AtomicInteger();
  private final AtomicInteger paired = new AtomicInteger();
  private final Thread[] workers = new Thread[2];
  private volatile boolean shutdown;

  LockstepExecutor() {
    for (int i = 0; i < workers.length; i++) {
      workers[i] = Thread.ofPlatform().daemon(true).name("pool-worker-" + i).start(this::work);
    }
  }

  private void work() {
    try {
      while (!shutdown || !queue.isEmpty()) {
        Runnable task = queue.poll(50, TimeUnit.MILLISECONDS);
        if (task == null) {
          continue;
        }
        meet();
        task.run();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Wait, spinning, until the other worker arrives too or the spin is spent. A pair counts when the
   * first to arrive was still spinning, so on a core, when the second came: both run at once.
   */
  private void meet() {
    int ticket = arrived.incrementAndGet();
    int pair = (ticket + 1) / 2;
    if (ticket % 2 == 0) {
      return;
    }
    for (int i = 0; i < SPINS; i++) {
      if (arrived.get() >= pair * 2) {
        paired.incrementAndGet();
        return;
      }
      Thread.onSpinWait();
    }
  }

  /** How many times the two workers met and started their tasks at the same instant. */
  int paired() {
    return paired.get();
  }

  @Override
  public void execute(Runnable command) {
    if (shutdown) {
      throw new RejectedExecutionException("the check's executor was shut down");
    }
    queue.add(command);
  }

  @Override
  public void shutdown() {
    shutdown = true;
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown = true;
    List<Runnable> left = new ArrayList<>();
    queue.drainTo(left);
    for (Thread worker : workers) {
      worker.interrupt();
    }
    return left;
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean isTerminated() {
    for (Thread worker : workers) {
      if (worker.isAlive()) {
        return false;
      }
    }
    return shutdown;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    for (Thread worker : workers) {
      long left = deadline - System.nanoTime();
      if (left > 0) {
        worker.join(Duration.ofNanos(left));
      }
    }
    return isTerminated();
  }
}

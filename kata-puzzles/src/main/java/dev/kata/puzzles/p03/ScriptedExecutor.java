package dev.kata.puzzles.p03;

import dev.kata.api.check.TimeScale;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An executor for the checks that decides in which order tasks finish, without sleeping.
 *
 * <p>Every task runs on its own thread and waits at its own gate. The check opens the gates in the
 * scripted finishing order, and opens the next one only after the previous task's whole runnable
 * has returned: by then the executor's machinery (a FutureTask, a completion queue) has recorded
 * that completion, so the finishing order is exact, not a race.
 */
final class ScriptedExecutor extends AbstractExecutorService {

  private static final ThreadLocal<Integer> RUNNING = new ThreadLocal<>();
  private static final long WAIT_MILLIS = 2_000;

  private final int count;
  private final CountDownLatch allStarted;
  private final List<CountDownLatch> gates = new ArrayList<>();
  private final List<CountDownLatch> finished = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final List<String> offExecutor = new ArrayList<>();
  private volatile boolean shutdown;

  /** What the caller was parked on when it was seen stuck, for the learner; empty if nothing. */
  volatile String stuckOn = "";

  ScriptedExecutor(int count) {
    this.count = count;
    this.allStarted = new CountDownLatch(count);
    for (int i = 0; i < count; i++) {
      gates.add(new CountDownLatch(1));
      finished.add(new CountDownLatch(1));
    }
  }

  /**
   * Make task {@code index}: it records that it started, waits for its gate, and returns its index.
   */
  Callable<Integer> task(int index) {
    return task(index, null);
  }

  /**
   * Make task {@code index}: it records that it started, waits for its gate, and returns its index,
   * or throws {@code failure} if not null (a checked exception, RuntimeException or Error alike).
   */
  Callable<Integer> task(int index, Throwable failure) {
    return () -> {
      if (!Thread.currentThread().getName().startsWith("scripted-worker-")) {
        synchronized (offExecutor) {
          offExecutor.add("task " + index + " ran on \"" + Thread.currentThread().getName() + "\"");
        }
      }
      RUNNING.set(index);
      allStarted.countDown();
      if (!gates.get(index).await(TimeScale.millis(WAIT_MILLIS * 4), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("task " + index + " was never allowed to finish");
      }
      if (failure != null) {
        throw ScriptedExecutor.<RuntimeException>sneaky(failure);
      }
      return index;
    };
  }

  // The "sneaky throw": E is inferred as RuntimeException at the call, so a checked exception
  // passes through a method that cannot declare it.
  @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"})
  private static <E extends Throwable> E sneaky(Throwable t) throws E {
    throw (E) t;
  }

  /**
   * Wait until every task started; tell whether they all did.
   *
   * <p>Gives up early, without waiting for the timeout, when the caller can no longer make
   * progress: it returned, or it is blocked waiting although it has not submitted every task yet.
   * Every task it did submit waits at a closed gate, so such a caller is waiting for one task
   * before starting the next: the tasks cannot all run at once. The state must hold on ten polls in
   * a row when the caller is parked on something (a future, a queue), on twenty-five when it has no
   * blocker.
   */
  boolean awaitAllStarted(Thread caller) throws InterruptedException {
    long deadline = System.nanoTime() + TimeScale.millis(WAIT_MILLIS) * 1_000_000;
    int stuckPolls = 0;
    int lastSubmitted = -1;
    while (System.nanoTime() < deadline) {
      if (allStarted.await(20, TimeUnit.MILLISECONDS)) {
        return true;
      }
      if (!caller.isAlive()) {
        return allStarted.getCount() == 0;
      }
      int submitted = submitted();
      // Really waiting (not for a lock, where a busy thread also lands for a moment) on a future,
      // queue or latch, with tasks still to submit. The state must last: in a cold JVM under heavy
      // load a caller can be parked for a while by the JVM's own work (class loading, linkage), so
      // a caller parked on a blocker must stay so for 10 polls, one with none for 25.
      boolean waiting = dev.kata.api.check.Threads.isWaiting(caller);
      Object blocker = java.util.concurrent.locks.LockSupport.getBlocker(caller);
      stuckPolls =
          waiting && submitted < count && submitted == lastSubmitted
              ? stuckPolls + (blocker != null ? 5 : 2)
              : 0;
      lastSubmitted = submitted;
      if (stuckPolls >= 50) {
        stuckOn =
            blocker == null
                ? ""
                : " (parked on "
                    + blocker.getClass().getName().replaceFirst("^java\\.util\\.concurrent\\.", "")
                    + ")";
        return false;
      }
    }
    return false;
  }

  private int submitted() {
    synchronized (threads) {
      return threads.size();
    }
  }

  long started() {
    return count - allStarted.getCount();
  }

  /** Let task {@code index} finish and wait until its runnable has fully returned. */
  boolean finish(int index) throws InterruptedException {
    gates.get(index).countDown();
    return finished.get(index).await(TimeScale.millis(WAIT_MILLIS), TimeUnit.MILLISECONDS);
  }

  void openAllGates() {
    gates.forEach(CountDownLatch::countDown);
  }

  List<String> offExecutor() {
    synchronized (offExecutor) {
      return List.copyOf(offExecutor);
    }
  }

  @Override
  public void execute(Runnable command) {
    if (shutdown) {
      throw new java.util.concurrent.RejectedExecutionException(
          "the check's executor was shut down");
    }
    Thread thread =
        Thread.ofPlatform()
            .daemon(true)
            .unstarted(
                () -> {
                  try {
                    command.run();
                  } finally {
                    Integer index = RUNNING.get();
                    RUNNING.remove();
                    if (index != null) {
                      finished.get(index).countDown();
                    }
                  }
                });
    synchronized (threads) {
      thread.setName("scripted-worker-" + threads.size());
      threads.add(thread);
    }
    thread.start();
  }

  void joinAll() throws InterruptedException {
    openAllGates();
    List<Thread> all;
    synchronized (threads) {
      all = List.copyOf(threads);
    }
    for (Thread t : all) {
      t.join(TimeScale.millis(WAIT_MILLIS));
    }
  }

  @Override
  public void shutdown() {
    shutdown = true;
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown = true;
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean isTerminated() {
    return shutdown;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return true;
  }
}

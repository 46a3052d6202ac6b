package dev.kata.puzzles.p06;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;

/**
 * Run many jobs concurrently within a budget: never more at once than there are permits.
 *
 * <p>Think of a service that allows at most K open connections: you have 50 requests to send, and
 * all of them should be in flight as soon as a connection is free, but never K + 1.
 */
public interface Throttle {

  /**
   * Run every job concurrently, each holding one of {@code permits} while it runs, so that no more
   * jobs run at once than the semaphore has permits. Return when every job has finished.
   *
   * <p>Each job runs on a thread of its own and takes its permit there, just before it runs (so a
   * job waiting for a permit is a thread queued on the semaphore). It waits for a permit as long as
   * it takes: no timeout, and no spinning.
   *
   * <p>A job may throw an exception or an error. Its permit must still be returned, and the other
   * jobs still run. When this method returns, the semaphore has as many permits as it had when it
   * was called.
   *
   * <p>A job interrupted while it waits for a permit takes none and gives none back; it either
   * still runs, or its {@link InterruptedException} is among the failures returned.
   *
   * @param jobs the jobs; each must run exactly once
   * @param permits the budget, shared by all jobs
   * @return the exceptions the failed jobs threw (the very objects, not wrappers), in any order;
   *     empty if none failed
   * @throws InterruptedException if interrupted while waiting; by then no job runs any more
   *     (stopped or finished) and every permit is back
   */
  List<Throwable> runAll(List<Callable<?>> jobs, Semaphore permits) throws InterruptedException;
}

package dev.kata.api.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Every carrier thread of the virtual-thread scheduler, held busy by the check, so that no virtual
 * thread of the solution runs until the check lets them go.
 *
 * <p>Virtual threads are not preempted: one that runs without blocking keeps its carrier. A hold
 * starts as many such virtual threads as the scheduler has carriers, each spinning until {@link
 * #close()}. Meanwhile a virtual thread that is woken (unparked, interrupted, its socket ready)
 * only waits in the scheduler's queue. A check uses this to see the state a method promises at the
 * moment it returns, when the method's work is done by virtual threads: without a hold, those
 * threads may well finish a moment after the return, and the check would catch the mistake only
 * sometimes.
 *
 * <p>A method that itself waits for virtual threads (a join, an {@code awaitTermination}) cannot
 * return while carriers are held: close the hold as soon as the caller waits ({@link
 * Threads#cannotGoOnByItself}). A hold therefore costs a correct solution nothing but the check's
 * polling, and never makes it fail.
 *
 * <p>The hold spins on every core for as long as it lasts: keep it short, and close it in a {@code
 * finally}.
 *
 * @since 0.1
 */
public final class Carriers implements AutoCloseable {

  private final List<Thread> spinners;
  private volatile boolean released;

  private Carriers(int count) {
    this.spinners = new ArrayList<>(count);
  }

  /**
   * The number of carrier threads the virtual-thread scheduler runs on: its parallelism.
   *
   * @return {@code jdk.virtualThreadScheduler.parallelism} if set, else the available processors
   */
  public static int count() {
    Integer configured = Integer.getInteger("jdk.virtualThreadScheduler.parallelism");
    return configured != null && configured > 0
        ? configured
        : Runtime.getRuntime().availableProcessors();
  }

  /**
   * Take every carrier: wait, within a bound, until each runs one of the check's spinning threads.
   * A solution's virtual thread that is running goes on until it blocks, and only then gives up its
   * carrier.
   *
   * @param baseMillis how long to wait for every carrier, before {@link TimeScale} is applied
   * @return the hold, or empty if some carrier stayed busy for the whole bound (a virtual thread
   *     that never blocks, such as one spinning); nothing is then held
   * @throws InterruptedException if the calling thread is interrupted while waiting
   */
  public static Optional<Carriers> holdAll(long baseMillis) throws InterruptedException {
    int count = count();
    Carriers hold = new Carriers(count);
    CountDownLatch onCarrier = new CountDownLatch(count);
    for (int i = 0; i < count; i++) {
      hold.spinners.add(
          Thread.ofVirtual()
              .name("kata-carrier-hold-" + i)
              .start(
                  () -> {
                    onCarrier.countDown();
                    while (!hold.released) {
                      Thread.onSpinWait();
                    }
                  }));
    }
    boolean all;
    try {
      all = onCarrier.await(TimeScale.millis(baseMillis), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      hold.released = true;
      throw e;
    }
    if (!all) {
      // not joined: a spinner still waiting for a carrier ends as soon as it gets one
      hold.released = true;
      return Optional.empty();
    }
    return Optional.of(hold);
  }

  /**
   * Tell whether the carriers are still held.
   *
   * @return true until {@link #close()}
   */
  public boolean holding() {
    return !released;
  }

  /** Let the carriers go, and wait for the check's spinning threads to end. Idempotent. */
  @Override
  public void close() {
    released = true;
    boolean interrupted = false;
    for (Thread spinner : spinners) {
      while (true) {
        try {
          spinner.join();
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

package dev.kata.api.check;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A check's bounded waits that kata can see, so that a wrong solution is not waited out.
 *
 * <p>A check often waits, with a generous bound, for the learner's code to do something: start a
 * task, end a call, let a thread go. A correct solution does it at once; only a wrong one makes the
 * check wait out the bound, which must be long enough for a machine loaded many times over. Such a
 * wait is timed, so to kata's standstill watch (a check whose threads all wait, with no timeout,
 * for one another is reported at once) the check could still move, and the learner waited seconds
 * for a verdict that was certain after one.
 *
 * <p>A wait made here is seen for what it is. When every thread of the check JVM is waiting for
 * another, the ones here included, and that stays so for a second, kata ends every {@link #await}
 * that began before then, as if its bound had passed: the check goes on to say, in its own words,
 * what did not happen. A {@link #hold} (the check keeping a learner's thread in a gap until the
 * check lets it go) counts as waiting too, but kata never ends it: it is not the check's verdict.
 *
 * <p>Only for waits whose bound passing means the learner's code failed: a check that waits to see
 * that something does <em>not</em> happen must keep a plain timed wait, or a standstill would let
 * it pass early. Outside kata's check JVM (no standstill watch) these are plain timed waits.
 *
 * @since 0.1
 */
public final class Patience {

  /** How long one slice of a wait lasts: the waiting thread looks whether kata ended its wait. */
  private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  /** The waits in progress, by the id of the waiting thread. */
  private static final Map<Long, Wait> WAITS = new ConcurrentHashMap<>();

  /**
   * The calling thread's last wait here that went unmet: the words of its messages come from it.
   */
  private static final ThreadLocal<Unmet> LAST_UNMET = new ThreadLocal<>();

  private Patience() {}

  /**
   * A wait that went unmet.
   *
   * @param endedByKata whether kata ended it (nothing could move) rather than its bound passing
   * @param waitedNanos how long it lasted
   * @param boundMillis its bound, scaled
   */
  private record Unmet(boolean endedByKata, long waitedNanos, long boundMillis) {
    String seconds() {
      return String.format(java.util.Locale.ROOT, "%.1f s", waitedNanos / 1e9);
    }
  }

  /**
   * How long the calling thread's last wait here that returned false lasted, for a check's message
   * ("it was still waiting ... later"): "5000 ms" when its bound passed, or "1.8 s (by then every
   * thread was waiting for another)" when kata ended it.
   *
   * @return the words, or "a while" when no wait of this thread ever went unmet
   */
  public static String howLongItWaited() {
    Unmet unmet = LAST_UNMET.get();
    if (unmet == null) {
      return "a while";
    }
    return unmet.endedByKata()
        ? unmet.seconds() + " (by then every thread was waiting for another)"
        : unmet.boundMillis() + " ms";
  }

  /**
   * How the calling thread's last wait here that returned false ended, for the check's message:
   * "within 10000 ms" when its bound passed, or "in 1.8 s, by which time every thread was waiting
   * for another, so it never will" when kata ended it.
   *
   * @return the words, or "in time" when no wait of this thread ever went unmet
   */
  public static String howItEnded() {
    Unmet unmet = LAST_UNMET.get();
    if (unmet == null) {
      return "in time";
    }
    return unmet.endedByKata()
        ? "in "
            + unmet.seconds()
            + ", by which time every thread was waiting for another, so it never will"
        : "within " + unmet.boundMillis() + " ms";
  }

  /** One wait in progress. */
  private static final class Wait {
    final long since = System.nanoTime();
    final boolean endable;
    volatile boolean ended;

    Wait(boolean endable) {
      this.endable = endable;
    }
  }

  /** A wait for a condition, one slice at a time. */
  @FunctionalInterface
  private interface Slice {
    /** Wait at most {@code nanos} for the condition; tell whether it holds. */
    boolean await(long nanos) throws InterruptedException;
  }

  /**
   * Wait for the latch to reach zero, at most {@code baseMillis} (scaled by {@link TimeScale}), or
   * until kata sees that nothing can move any more.
   *
   * @param latch what the check waits for
   * @param baseMillis the bound, before scaling
   * @return whether the latch reached zero; false when the bound passed or kata ended the wait
   * @throws InterruptedException when the waiting thread is interrupted
   */
  public static boolean await(CountDownLatch latch, long baseMillis) throws InterruptedException {
    return waitFor(true, baseMillis, nanos -> latch.await(nanos, TimeUnit.NANOSECONDS));
  }

  /**
   * Wait for a condition, polled a few milliseconds apart, at most {@code baseMillis} (scaled by
   * {@link TimeScale}), or until kata sees that nothing can move any more. Prefer {@link
   * #await(CountDownLatch, long)} where the check can count down a latch.
   *
   * @param condition what the check waits for
   * @param baseMillis the bound, before scaling
   * @return whether the condition held; false when the bound passed or kata ended the wait
   * @throws InterruptedException when the waiting thread is interrupted
   */
  public static boolean until(BooleanSupplier condition, long baseMillis)
      throws InterruptedException {
    return waitFor(
        true,
        baseMillis,
        nanos -> {
          if (condition.getAsBoolean()) {
            return true;
          }
          TimeUnit.NANOSECONDS.sleep(Math.min(nanos, TimeUnit.MILLISECONDS.toNanos(2)));
          return condition.getAsBoolean();
        });
  }

  /**
   * Hold the calling thread (typically the learner's, inside a step the check scripts) until the
   * check opens the latch, at most {@code baseMillis} (scaled by {@link TimeScale}) as a safety
   * net. kata counts the held thread as waiting for another, and never ends a hold early.
   *
   * @param latch what the check opens to let the thread go
   * @param baseMillis the safety net, before scaling
   * @return whether the latch was opened; false when the safety net passed
   * @throws InterruptedException when the held thread is interrupted
   */
  public static boolean hold(CountDownLatch latch, long baseMillis) throws InterruptedException {
    return waitFor(false, baseMillis, nanos -> latch.await(nanos, TimeUnit.NANOSECONDS));
  }

  /**
   * A blocking call of the check's own.
   *
   * @param <T> what it returns
   * @param <E> what it throws
   */
  @FunctionalInterface
  public interface Blocking<T, E extends Exception> {
    /**
     * Make the call.
     *
     * @return its result
     * @throws E its failure
     */
    T call() throws E;
  }

  /**
   * Make a blocking call of the check's own that only the learner's code can end, such as a receive
   * on a socket of the check's to which only the learner's code sends: while it blocks, kata counts
   * the calling thread as waiting for another, not as waiting for input from outside. Never ended
   * early. Only for calls nothing outside this JVM can end.
   *
   * @param <T> what the call returns
   * @param <E> what the call throws
   * @param call the call
   * @return what the call returned
   * @throws E what the call threw
   */
  public static <T, E extends Exception> T waitForLearner(Blocking<T, E> call) throws E {
    return registered(new Wait(false), call);
  }

  /** Make the call with the calling thread registered as in {@code wait}, then as it was before. */
  private static <T, E extends Exception> T registered(Wait wait, Blocking<T, E> call) throws E {
    long id = Thread.currentThread().threadId();
    Wait outer = WAITS.put(id, wait);
    try {
      return call.call();
    } finally {
      if (outer == null) {
        WAITS.remove(id);
      } else {
        WAITS.put(id, outer);
      }
    }
  }

  private static boolean waitFor(boolean endable, long baseMillis, Slice slice)
      throws InterruptedException {
    Wait wait = new Wait(endable);
    long bound = TimeScale.millis(baseMillis);
    long end = wait.since + TimeUnit.MILLISECONDS.toNanos(bound);
    return registered(
        wait,
        () -> {
          while (true) {
            long left = end - System.nanoTime();
            if (slice.await(Math.max(0, Math.min(left, SLICE_NANOS)))) {
              return true;
            }
            if (left <= 0 || wait.ended) {
              LAST_UNMET.set(new Unmet(wait.ended, System.nanoTime() - wait.since, bound));
              return false;
            }
          }
        });
  }

  /**
   * Whether a thread is in a wait made here: for kata's standstill watch, which counts it as
   * waiting for another thread although its wait is timed.
   *
   * @param threadId the thread's {@link Thread#threadId()}
   * @return whether it waits here now
   */
  public static boolean isWaiting(long threadId) {
    return WAITS.containsKey(threadId);
  }

  /**
   * End every {@link #await} and {@link #until} that began before {@code nanoTime}, as if its bound
   * had passed; holds go on. kata's standstill watch calls this when nothing could move since then.
   *
   * @param nanoTime a {@link System#nanoTime()} reading: waits that began later go on
   * @return how many waits were ended
   */
  public static int endWaitsBegunBefore(long nanoTime) {
    int count = 0;
    for (Wait wait : WAITS.values()) {
      if (wait.endable && !wait.ended && wait.since - nanoTime < 0) {
        wait.ended = true;
        count++;
      }
    }
    return count;
  }
}

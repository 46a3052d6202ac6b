package dev.kata.api.check;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Interrupt a cancellable operation while it is blocked and report what it did with the interrupt.
 *
 * <p>A cancellable operation, interrupted, either throws {@link InterruptedException} or returns
 * with the thread's interrupt flag set. Clearing the flag (catching the exception and carrying on)
 * swallows the cancellation; ignoring it leaves the operation blocked. {@link
 * Outcome#requireHonoured()} names each of these exactly.
 *
 * <pre>
 * InterruptProbe.Outcome outcome = InterruptProbe.interruptWhenBlocked("put()",
 *     () -&gt; buffer.produce(items), () -&gt; buffer.isFull());
 * outcome.requireHonoured();
 * </pre>
 *
 * @since 0.1
 */
public final class InterruptProbe {

  private static final long WAIT_MILLIS = 2_000;

  private InterruptProbe() {}

  /**
   * Run {@code operation} on a new thread, wait until it is blocked (its thread is waiting and
   * {@code blocked} is true), interrupt it and wait for it to end.
   *
   * @param name the operation as the learner knows it, such as {@code "produce()"}
   * @param operation the call to make
   * @param blocked tells when the operation has reached the point where it must wait
   * @return what happened
   */
  public static Outcome interruptWhenBlocked(
      String name, Callable<?> operation, BooleanSupplier blocked) {
    Objects.requireNonNull(operation, "operation must not be null");
    Result result = new Result();
    Thread thread =
        Thread.ofPlatform()
            .name("interrupted-caller")
            .daemon(true)
            .start(
                () -> {
                  try {
                    result.value = operation.call();
                    result.flagAfter = Thread.currentThread().isInterrupted();
                  } catch (InterruptedException e) {
                    result.threwInterrupted = true;
                  } catch (Throwable t) {
                    result.other = t;
                  }
                });
    long deadline =
        System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(WAIT_MILLIS));
    try {
      while (!(blocked.getAsBoolean() && Threads.isWaiting(thread)) && thread.isAlive()) {
        if (System.nanoTime() > deadline) {
          thread.interrupt();
          thread.join(TimeScale.millis(WAIT_MILLIS));
          return new Outcome(name, Kind.NEVER_BLOCKED, result);
        }
        thread.join(1);
      }
      if (!thread.isAlive()) {
        return new Outcome(name, Kind.NEVER_BLOCKED, result);
      }
      thread.interrupt();
      thread.join(TimeScale.millis(WAIT_MILLIS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    if (thread.isAlive()) {
      return new Outcome(name, Kind.IGNORED, result);
    }
    Kind kind =
        result.threwInterrupted
            ? Kind.THREW
            : result.other != null
                ? Kind.THREW_OTHER
                : result.flagAfter ? Kind.RETURNED_WITH_FLAG : Kind.SWALLOWED;
    return new Outcome(name, kind, result);
  }

  /** What an interrupted operation did. */
  public enum Kind {
    /** It threw InterruptedException: honoured. */
    THREW,
    /** It returned with the interrupt flag set: honoured. */
    RETURNED_WITH_FLAG,
    /** It returned with the flag cleared: the interrupt was swallowed. */
    SWALLOWED,
    /** It was still running long after the interrupt: the interrupt was ignored. */
    IGNORED,
    /** It threw something other than InterruptedException. */
    THREW_OTHER,
    /** It finished, or never blocked, before it could be interrupted. */
    NEVER_BLOCKED
  }

  private static final class Result {
    volatile Object value;
    volatile boolean flagAfter;
    volatile boolean threwInterrupted;
    volatile Throwable other;
  }

  /**
   * The outcome of one probe.
   *
   * @since 0.1
   */
  public static final class Outcome {
    private final String name;
    private final Kind kind;
    private final Result result;

    private Outcome(String name, Kind kind, Result result) {
      this.name = name;
      this.kind = kind;
      this.result = result;
    }

    /** Get what happened. */
    public Kind kind() {
      return kind;
    }

    /** Get what the operation returned, or null if it threw or is still running. */
    public Object value() {
      return result.value;
    }

    /**
     * Fail unless the operation threw InterruptedException, as a method declared to throw it when
     * interrupted must: returning, even with the flag set, hands the caller a result it takes for a
     * complete one. Names what it did instead.
     *
     * @since 0.1
     */
    public Outcome requireThrown() {
      if (kind == Kind.RETURNED_WITH_FLAG) {
        String value = String.valueOf(result.value);
        throw Invariant.violated(
            "an interrupted " + name + " throws InterruptedException",
            name + " throws InterruptedException",
            "it returned "
                + (value.length() > 80 ? value.substring(0, 80) + "..." : value)
                + " with the interrupt flag set: its caller takes that for a complete result."
                + " Let the InterruptedException propagate (or throw a new one)");
      }
      return requireHonoured();
    }

    /**
     * Fail unless the operation honoured the interrupt (threw InterruptedException or returned with
     * the flag set), naming what it did instead.
     */
    public Outcome requireHonoured() {
      String expected =
          name + " throws InterruptedException, or returns with the interrupt flag still set";
      String invariant = "an interrupted " + name + " stops and keeps the interrupt";
      return switch (kind) {
        case THREW, RETURNED_WITH_FLAG -> this;
        case SWALLOWED ->
            throw Invariant.violated(
                invariant,
                expected,
                "swallowed interrupt: it returned with the thread's interrupt flag cleared, so its"
                    + " caller can never know it was cancelled. In the catch block, restore it:"
                    + " Thread.currentThread().interrupt()");
        case IGNORED ->
            throw Invariant.violated(
                invariant,
                expected,
                "ignored interrupt: it was still running "
                    + TimeScale.millis(WAIT_MILLIS)
                    + " ms after the interrupt;"
                    + " catching InterruptedException and waiting again swallows the cancellation");
        case THREW_OTHER ->
            throw Invariant.violated(invariant, expected, "it threw " + result.other);
        default ->
            throw Invariant.violated(
                invariant,
                name + " blocks until it can go on",
                "it never blocked, so it could not be interrupted while waiting");
      };
    }
  }
}

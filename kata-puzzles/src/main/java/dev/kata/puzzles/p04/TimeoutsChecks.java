package dev.kata.puzzles.p04;

import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.kata.api.check.Futures;
import dev.kata.api.check.Invariant;
import dev.kata.api.check.PropertyChecks;
import dev.kata.api.check.PuzzleChecks;
import dev.kata.api.check.Threads;
import dev.kata.api.check.TimeScale;
import dev.kata.api.check.Timeline;
import dev.kata.puzzles.p04.ScriptedTask.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The checks of puzzle 04.
 *
 * <p>Every task is a {@link ScriptedTask}: it finishes only when the check lets it, so "a task that
 * finishes before the limit" is a task released by the check while the limit is 60 s away, and "a
 * task that never finishes" waits on a latch nobody opens and ends only when interrupted. A correct
 * solution therefore never waits for a timer of the checks; it waits only for its own limit, which
 * is short (tens of milliseconds, scaled by {@link TimeScale}). Bounds are one-sided: never before
 * the limit, and within the limit plus a generous margin. Each call runs on a thread of its own
 * ({@link Call}), so the check can see it blocked, interrupt it, and capture the task's state at
 * the very moment the call returns. A task cancelled by {@code withFuture} does not finish its
 * {@code finally} until the caller has returned or is seen waiting, so returning without waiting
 * for the cancelled task is caught on every run, not when the scheduler happens to allow it.
 *
 * <h2>Contract audit: each sentence of {@link BoundedWait} and of the starter's GOAL, and its check
 * </h2>
 *
 * <table>
 *   <caption>contract sentence, check</caption>
 *   <tr><td>interface: the tasks respond to interruption; calls from several threads at once are
 *       independent</td><td>{@link #aTimeoutCancelsOnlyItsOwnTask}: call A times out while call B
 *       waits, steered so that B started after A; B's task must stay untouched. {@link
 *       #concurrentCallsAreIndependent}: 8 batches of 1 to 4 concurrent calls of both methods, generated kinds
 *       and limits; each task starts while the others are held, each call gets its own
 *       outcome</td></tr>
 *   <tr><td>withFuture 1: the task runs exactly once, on a thread other than the caller's</td><td>every
 *       withFuture check ({@code requireStarted}, {@code requireRanOnce})</td></tr>
 *   <tr><td>withFuture 2: result returned as soon as it is ready</td><td>{@link
 *       #futureReturnsTheResultAsSoonAsReady}: limit 60 s, the task released by the check, the call
 *       must return within the prompt bound</td></tr>
 *   <tr><td>withFuture 3: a failure of any kind is thrown as ExecutionException with the task's own
 *       exception as cause, not a timeout, not hidden</td><td>{@link #futurePropagatesEveryKindOfFailure}
 *       (checked, RuntimeException, Error), and the property</td></tr>
 *   <tr><td>withFuture 4: at the limit the task is interrupted, has ended when the call returns, the
 *       result is empty, never before the limit</td><td>{@link #futureCancelsTheTaskAtTheLimit}, and the
 *       property with generated limits; a limit under a millisecond, which {@code toMillis()} cuts
 *       to 0: {@link #aFractionOfAMillisecondIsWaitedForInFull}</td></tr>
 *   <tr><td>withFuture 5: waits by blocking, neither spinning nor sleeping</td><td>{@link
 *       #futureReturnsTheResultAsSoonAsReady}: the caller must be seen WAITING/TIMED_WAITING, and never
 *       in {@code Thread.sleep}, while the task runs</td></tr>
 *   <tr><td>withFuture 6: an interrupted caller cancels the task, waits for its end, throws
 *       InterruptedException</td><td>{@link #futureHonoursTheCallersInterrupt}; and at the other
 *       blocking point, waiting for the cancelled task to end: {@link
 *       #futureKeepsAnInterruptWhileTheTaskCleansUp} (the task's cleanup held by the check, the caller
 *       interrupted; it must still wait for the end and keep the interrupt)</td></tr>
 *   <tr><td>withFuture 7: nothing outlives the call; the interrupt flag is left as found</td><td>{@code
 *       requireThreadEnds} and {@code requireFlagUntouched} in every withFuture check; kata's own
 *       thread-leak guard after each check</td></tr>
 *   <tr><td>withCompletable 1: returns without waiting; the task runs once, on another thread</td><td>{@link
 *       #completableReturnsAtOnceAndCompletesWithTheResult}</td></tr>
 *   <tr><td>withCompletable 2: completes with the result as soon as it is ready</td><td>{@link
 *       #completableReturnsAtOnceAndCompletesWithTheResult}: not complete before, complete promptly
 *       after</td></tr>
 *   <tr><td>withCompletable 3: a failure of any kind completes it exceptionally with the task's own
 *       exception, not the fallback</td><td>{@link #completablePropagatesEveryKindOfFailure}, and the
 *       property</td></tr>
 *   <tr><td>withCompletable 4: at the limit, the fallback, never before; the task interrupted, its
 *       finally run, its thread ended</td><td>{@link #completableFallsBackAndInterruptsTheTask}, and the
 *       property; a limit under a millisecond: {@link #aFractionOfAMillisecondIsWaitedForInFull}</td></tr>
 *   <tr><td>withCompletable 5: cancelling the returned future interrupts the task</td><td>{@link
 *       #cancellingTheCompletableInterruptsTheTask}</td></tr>
 *   <tr><td>withCompletable 6: the task's thread is its own and ends with it (no common pool)</td><td>{@code
 *       requireThreadEnds} in every withCompletable check</td></tr>
 *   <tr><td>GOAL "wait at most a given time, two ways"</td><td>{@link #futureCancelsTheTaskAtTheLimit},
 *       {@link #completableFallsBackAndInterruptsTheTask} (never before the limit, within limit +
 *       margin)</td></tr>
 *   <tr><td>GOAL "make sure the task really stops: interrupted, its cleanup run, its thread
 *       gone"</td><td>the same two, {@link #futureKeepsAnInterruptWhileTheTaskCleansUp}, and {@code
 *       requireThreadEnds}</td></tr>
 *   <tr><td>GOAL "a task that throws is a failure, not a timeout"</td><td>{@link
 *       #futurePropagatesEveryKindOfFailure}, {@link #completablePropagatesEveryKindOfFailure}</td></tr>
 *   <tr><td>PUZZLES.md property: for unambiguous (duration, limit) pairs the outcome is the right
 *       one, every time</td><td>{@link #concurrentCallsAreIndependent}: durations are logical (held or
 *       never-ending tasks), limits generated from 10 to 60 ms</td></tr>
 * </table>
 *
 * <p>The interrupt check does not use {@link dev.kata.api.check.InterruptProbe}: it must also know
 * whether the task had ended at the moment {@code withFuture} threw, which only a snapshot taken on
 * the caller's thread can tell.
 */
@PuzzleChecks(timeLimitSeconds = 30)
public class TimeoutsChecks {

  /**
   * A limit just under a millisecond, which {@code Duration.toMillis()} truncates to 0: a solution
   * that converts it so gives up without waiting at all.
   */
  private static final Duration UNDER_A_MILLISECOND = Duration.ofNanos(999_999);

  /**
   * How many calls with {@link #UNDER_A_MILLISECOND} each method gets. One that gave up too soon
   * fails the check; a correct solution never does, since the check's clock starts before the call
   * and stops after it. A solution that cuts the limit to 0 still takes the time to start and stop
   * the task, which on a loaded machine can pass the limit on some calls, so there are several.
   */
  private static final int UNDER_A_MILLISECOND_CALLS = 20;

  /** A limit no correct solution comes near: the task is released long before it. */
  private static final Duration FAR = Duration.ofSeconds(60);

  /** The limit of a task that never finishes, before scaling. */
  private static final long SHORT_LIMIT_MILLIS = 40;

  /** How long a correct solution may take, at most, to do something it must do at once. */
  private static final long PROMPT_MILLIS = 1_500;

  /** How long after its limit a correct solution may take, at most, to give up. */
  private static final long MARGIN_MILLIS = 1_500;

  /**
   * How long a task's thread may take to start. Only a solution that never runs the task waits this
   * long, and on a very loaded machine a new thread can wait a second for a core.
   */
  private static final long START_MILLIS = 3_000;

  /**
   * A task may legitimately never start: if the limit passes before its thread is scheduled, a
   * correct solution cancels it unstarted. Nothing can then be said about interrupting it, so the
   * scenario is repeated with the limit doubled, this many times in all.
   */
  private static final int ATTEMPTS = 4;

  @Test
  @Order(1)
  @DisplayName(
      "withFuture returns the task's result as soon as it is ready, blocked meanwhile, the task on"
          + " another thread")
  void futureReturnsTheResultAsSoonAsReady(BoundedWait solution) throws InterruptedException {
    Timeline timeline = new Timeline();
    ScriptedTask task = new ScriptedTask("task", Kind.VALUE, timeline);
    Call<Optional<String>> call =
        Call.start("withFuture(task, 60 s)", () -> solution.withFuture(task, FAR), task, timeline);
    try {
      requireStarted(task, call, "withFuture");
      requireBlockedWhileTaskRuns(call, "withFuture", timeline);
      task.release();
      if (!call.await(TimeScale.millis(PROMPT_MILLIS))) {
        throw Invariant.violated(
            "withFuture returns the result as soon as the task has it (limit 60 s)",
            "it returns within " + TimeScale.millis(PROMPT_MILLIS) + " ms of the task's return",
            "still waiting "
                + TimeScale.millis(PROMPT_MILLIS)
                + " ms after the task returned: "
                + call.doing(),
            timeline.render());
      }
      Optional<String> expected = Optional.of(task.value());
      if (call.thrown() != null) {
        throw Invariant.violated(
            "a task that succeeds within the limit gives its result",
            expected,
            "withFuture threw " + call.thrown());
      }
      if (!expected.equals(call.value())) {
        throw Invariant.violated(
            "a task that succeeds within the limit gives its result",
            expected,
            call.value()
                + (Optional.empty().equals(call.value())
                    ? ": it reported a timeout, though the limit was 60 s away"
                    : ""));
      }
      requireRanOnce(task, "withFuture");
      requireThreadEnds(task, "withFuture");
      requireFlagUntouched(call, "withFuture");
    } finally {
      cleanup(call, task);
    }
  }

  @Test
  @Order(2)
  @DisplayName(
      "withFuture throws the task's own failure (checked, RuntimeException, Error) as the cause of"
          + " ExecutionException")
  void futurePropagatesEveryKindOfFailure(BoundedWait solution) throws InterruptedException {
    for (Kind kind : List.of(Kind.CHECKED, Kind.RUNTIME, Kind.ERROR)) {
      Timeline timeline = new Timeline();
      ScriptedTask task = new ScriptedTask("task", kind, timeline);
      Call<Optional<String>> call =
          Call.start(
              "withFuture(task, 60 s)", () -> solution.withFuture(task, FAR), task, timeline);
      try {
        requireStarted(task, call, "withFuture");
        task.release();
        if (!call.await(TimeScale.millis(PROMPT_MILLIS))) {
          throw Invariant.violated(
              "a failure reaches the caller at once; it is not a timeout (the task "
                  + kind.describe()
                  + ")",
              "withFuture throws ExecutionException as soon as the task throws",
              "still waiting "
                  + TimeScale.millis(PROMPT_MILLIS)
                  + " ms after the task threw "
                  + task.failure()
                  + ", with the limit 60 s away: the failure was lost on its way to the caller"
                  + (kind == Kind.ERROR
                      ? " (an Error is not an Exception: catch Throwable, or let a Future carry it)"
                      : "")
                  + "; "
                  + call.doing(),
              timeline.render());
        }
        requireFutureFailure(call, task);
        requireRanOnce(task, "withFuture");
        requireThreadEnds(task, "withFuture");
        requireFlagUntouched(call, "withFuture");
      } finally {
        cleanup(call, task);
      }
    }
  }

  @Test
  @Order(3)
  @DisplayName(
      "withFuture gives up at the limit, not before, with the task interrupted and ended when it"
          + " returns")
  void futureCancelsTheTaskAtTheLimit(BoundedWait solution) throws InterruptedException {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      long limit = TimeScale.millis(SHORT_LIMIT_MILLIS << attempt);
      Timeline timeline = new Timeline();
      ScriptedTask task = new ScriptedTask("task", Kind.HANG, timeline);
      Call<Optional<String>> call =
          Call.prepare(
              "withFuture(task, " + limit + " ms)",
              () -> solution.withFuture(task, Duration.ofMillis(limit)),
              task,
              timeline);
      task.holdCleanupFor(call);
      call.start();
      try {
        if (requireFutureTimedOut(call, task, limit, TimeScale.millis(MARGIN_MILLIS), timeline)) {
          requireRanOnce(task, "withFuture");
          requireThreadEnds(task, "withFuture");
          requireFlagUntouched(call, "withFuture");
          return;
        }
      } finally {
        cleanup(call, task);
      }
    }
    throw tooLoaded();
  }

  @Test
  @Order(4)
  @DisplayName(
      "an interrupted withFuture cancels the task, waits for its end, and throws"
          + " InterruptedException")
  void futureHonoursTheCallersInterrupt(BoundedWait solution) throws InterruptedException {
    Timeline timeline = new Timeline();
    ScriptedTask task = new ScriptedTask("task", Kind.HANG, timeline);
    Call<Optional<String>> call =
        Call.prepare(
            "withFuture(task, 60 s)", () -> solution.withFuture(task, FAR), task, timeline);
    task.holdCleanupFor(call);
    call.start();
    String invariant =
        "an interrupted withFuture cancels the task, waits for its end and throws"
            + " InterruptedException";
    try {
      requireStarted(task, call, "withFuture");
      if (Threads.awaitWaiting(call.thread(), PROMPT_MILLIS) == Threads.Seen.ENDED) {
        throw Invariant.violated(
            "withFuture waits for a task that is still running",
            "still waiting",
            "it returned "
                + outcome(call)
                + " while the task was running, with the limit 60 s away");
      }
      call.thread().interrupt();
      if (!call.await(TimeScale.millis(PROMPT_MILLIS))) {
        throw Invariant.violated(
            invariant,
            "it throws InterruptedException promptly",
            "still running "
                + TimeScale.millis(PROMPT_MILLIS)
                + " ms after the interrupt: "
                + (task.interrupted()
                    ? "the task was cancelled and "
                        + (task.ended() ? "has ended" : "is ending")
                        + ", but withFuture ignored"
                        + " the interrupt and keeps waiting"
                    : "the task was never cancelled, and withFuture is stuck waiting for it. When"
                        + " get() throws InterruptedException, cancel the task (cancel(true))"
                        + " before you let the exception go")
                + "; "
                + call.doing(),
            timeline.render());
      }
      Throwable thrown = call.thrown();
      if (!(thrown instanceof InterruptedException)) {
        throw Invariant.violated(
            invariant,
            "InterruptedException",
            thrown != null
                ? "it threw " + thrown
                : call.flagAfter()
                    ? "it returned "
                        + call.value()
                        + " with the interrupt flag set: a result here claims the task finished or"
                        + " timed out, and neither happened; throw InterruptedException"
                    : "swallowed interrupt: it returned "
                        + call.value()
                        + " with the caller's interrupt flag cleared, so whoever interrupted the"
                        + " caller never learns that the wait was cut short");
      }
      if (!task.interrupted()) {
        throw Invariant.violated(
            invariant,
            "the task interrupted before withFuture throws",
            "the task was never interrupted: it is still running after its caller gave up",
            timeline.render());
      }
      if (!call.endedAtReturn()) {
        throw Invariant.violated(
            "withFuture throws only after the cancelled task has ended",
            "the task's finally block has run when InterruptedException leaves withFuture",
            "it threw while the task was still running its finally block: after cancel(true), wait"
                + " for the task to end (close(), or awaitTermination) before you throw",
            timeline.render());
      }
      requireRanOnce(task, "withFuture");
      requireThreadEnds(task, "withFuture");
    } finally {
      cleanup(call, task);
    }
  }

  @Test
  @Order(5)
  @DisplayName(
      "interrupted while the cancelled task cleans up, withFuture still waits for its end and keeps"
          + " the interrupt")
  void futureKeepsAnInterruptWhileTheTaskCleansUp(BoundedWait solution)
      throws InterruptedException {
    String invariant =
        "interrupted while it waits for the cancelled task to end, withFuture still waits for the"
            + " end and keeps the interrupt";
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      long limit = TimeScale.millis(SHORT_LIMIT_MILLIS << attempt);
      Timeline timeline = new Timeline();
      ScriptedTask task = new ScriptedTask("task", Kind.HANG, timeline).gateCleanup();
      Call<Optional<String>> call =
          Call.prepare(
              "withFuture(task, " + limit + " ms)",
              () -> solution.withFuture(task, Duration.ofMillis(limit)),
              task,
              timeline);
      call.start();
      try {
        if (!task.awaitInterrupted(limit + TimeScale.millis(MARGIN_MILLIS))) {
          if (!task.started()) {
            continue; // cancelled before it could start: nothing to clean up; try a longer limit
          }
          throw Invariant.violated(
              "the task that lost is cancelled: its thread is interrupted",
              "the task interrupted when the limit of " + limit + " ms passes",
              "it was never interrupted; " + call.doing(),
              timeline.render());
        }
        // The task is in its cleanup, held by the check; a correct withFuture now waits for it.
        if (Threads.awaitWaiting(call.thread(), PROMPT_MILLIS) == Threads.Seen.ENDED) {
          throw Invariant.violated(
              "withFuture returns only after the cancelled task has ended",
              "still waiting while the interrupted task runs its finally block",
              "it returned "
                  + outcome(call)
                  + " while the task was still cleaning up: wait for the task to end"
                  + " (close(), or awaitTermination) after cancel(true)",
              timeline.render());
        }
        call.thread().interrupt();
        // it goes back to waiting, or leaves (wrong)
        Threads.awaitWaiting(call.thread(), PROMPT_MILLIS);
        task.openCleanup();
        if (!call.await(TimeScale.millis(PROMPT_MILLIS))) {
          throw Invariant.violated(
              invariant,
              "it returns or throws once the task has ended",
              "still running "
                  + TimeScale.millis(PROMPT_MILLIS)
                  + " ms after the task ended: "
                  + call.doing(),
              timeline.render());
        }
        if (!call.endedAtReturn()) {
          throw Invariant.violated(
              invariant,
              "the task's finally block has run when withFuture returns or throws",
              "it "
                  + (call.thrown() != null ? "threw " + call.thrown() : "returned " + call.value())
                  + " at the interrupt, while the task was still cleaning up: an interrupt while"
                  + " waiting for the end does not end the task; keep waiting"
                  + " (ExecutorService.close() does), then restore the interrupt",
              timeline.render());
        }
        boolean kept =
            call.thrown() instanceof InterruptedException
                || (call.thrown() == null && call.flagAfter());
        if (!kept) {
          throw Invariant.violated(
              invariant,
              "InterruptedException, or a return with the interrupt flag set",
              call.thrown() != null
                  ? "it threw " + call.thrown()
                  : "swallowed interrupt: it returned "
                      + call.value()
                      + " with the caller's interrupt flag cleared");
        }
        return;
      } finally {
        cleanup(call, task);
      }
    }
    throw tooLoaded();
  }

  @Test
  @Order(6)
  @DisplayName(
      "withCompletable returns at once, and its future completes with the result as soon as it is"
          + " ready")
  void completableReturnsAtOnceAndCompletesWithTheResult(BoundedWait solution)
      throws InterruptedException {
    Timeline timeline = new Timeline();
    ScriptedTask task = new ScriptedTask("task", Kind.VALUE, timeline);
    Call<CompletableFuture<String>> call =
        Call.start(
            "withCompletable(task, 60 s, fallback)",
            () -> solution.withCompletable(task, FAR, "fallback"),
            task,
            timeline);
    try {
      CompletableFuture<String> future =
          requireFutureReturned(call, task, TimeScale.millis(PROMPT_MILLIS));
      requireStarted(task, call, "withCompletable");
      if (future.isDone()) {
        throw Invariant.violated(
            "the future completes with the task's result, so not before the task returns",
            "incomplete while the task runs",
            "it was already complete: " + describe(future));
      }
      task.release();
      String value =
          awaitValue(
              future,
              TimeScale.millis(PROMPT_MILLIS),
              "the future completes as soon as the task returns (limit 60 s)",
              "after the task returned",
              timeline);
      Invariant.require(
          task.value().equals(value),
          "the future completes with the task's result",
          task.value(),
          () ->
              value
                  + ("fallback".equals(value)
                      ? ": the fallback, though the limit was 60 s away"
                      : ""));
      requireRanOnce(task, "withCompletable");
      requireThreadEnds(task, "withCompletable");
      requireFlagUntouched(call, "withCompletable");
    } finally {
      cleanup(call, task);
    }
  }

  @Test
  @Order(7)
  @DisplayName(
      "withCompletable's future fails with the task's own failure (checked, RuntimeException,"
          + " Error), not the fallback")
  void completablePropagatesEveryKindOfFailure(BoundedWait solution) throws InterruptedException {
    for (Kind kind : List.of(Kind.CHECKED, Kind.RUNTIME, Kind.ERROR)) {
      Timeline timeline = new Timeline();
      ScriptedTask task = new ScriptedTask("task", kind, timeline);
      Call<CompletableFuture<String>> call =
          Call.start(
              "withCompletable(task, 60 s, fallback)",
              () -> solution.withCompletable(task, FAR, "fallback"),
              task,
              timeline);
      try {
        CompletableFuture<String> future =
            requireFutureReturned(call, task, TimeScale.millis(PROMPT_MILLIS));
        requireStarted(task, call, "withCompletable");
        task.release();
        requireCompletableFailure(
            future, task, "fallback", TimeScale.millis(PROMPT_MILLIS), timeline);
        requireRanOnce(task, "withCompletable");
        requireThreadEnds(task, "withCompletable");
      } finally {
        cleanup(call, task);
      }
    }
  }

  @Test
  @Order(8)
  @DisplayName(
      "withCompletable falls back at the limit, not before, and interrupts the task, which ends")
  void completableFallsBackAndInterruptsTheTask(BoundedWait solution) throws InterruptedException {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      long limit = TimeScale.millis(SHORT_LIMIT_MILLIS << attempt);
      Timeline timeline = new Timeline();
      ScriptedTask task = new ScriptedTask("task", Kind.HANG, timeline);
      Call<CompletableFuture<String>> call =
          Call.start(
              "withCompletable(task, " + limit + " ms, fallback)",
              () -> solution.withCompletable(task, Duration.ofMillis(limit), "fallback"),
              task,
              timeline);
      try {
        CompletableFuture<String> future =
            requireFutureReturned(call, task, TimeScale.millis(PROMPT_MILLIS));
        if (requireCompletableTimedOut(
            future,
            call,
            task,
            "fallback",
            limit,
            TimeScale.millis(MARGIN_MILLIS),
            TimeScale.millis(PROMPT_MILLIS),
            timeline)) {
          requireRanOnce(task, "withCompletable");
          requireThreadEnds(task, "withCompletable");
          return;
        }
      } finally {
        cleanup(call, task);
      }
    }
    throw tooLoaded();
  }

  @Test
  @Order(9)
  @DisplayName("cancelling withCompletable's future interrupts the task")
  void cancellingTheCompletableInterruptsTheTask(BoundedWait solution) throws InterruptedException {
    Timeline timeline = new Timeline();
    ScriptedTask task = new ScriptedTask("task", Kind.HANG, timeline);
    Call<CompletableFuture<String>> call =
        Call.start(
            "withCompletable(task, 60 s, fallback)",
            () -> solution.withCompletable(task, FAR, "fallback"),
            task,
            timeline);
    try {
      CompletableFuture<String> future =
          requireFutureReturned(call, task, TimeScale.millis(PROMPT_MILLIS));
      requireStarted(task, call, "withCompletable");
      boolean cancelled = future.cancel(true);
      if (!task.awaitEnded(TimeScale.millis(PROMPT_MILLIS)) || !task.interrupted()) {
        throw Invariant.violated(
            "cancelling the returned future interrupts the task",
            "the task interrupted and ended within "
                + TimeScale.millis(PROMPT_MILLIS)
                + " ms of future.cancel(true)",
            (cancelled
                    ? "the future was cancelled, but the task"
                    : "cancel(true) returned false, and the task")
                + " was never interrupted: it is still running. Cancelling a CompletableFuture"
                + " interrupts nothing by itself: react to it (whenComplete on the very future you"
                + " return) by cancelling the task's own Future with cancel(true)",
            timeline.render());
      }
      requireRanOnce(task, "withCompletable");
      requireThreadEnds(task, "withCompletable");
    } finally {
      cleanup(call, task);
    }
  }

  /** One call of a generated batch. */
  private record Spec(Kind kind, boolean completable, int limitMillis) {
    /**
     * The limit at a given attempt: doubled each time a short limit proved nothing (see {@link
     * #ATTEMPTS}).
     */
    Duration limit(int attempt) {
      return kind == Kind.HANG
          ? Duration.ofMillis(TimeScale.millis((long) limitMillis << attempt))
          : FAR;
    }

    @Override
    public String toString() {
      return (completable ? "withCompletable" : "withFuture")
          + "(task that "
          + kind.describe()
          + ", "
          + (kind == Kind.HANG ? TimeScale.millis(limitMillis) + " ms" : "60 s")
          + ")";
    }
  }

  @Test
  @Order(10)
  @DisplayName("one call's timeout cancels its own task, never another call's")
  void aTimeoutCancelsOnlyItsOwnTask(BoundedWait solution) throws InterruptedException {
    boolean neverBlocked = true;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      long limit = TimeScale.millis(SHORT_LIMIT_MILLIS << attempt);
      Timeline timeline = new Timeline();
      ScriptedTask first = new ScriptedTask("task A", Kind.HANG, timeline);
      ScriptedTask second = new ScriptedTask("task B", Kind.VALUE, timeline);
      Call<Optional<String>> a =
          Call.prepare(
              "A: withFuture(task A, " + limit + " ms)",
              () -> solution.withFuture(first, Duration.ofMillis(limit)),
              first,
              timeline);
      first.holdCleanupFor(a);
      Call<Optional<String>> b =
          Call.prepare(
              "B: withFuture(task B, 60 s)",
              () -> solution.withFuture(second, FAR),
              second,
              timeline);
      second.holdCleanupFor(b);
      try {
        // A starts first, then B, and B is waiting before A's limit passes: a solution that keeps
        // "the" running task in one shared place now holds B's where A will look for its own.
        a.start();
        if (!first.awaitStarted(START_MILLIS)) {
          continue; // A's limit passed before its task could start: try again with a longer limit
        }
        // A's task can start before A's thread has recorded it: a thread paused between the two
        // would record it after B, and a shared slot would then hold A's own task, by chance.
        // So B starts only once A is seen blocked in its wait, its setup done.
        if (!seenBlockedBeforeAGivesUp(a, a, first)) {
          // A's limit passed before it was seen waiting: try again with a longer limit
          neverBlocked &= a.thread().getState() == Thread.State.RUNNABLE;
          continue;
        }
        b.start();
        requireStarted(second, b, "withFuture");
        // Conclusive only if B is seen blocked in its wait (so its setup is done) before A gives
        // up.
        boolean conclusive = seenBlockedBeforeAGivesUp(b, a, first);
        neverBlocked &= !conclusive && b.thread().getState() == Thread.State.RUNNABLE;
        a.await(left(a, limit + TimeScale.millis(MARGIN_MILLIS)));
        if (second.interrupted()) {
          throw Invariant.violated(
              "each call cancels its own task, never another call's",
              "task B (limit 60 s) untouched when call A's limit of " + limit + " ms passed",
              "task B was interrupted when call A timed out"
                  + (first.interrupted() ? "" : ", and A's own task was never cancelled")
                  + ": the calls share state (a field holding \"the\""
                  + " running Future?), so A's timeout cancelled B's task",
              timeline.render());
        }
        if (!conclusive
            || !requireFutureTimedOut(a, first, limit, TimeScale.millis(MARGIN_MILLIS), timeline)) {
          continue;
        }
        second.release();
        if (!b.await(TimeScale.millis(PROMPT_MILLIS))) {
          throw Invariant.violated(
              "withFuture returns the result as soon as the task has it (call B)",
              "B returns once task B returns",
              "still waiting: " + b.doing(),
              timeline.render());
        }
        Optional<String> expected = Optional.of(second.value());
        Invariant.require(
            b.thrown() == null && expected.equals(b.value()),
            "each call gets its own task's result, whatever the other calls do",
            expected,
            () -> outcome(b));
        return;
      } finally {
        cleanup(a, first);
        cleanup(b, second);
      }
    }
    if (neverBlocked) {
      throw Invariant.violated(
          "withFuture waits by blocking, not by spinning",
          "each call blocked while its task runs",
          "in "
              + ATTEMPTS
              + " attempts, a call's thread was RUNNABLE, never blocked, while its task ran: it"
              + " busy-waits");
    }
    throw tooLoaded();
  }

  /**
   * Poll, a millisecond apart, until {@code watched}'s thread is seen blocked in its wait on {@link
   * Threads#STABLE_POLLS} polls in a row, its setup done. Stop sooner, unseen, once call A has
   * given up (returned, or its task was interrupted) or the watched thread has ended.
   */
  private static boolean seenBlockedBeforeAGivesUp(Call<?> watched, Call<?> a, ScriptedTask first)
      throws InterruptedException {
    int polls = 0;
    while (!a.returned()
        && !first.interrupted()
        && polls < Threads.STABLE_POLLS
        && watched.thread().isAlive()) {
      polls = Threads.isWaiting(watched.thread()) ? polls + 1 : 0;
      watched.thread().join(1);
    }
    return polls == Threads.STABLE_POLLS;
  }

  @Test
  @Order(11)
  @DisplayName(
      "a limit of a fraction of a millisecond is waited for in full, by both methods, not cut to"
          + " whole milliseconds")
  void aFractionOfAMillisecondIsWaitedForInFull(BoundedWait solution) throws InterruptedException {
    for (int i = 0; i < UNDER_A_MILLISECOND_CALLS; i++) {
      requireWaitedInFull(solution, false);
      requireWaitedInFull(solution, true);
    }
  }

  /**
   * One call with {@link #UNDER_A_MILLISECOND} and a task that never finishes: the check's clock
   * runs from before the call to the moment it returned (withFuture) or its future completed
   * (withCompletable, seen by a callback added on the caller's thread at once). A call that does
   * not end in time proves nothing here; the other checks judge that.
   */
  private static void requireWaitedInFull(BoundedWait solution, boolean completable)
      throws InterruptedException {
    ScriptedTask task = new ScriptedTask("task", Kind.HANG, new Timeline());
    AtomicLong startNanos = new AtomicLong();
    AtomicLong endNanos = new AtomicLong();
    String name =
        completable
            ? "withCompletable(task, 0.999999 ms, fallback)"
            : "withFuture(task, 0.999999 ms)";
    Call<?> call;
    if (completable) {
      Call<CompletableFuture<String>> started =
          Call.start(
              name,
              () -> {
                startNanos.set(System.nanoTime());
                CompletableFuture<String> future =
                    solution.withCompletable(task, UNDER_A_MILLISECOND, "fallback");
                var _ = future.whenComplete((v, t) -> endNanos.compareAndSet(0, System.nanoTime()));
                return future;
              },
              task,
              null);
      call = started;
    } else {
      Call<Optional<String>> started =
          Call.start(
              name,
              () -> {
                startNanos.set(System.nanoTime());
                Optional<String> result = solution.withFuture(task, UNDER_A_MILLISECOND);
                endNanos.set(System.nanoTime());
                return result;
              },
              task,
              null);
      call = started;
    }
    try {
      long bound = TimeScale.millis(PROMPT_MILLIS + MARGIN_MILLIS);
      if (!call.await(bound) || call.thrown() != null) {
        return;
      }
      if (call.value() instanceof CompletableFuture<?> future) {
        try {
          var _ = future.get(bound, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | CancellationException e) {
          return;
        }
      }
      long waitedNanos = endNanos.get() - startNanos.get();
      if (endNanos.get() != 0 && waitedNanos < UNDER_A_MILLISECOND.toNanos()) {
        throw Invariant.violated(
            completable
                ? "the future never falls back before its limit, however short"
                : "withFuture never gives up before its limit, however short",
            name + " gives up after at least 999.999 µs",
            (completable ? "it completed after " : "it gave up after ")
                + String.format(Locale.ROOT, "%.3f", waitedNanos / 1_000.0)
                + " µs: was the limit cut to whole milliseconds? Duration.toMillis() truncates,"
                + " and this limit's is 0. Wait limit.toNanos() with TimeUnit.NANOSECONDS");
      }
    } finally {
      cleanup(call, task);
    }
  }

  @Test
  @Order(12)
  @DisplayName(
      "concurrent calls are independent, and each gets the right outcome for its task and limit")
  // the generator draws a kind by its index in values(), on purpose
  @SuppressWarnings("EnumOrdinal")
  void concurrentCallsAreIndependent(BoundedWait solution) {
    AtomicBoolean failedOnce = new AtomicBoolean();
    var specs =
        integers()
            .between(0, Kind.values().length - 1)
            .zip(
                booleans().all(),
                integers().between(10, 60),
                (k, c, l) -> new Spec(Kind.values()[k], c, l));
    PropertyChecks.forAll(
        8,
        lists().of(specs).ofSizeBetween(1, 4),
        batch -> {
          if (failedOnce.get()) {
            // no shrinking: each failing run of a wrong solution costs a margin; the first example
            // is
            // shown
            return;
          }
          try {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
              if (runBatch(solution, batch, attempt)) {
                return;
              }
            }
            throw tooLoaded();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
          } catch (AssertionError | RuntimeException e) {
            failedOnce.set(true);
            throw e;
          }
        });
  }

  /**
   * Run one batch of concurrent calls; false if a timed-out task never started, so nothing was
   * proven.
   */
  private static boolean runBatch(BoundedWait solution, List<Spec> batch, int attempt)
      throws InterruptedException {
    long margin = TimeScale.millis(MARGIN_MILLIS);
    long prompt = TimeScale.millis(PROMPT_MILLIS);
    Timeline timeline = new Timeline();
    List<ScriptedTask> tasks = new ArrayList<>();
    List<Call<?>> calls = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      Spec spec = batch.get(i);
      ScriptedTask task = new ScriptedTask("task " + i, spec.kind(), timeline);
      String fallback = "fallback " + i;
      Duration limit = spec.limit(attempt);
      Call<?> call;
      if (spec.completable()) {
        call =
            Call.prepare(
                i + ": " + spec,
                () -> solution.withCompletable(task, limit, fallback),
                task,
                timeline);
      } else {
        call =
            Call.prepare(i + ": " + spec, () -> solution.withFuture(task, limit), task, timeline);
        task.holdCleanupFor(call);
      }
      tasks.add(task);
      calls.add(call);
    }
    String scenario =
        " (" + batch.size() + (batch.size() == 1 ? " call: " : " concurrent calls: ") + batch + ")";
    boolean conclusive = true;
    try {
      calls.forEach(Call::start);
      // Every task that may finish is held until all of them run: they can only all start if the
      // calls do not wait for each other. (A task with a short limit may be cancelled unstarted.)
      long deadline =
          System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(START_MILLIS));
      List<ScriptedTask> held = tasks.stream().filter(t -> t.kind() != Kind.HANG).toList();
      for (ScriptedTask task : held) {
        if (!task.awaitStartedNanos(Math.max(0, deadline - System.nanoTime()))) {
          long started = held.stream().filter(ScriptedTask::started).count();
          throw Invariant.violated(
              "concurrent calls are independent: each call's task starts at once" + scenario,
              "all " + held.size() + " tasks with a 60 s limit running together",
              "only "
                  + started
                  + " of them started while the others were held: the calls wait for each other (a"
                  + " shared executor with too few threads, or a lock around the wait?)",
              timeline.render());
        }
      }
      held.forEach(ScriptedTask::release);
      for (int i = 0; i < batch.size(); i++) {
        Spec spec = batch.get(i);
        ScriptedTask task = tasks.get(i);
        long limit = spec.limit(attempt).toMillis();
        String at = "call " + i + " of" + scenario;
        if (spec.completable()) {
          @SuppressWarnings("unchecked")
          Call<CompletableFuture<String>> call = (Call<CompletableFuture<String>>) calls.get(i);
          CompletableFuture<String> future = requireFutureReturned(call, task, prompt);
          String fallback = "fallback " + i;
          switch (spec.kind()) {
            case VALUE -> {
              String value =
                  awaitValue(
                      future,
                      prompt,
                      "the future completes with the task's result " + at,
                      "after the task returned",
                      timeline);
              Invariant.require(
                  task.value().equals(value),
                  "each call gets its own task's result " + at,
                  task.value(),
                  () -> value);
            }
            case HANG ->
                conclusive &=
                    requireCompletableTimedOut(
                        future, call, task, fallback, limit, margin, prompt, timeline);
            default -> requireCompletableFailure(future, task, fallback, prompt, timeline);
          }
        } else {
          @SuppressWarnings("unchecked")
          Call<Optional<String>> call = (Call<Optional<String>>) calls.get(i);
          if (spec.kind() == Kind.HANG) {
            conclusive &= requireFutureTimedOut(call, task, limit, margin, timeline);
          } else {
            if (!call.await(prompt)) {
              throw Invariant.violated(
                  "withFuture returns as soon as its task has finished " + at,
                  "it returns within " + prompt + " ms",
                  "still waiting: " + call.doing(),
                  timeline.render());
            }
            if (spec.kind() == Kind.VALUE) {
              Optional<String> expected = Optional.of(task.value());
              Invariant.require(
                  call.thrown() == null && expected.equals(call.value()),
                  "each call gets its own task's result " + at,
                  expected,
                  () -> outcome(call));
            } else {
              requireFutureFailure(call, task);
            }
          }
          requireFlagUntouched(call, "withFuture");
        }
        Invariant.require(
            task.calls() <= 1,
            "each call runs its task at most once " + at,
            "1 run",
            () -> task.calls() + " runs");
      }
      for (ScriptedTask task : tasks) {
        requireThreadEnds(task, "the call");
      }
    } finally {
      for (int i = 0; i < tasks.size(); i++) {
        cleanup(calls.get(i), tasks.get(i));
      }
    }
    return conclusive;
  }

  // ---------------------------------------------------------------------------------------------
  // Shared requirements

  private static void requireStarted(ScriptedTask task, Call<?> call, String method)
      throws InterruptedException {
    if (!task.awaitStarted(START_MILLIS)) {
      throw Invariant.violated(
          method + " runs the task",
          "the task started",
          call.returned()
              ? "it returned " + outcome(call) + " without ever running the task"
              : "the task had not started "
                  + TimeScale.millis(START_MILLIS)
                  + " ms after the call: "
                  + call.doing());
    }
    if (task.runner() == call.thread()) {
      throw Invariant.violated(
          method + " runs the task on a thread other than the caller's",
          "the task on a thread of its own",
          "it ran on the caller's own thread \""
              + call.thread().getName()
              + "\": then nobody is left to stop waiting at the limit, or to interrupt the task");
    }
  }

  /** The caller must be seen really waiting (not spinning, not sleeping) while the task runs. */
  private static void requireBlockedWhileTaskRuns(Call<?> call, String method, Timeline timeline) {
    Threads.Seen seen = Threads.awaitWaiting(call.thread(), PROMPT_MILLIS);
    if (seen == Threads.Seen.ENDED) {
      throw Invariant.violated(
          method + " waits for the task while it runs",
          "still waiting while the task runs",
          "it returned "
              + outcome(call)
              + " while the task was still running, with the limit 60 s away",
          timeline.render());
    }
    if (seen == Threads.Seen.NEVER_WAITED) {
      throw Invariant.violated(
          method + " waits by blocking, not by spinning",
          "the caller's thread WAITING or TIMED_WAITING while the task runs",
          "it stayed "
              + call.thread().getState()
              + " for "
              + TimeScale.millis(PROMPT_MILLIS)
              + " ms: it busy-waits"
              + " (a loop on isDone()?), burning a core while it waits");
    }
    for (int i = 0; i < 5; i++) {
      if (Call.sleeping(call.thread())) {
        throw Invariant.violated(
            method + " waits by blocking on the task's result, not by sleeping",
            "the caller blocked on the result (Future.get with a timeout)",
            "it is in Thread.sleep while the task runs: it sleeps, then looks, so a result ready"
                + " now is picked up only when the nap (or the whole limit) is over",
            timeline.render());
      }
      Thread.onSpinWait();
    }
  }

  /**
   * Require the timeout outcome of withFuture; return false if the scenario proved nothing because
   * the task had not even started when withFuture returned (a correct solution may cancel it
   * unstarted on a loaded machine).
   */
  private static boolean requireFutureTimedOut(
      Call<Optional<String>> call, ScriptedTask task, long limit, long margin, Timeline timeline)
      throws InterruptedException {
    String invariant = "withFuture gives up when its limit of " + limit + " ms passes";
    if (!call.await(left(call, limit + margin))) {
      String why;
      if (!task.started()) {
        why = "the task has not even started";
      } else if (!task.interrupted()) {
        why =
            call.thread().getState() == Thread.State.WAITING
                ? "it waits with no timeout at all (get() without a limit?), and the task was never"
                    + " interrupted"
                : "the task was never interrupted, and withFuture still waits, for a task nobody"
                    + " told to stop (cancel(false) does not interrupt a running task)";
      } else {
        why =
            "the task was interrupted"
                + (task.ended() ? " and has ended" : "")
                + ", but withFuture still waits";
      }
      throw Invariant.violated(
          invariant,
          "an empty Optional within " + limit + " ms + " + margin + " ms",
          "still running after " + (limit + margin) + " ms: " + why + "; " + call.doing(),
          timeline.render());
    }
    if (call.thrown() != null) {
      throw Invariant.violated(
          invariant,
          "Optional.empty() when the limit passes",
          "it threw "
              + call.thrown()
              + (call.thrown() instanceof TimeoutException
                      || call.thrown() instanceof CancellationException
                  ? ": a timeout is not an error here; return an empty Optional"
                  : ""));
    }
    if (call.elapsedMillis() < limit) {
      throw Invariant.violated(
          "withFuture never gives up before its limit of " + limit + " ms",
          "it returns after at least " + limit + " ms",
          "it returned "
              + call.value()
              + " after "
              + call.elapsedMillis()
              + " ms: is the limit converted to the wrong unit, or truncated (toSeconds() of "
              + limit
              + " ms is 0)?");
    }
    Invariant.require(
        Optional.empty().equals(call.value()), invariant, "Optional.empty()", call::value);
    if (!call.startedAtReturn()) {
      return false;
    }
    if (!task.interrupted()) {
      throw Invariant.violated(
          "the task that lost is cancelled: its thread is interrupted",
          "the task interrupted before withFuture returns",
          "it was never interrupted: it is still running after withFuture returned. Giving up"
              + " waiting does not stop the task; cancel(true) interrupts it, cancel(false) and"
              + " shutdown() do not",
          timeline.render());
    }
    if (!call.endedAtReturn()) {
      throw Invariant.violated(
          "withFuture returns only after the cancelled task has ended",
          "the task's finally block has run when withFuture returns",
          "withFuture returned while the interrupted task was still running its finally block:"
              + " after cancel(true), wait for the task to end (close(), or awaitTermination)"
              + " before you report the timeout",
          timeline.render());
    }
    return true;
  }

  private static void requireFutureFailure(Call<Optional<String>> call, ScriptedTask task) {
    String invariant =
        "a task that " + task.kind().describe() + " makes withFuture throw ExecutionException";
    Throwable thrown = call.thrown();
    if (thrown == null) {
      throw Invariant.violated(
          invariant,
          "ExecutionException caused by " + task.failure(),
          "it returned "
              + call.value()
              + (Optional.empty().equals(call.value())
                  ? ": the failure was reported as a timeout"
                  : ""));
    }
    if (!(thrown instanceof ExecutionException)) {
      throw Invariant.violated(
          invariant, "ExecutionException caused by " + task.failure(), "it threw " + thrown);
    }
    if (thrown.getCause() != task.failure()) {
      throw Invariant.violated(
          "the cause of the ExecutionException is the task's own exception",
          task.failure(),
          thrown.getCause()
              + (Futures.causedBy(thrown.getCause(), task.failure())
                  ? ": the task's exception is deeper in the chain; it was wrapped once more"
                  : ""));
    }
  }

  private static CompletableFuture<String> requireFutureReturned(
      Call<CompletableFuture<String>> call, ScriptedTask task, long prompt)
      throws InterruptedException {
    if (!call.await(prompt)) {
      throw Invariant.violated(
          "withCompletable returns at once, without waiting for the task",
          "its future returned while the task runs",
          "it had not returned "
              + prompt
              + " ms later, though the task was "
              + (task.started() ? "running" : "not even started")
              + ": "
              + call.doing());
    }
    if (call.thrown() != null) {
      throw Invariant.violated(
          "withCompletable returns a future", "a CompletableFuture", "it threw " + call.thrown());
    }
    if (call.value() == null) {
      throw Invariant.violated("withCompletable returns a future", "a CompletableFuture", "null");
    }
    return call.value();
  }

  private static String awaitValue(
      CompletableFuture<String> future,
      long millis,
      String invariant,
      String after,
      Timeline timeline)
      throws InterruptedException {
    try {
      return future.get(millis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw Invariant.violated(
          invariant,
          "complete within " + millis + " ms " + after,
          "still incomplete " + millis + " ms " + after,
          timeline.render());
    } catch (ExecutionException | CancellationException e) {
      throw Invariant.violated(invariant, "the task's result", describe(future));
    }
  }

  private static void requireCompletableFailure(
      CompletableFuture<String> future,
      ScriptedTask task,
      String fallback,
      long prompt,
      Timeline timeline)
      throws InterruptedException {
    String invariant =
        "a task that " + task.kind().describe() + " completes the future exceptionally with it";
    try {
      String value = future.get(prompt, TimeUnit.MILLISECONDS);
      throw Invariant.violated(
          invariant,
          "get() throws ExecutionException caused by " + task.failure(),
          "it completed with "
              + value
              + (fallback.equals(value) ? ": the failure was turned into the fallback" : ""));
    } catch (TimeoutException e) {
      throw Invariant.violated(
          invariant,
          "complete within " + prompt + " ms of the task's failure",
          "still incomplete "
              + prompt
              + " ms after the task threw "
              + task.failure()
              + ", with the limit 60 s away"
              + (task.kind() == Kind.ERROR
                  ? ": an Error is not an Exception, so a catch (Exception e) lets it escape"
                      + " and the future is never completed; catch Throwable"
                  : ": the failure was lost"),
          timeline.render());
    } catch (CancellationException e) {
      throw Invariant.violated(
          invariant, "completed exceptionally with the task's exception", "it was cancelled");
    } catch (ExecutionException e) {
      if (e.getCause() != task.failure()) {
        throw Invariant.violated(
            "the future fails with the task's own exception",
            task.failure(),
            e.getCause()
                + (Futures.causedBy(e.getCause(), task.failure())
                    ? ": the task's exception is deeper in the chain; it was wrapped once more"
                    : ""));
      }
    }
  }

  /**
   * Require the timeout outcome of withCompletable; return false if the scenario proved nothing
   * because the task had not started when the future completed (see {@link #ATTEMPTS}).
   */
  private static boolean requireCompletableTimedOut(
      CompletableFuture<String> future,
      Call<?> call,
      ScriptedTask task,
      String fallback,
      long limit,
      long margin,
      long prompt,
      Timeline timeline)
      throws InterruptedException {
    AtomicLong completedNanos = new AtomicLong();
    AtomicBoolean startedAtCompletion = new AtomicBoolean();
    CountDownLatch seen = new CountDownLatch(1);
    var _ =
        future.whenComplete(
            (v, e) -> {
              startedAtCompletion.set(task.started());
              completedNanos.set(System.nanoTime());
              seen.countDown();
            });
    String invariant =
        "the future completes with the fallback when its limit of " + limit + " ms passes";
    String value;
    try {
      value = future.get(left(call, limit + margin), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw Invariant.violated(
          invariant,
          "the fallback within " + limit + " ms + " + margin + " ms",
          "still incomplete after "
              + (limit + margin)
              + " ms: nothing completes it at the limit"
              + " (completeOnTimeout)",
          timeline.render());
    } catch (ExecutionException e) {
      throw Invariant.violated(
          invariant,
          fallback,
          "it completed exceptionally with "
              + e.getCause()
              + (e.getCause() instanceof TimeoutException
                  ? ": orTimeout fails the future; completeOnTimeout completes it with a value"
                  : ""));
    } catch (CancellationException e) {
      throw Invariant.violated(invariant, fallback, "it was cancelled");
    }
    // get() may return before this check's own whenComplete has run: wait for it, it is next.
    if (!seen.await(prompt, TimeUnit.MILLISECONDS)) {
      throw new AssertionError(
          "the check's own callback on the completed future did not run; this is a bug of the"
              + " check, not of your code");
    }
    long elapsed = (completedNanos.get() - call.startNanos()) / 1_000_000;
    if (elapsed < limit) {
      throw Invariant.violated(
          "the future never falls back before its limit of " + limit + " ms",
          "complete after at least " + limit + " ms",
          "it completed with "
              + value
              + " after "
              + elapsed
              + " ms: is the limit converted to the wrong unit, or truncated?");
    }
    Invariant.require(fallback.equals(value), invariant, fallback, () -> value);
    if (!startedAtCompletion.get()) {
      return false;
    }
    if (!task.awaitEnded(prompt)) {
      throw Invariant.violated(
          "when the future falls back, the task is interrupted and ends",
          "the task interrupted and ended within " + prompt + " ms of the fallback",
          task.interrupted()
              ? "it was interrupted but had not ended"
              : "the future completed with the fallback, but the task was never interrupted: it is"
                  + " still running. Completing or cancelling a CompletableFuture does not"
                  + " interrupt the thread that runs the task; keep the Future of that thread and"
                  + " cancel(true) it when the limit passes",
          timeline.render());
    }
    return true;
  }

  /**
   * How much longer to wait for a call that must end {@code bound} ms after it started: what is
   * left of the bound, but never less than the prompt bound, because the check itself may have been
   * held up (other calls, a loaded machine) and must not blame the solution for its own delay.
   */
  private static long left(Call<?> call, long bound) {
    long elapsed = (System.nanoTime() - call.startNanos()) / 1_000_000;
    return Math.max(bound - elapsed, TimeScale.millis(PROMPT_MILLIS));
  }

  private static AssertionError tooLoaded() {
    return new AssertionError(
        "the check could not decide: in "
            + ATTEMPTS
            + " attempts, up to a limit of "
            + TimeScale.millis(SHORT_LIMIT_MILLIS << (ATTEMPTS - 1))
            + " ms, the task's thread never started before the limit passed. This machine is too"
            + " loaded for these limits; this is not a verdict on your code. Run again with"
            + " KATA_TIME_FACTOR=3 (or higher)");
  }

  private static void requireRanOnce(ScriptedTask task, String method) {
    Invariant.require(
        task.calls() == 1,
        method + " runs the task exactly once",
        "1 run",
        () -> task.calls() + " runs");
  }

  /** The task's thread must end soon after the task: it was started for it. */
  private static void requireThreadEnds(ScriptedTask task, String method)
      throws InterruptedException {
    Thread runner = task.runner();
    if (runner == null) {
      return;
    }
    if (runner instanceof ForkJoinWorkerThread worker
        && worker.getPool() == ForkJoinPool.commonPool()) {
      throw Invariant.violated(
          "the task's thread is started for the task and ends with it",
          "a thread of its own (an executor you close, or a new thread)",
          "the task ran on \""
              + runner.getName()
              + "\", a thread of the common pool, which outlives the task and runs other work next:"
              + " interrupting it to cancel the task may interrupt someone else's work; pass "
              + method
              + "'s own executor to supplyAsync/runAsync");
    }
    runner.join(TimeScale.millis(PROMPT_MILLIS));
    if (runner.isAlive()) {
      throw Invariant.violated(
          "nothing started for the task outlives it",
          "the thread that ran the task has ended",
          "thread \""
              + runner.getName()
              + "\" is still alive, "
              + runner.getState()
              + ", after the task ended: an executor that was never shut down?");
    }
  }

  private static void requireFlagUntouched(Call<?> call, String method) {
    if (call.flagAfter()) {
      throw Invariant.violated(
          "the caller's interrupt flag is left as it was found",
          "not interrupted after " + method + " returns",
          "the caller's interrupt flag was set, though nobody interrupted the caller: interrupt the"
              + " task's thread, not Thread.currentThread()");
    }
  }

  private static String outcome(Call<?> call) {
    return call.thrown() != null ? "by throwing " + call.thrown() : String.valueOf(call.value());
  }

  private static String describe(CompletableFuture<?> future) {
    if (!future.isDone()) {
      return "incomplete";
    }
    try {
      return "completed with " + future.getNow(null);
    } catch (CancellationException e) {
      return "cancelled";
    } catch (RuntimeException e) {
      return "completed exceptionally with " + e.getCause();
    }
  }

  /** After a check, pass or fail: no task stays blocked, no caller stays stuck. */
  private static void cleanup(Call<?> call, ScriptedTask task) throws InterruptedException {
    task.abandon();
    if (!call.returned()) {
      call.abandon();
    }
    if (call.value() instanceof CompletableFuture<?> future) {
      future.cancel(true);
    }
  }
}

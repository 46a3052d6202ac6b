package dev.kata.puzzles.p14;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.kata.api.check.CallGate;
import dev.kata.api.check.Futures;
import dev.kata.api.check.Invariant;
import dev.kata.api.check.PropertyChecks;
import dev.kata.api.check.PuzzleChecks;
import dev.kata.api.check.ThreadDump;
import dev.kata.api.check.Threads;
import dev.kata.api.check.TimeScale;
import dev.kata.api.check.Timeline;
import dev.kata.puzzles.p14.Owner.Moment;
import dev.kata.puzzles.p14.Owner.Plan;
import dev.kata.puzzles.p14.Subtask.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The checks of puzzle 14.
 *
 * <p>Every subtask is a {@link Subtask}: it blocks on a latch until the check releases it, so the
 * check decides which subtask succeeds or fails and in which order they finish; a subtask that must
 * be cancelled blocks until interrupted. Each scope is driven by an {@link Owner}, a thread of its
 * own, so that the check can see the owner wait, interrupt it, and capture the state at the very
 * moment {@code join()} or {@code close()} returns: which subtasks had ended, the owner's interrupt
 * flag, and, through the JDK's JSON thread dump ({@link ThreadDump}; {@code ThreadMXBean} does not
 * see virtual threads), the virtual threads started in the scope that are still alive. A cancelled
 * subtask does not finish its {@code finally} until the owner has returned or is seen waiting, so a
 * scope that returns without waiting for its cancelled subtasks is caught on every run, not when
 * the scheduler happens to allow it. No check waits for a timer of its own: the bounds below are
 * reached only by a wrong solution.
 *
 * <h2>Contract audit: each sentence of {@link Scope}, {@link Scopes} and the starter's GOAL, and
 * its check</h2>
 *
 * <table>
 *   <caption>contract sentence, check</caption>
 *   <tr><td>Scopes: each open() gives a new scope; scopes are independent, a failure or close in one
 *       touches no subtask of another</td><td>{@link #scopesAreIndependent}: a failure in scope A,
 *       then A closed, while scope B's subtask is held; B's subtask must not be interrupted, and B
 *       must still join normally with its result</td></tr>
 *   <tr><td>Scope: the subtasks respond to interruption; interrupted, they run their finally blocks
 *       and throw, sometimes an exception of their own</td><td>the {@link Subtask} kinds HANG and
 *       FAILS_WHEN_CANCELLED; {@link #joinThrowsTheFirstFailureInTime}</td></tr>
 *   <tr><td>fork: start the task in a new virtual thread of its own, return without waiting</td><td>{@link
 *       #allSucceed}: every subtask starts while all are held (fork returned, they run concurrently),
 *       none on the owner's thread, each on a distinct virtual thread; {@code requireAllStarted} in
 *       every check</td></tr>
 *   <tr><td>fork: the supplier gives the result once join returned normally</td><td>{@link #allSucceed},
 *       {@link #generatedScopesKeepEveryRule} (results in fork order)</td></tr>
 *   <tr><td>join 1: wait by blocking, as long as the subtasks take</td><td>{@link #allSucceed}: the
 *       owner must be seen waiting (not sleeping) in join while the subtasks are held, and still in
 *       join after all but the first forked have finished, released in reverse order; a join seen
 *       in a timed wait is held {@value #TIMED_HOLD_MILLIS} ms more and must still wait (a timeout
 *       longer than that is not caught)</td></tr>
 *   <tr><td>join 2: a failure of any kind (checked, RuntimeException, Error) cancels the others by
 *       interrupting them</td><td>{@link #aFailureCancelsTheSiblings} for the three kinds, with
 *       siblings forked before and after the failing one; the property</td></tr>
 *   <tr><td>join 3: return only when every subtask's thread has ended, not merely its Future
 *       done</td><td>every check that joins: {@code requireEndedAtReturn} (each subtask's finally had
 *       ended at the moment of return; cancelled ones are held until the owner returns or waits) and
 *       {@code requireNothingAlive} (the thread dump at the moment of return lists no virtual thread
 *       started in the scope)</td></tr>
 *   <tr><td>join 4: all succeeded, return normally</td><td>{@link #allSucceed}, the property</td></tr>
 *   <tr><td>join 5: otherwise ExecutionException whose cause is the first failure in time, the
 *       very exception; not the first forked, not the last</td><td>{@link #aFailureCancelsTheSiblings}
 *       (a sibling forked first fails later with InterruptedException), {@link
 *       #joinThrowsTheFirstFailureInTime} (a sibling forked first fails later with an exception of its
 *       own), {@link #aCancelledSiblingNeverBecomesTheCause} (the cancelling thread is held
 *       right after its Thread.interrupt() until the sibling has ended, so a failure
 *       recorded after the cancel loses to the sibling's InterruptedException), the property
 *       (failures released in a generated order)</td></tr>
 *   <tr><td>join 6: the owner interrupted while join waits: cancel, wait for the ends, throw
 *       InterruptedException</td><td>{@link #anInterruptedJoinCancelsWaitsAndThrows}</td></tr>
 *   <tr><td>join 7: interrupted while cancelled subtasks end, keep waiting, keep the
 *       interrupt</td><td>{@link #joinKeepsWaitingForCancelledSubtasksWhenInterrupted}: the cancelled
 *       subtask's cleanup is gated by the check, the owner interrupted in join; join must not return
 *       before the gate opens, then throw InterruptedException or the failure with the flag
 *       set</td></tr>
 *   <tr><td>close: cancel what still runs, return only when every subtask's thread has ended</td><td>{@link
 *       #closeWithoutJoinCancelsAndWaits}</td></tr>
 *   <tr><td>close: interrupted while waiting, keep waiting, return with the flag set</td><td>{@link
 *       #closeWithoutJoinCancelsAndWaits} (the cleanups gated, the owner interrupted in close)</td></tr>
 *   <tr><td>close: never throw; closing a closed scope does nothing</td><td>every check ({@code
 *       requireClosed}: close after join returns promptly and throws nothing)</td></tr>
 *   <tr><td>GOAL "no thread outlives the scope"</td><td>{@code requireNothingAlive}; kata's thread-leak
 *       guard after every check</td></tr>
 *   <tr><td>PUZZLES.md property: generated scopes (counts, which fail and how, finishing order), same
 *       invariants</td><td>{@link #generatedScopesKeepEveryRule}: on every run, four generated
 *       plots of each {@link Shape} (every subtask succeeding out of fork order, a failure of any
 *       kind while siblings still run, anything)</td></tr>
 * </table>
 *
 * <p>Not caught on every run, because no check code runs on a subtask's thread after its code
 * returned: a join that returns when every subtask's code has finished but before the threads
 * themselves have ended (a latch counted down in a {@code finally}, {@code Future.get()} on each).
 * The thread dump catches it when its threads are still listed; the hints say why it is wrong.
 */
@PuzzleChecks(timeLimitSeconds = 30, timeoutsShortenedBy = 1000)
public class StructuredScopeChecks {

  /** How long a correct solution may take, at most, to do something it must do at once. */
  private static final long PROMPT_MILLIS = 2_000;

  /** How long a subtask's thread may take to start, on a loaded machine. */
  private static final long START_MILLIS = 3_000;

  // How long a subtask is held when join waits with a timeout, to see whether it gives up.
  // The solution's timeouts are a thousand times shorter here (timeoutsShortenedBy): this hold
  // outlasts any "safety net" timeout up to 8 minutes, on every run, and costs a correct timed
  // wait (one that waits again) half a second, not ten.
  private static final long TIMED_HOLD_MILLIS = 500;

  @Test
  @Order(1)
  @DisplayName(
      "every subtask runs at once in a virtual thread of its own; join waits for the last; the"
          + " suppliers give the results")
  void allSucceed(Scopes solution) throws InterruptedException {
    Timeline timeline = new Timeline();
    List<Subtask> subtasks = subtasks(timeline, Kind.VALUE, Kind.VALUE, Kind.VALUE);
    Owner owner = new Owner(solution, subtasks, Plan.JOIN_THEN_CLOSE, timeline);
    try {
      owner.start();
      requireAllStarted(owner, subtasks, timeline);
      requireVirtualThreadsOfTheirOwn(subtasks);
      requireWaitingIn(owner, "join()", "every subtask is still running", timeline);
      // Finish in reverse order: join must wait for subtask 0, the first forked and the last to
      // end.
      for (int i = subtasks.size() - 1; i >= 1; i--) {
        subtasks.get(i).release();
        requireEnds(subtasks.get(i), timeline);
      }
      requireWaitingIn(
          owner, "join()", "subtask 0 is still running (subtasks 2 and 1 have finished)", timeline);
      requireNoTimeLimit(owner, timeline);
      subtasks.get(0).release();
      Moment join = requireJoinReturned(owner, "every subtask has returned its value", timeline);
      if (join.thrown() != null) {
        throw Invariant.violated(
            "when every subtask succeeds, join returns normally",
            "join() returns",
            "it threw " + join.thrown(),
            timeline.render());
      }
      List<Object> expected = subtasks.stream().map(s -> (Object) s.value()).toList();
      Invariant.require(
          expected.equals(owner.values()),
          "each supplier gives its own subtask's result after join",
          expected,
          () -> owner.values() + firstDifference(expected, owner.values()));
      requireEndedAtReturn(join, subtasks, "join()", timeline);
      requireNothingAlive(owner, join, "join()", timeline);
      requireFlagUntouched(join, "join()");
      requireClosed(owner, timeline);
      for (Subtask subtask : subtasks) {
        Invariant.require(
            subtask.calls() == 1,
            "each forked subtask runs exactly once",
            "1 run",
            () -> subtask.name() + " ran " + subtask.calls() + " times");
      }
    } finally {
      cleanup(owner, subtasks);
    }
  }

  @Test
  @Order(2)
  @DisplayName(
      "a failure (checked, RuntimeException, Error) interrupts the siblings; join throws it once"
          + " they have all ended")
  void aFailureCancelsTheSiblings(Scopes solution) throws InterruptedException {
    // One dump before the three scenarios: each one's threads must be gone when it ends, so a
    // thread alive at a later scenario's join is that scenario's, or a leak of an earlier one.
    ThreadDump before = ThreadDump.take();
    for (Kind kind : List.of(Kind.CHECKED, Kind.RUNTIME, Kind.ERROR)) {
      Timeline timeline = new Timeline();
      List<Subtask> subtasks = subtasks(timeline, Kind.HANG, kind, Kind.HANG);
      Owner owner = new Owner(solution, subtasks, Plan.JOIN_THEN_CLOSE, timeline).since(before);
      subtasks.forEach(s -> s.holdFor(owner));
      try {
        owner.start();
        requireAllStarted(owner, subtasks, timeline);
        requireWaitingIn(owner, "join()", "every subtask is still running", timeline);
        Subtask failing = subtasks.get(1);
        failing.release();
        requireSiblingsCancelled(subtasks, failing, owner, timeline);
        Moment join =
            requireJoinReturned(
                owner,
                "the siblings of the failed subtask were interrupted and have ended",
                timeline);
        requireFailure(join, failing, subtasks, timeline);
        requireEndedAtReturn(join, subtasks, "join()", timeline);
        requireNothingAlive(owner, join, "join()", timeline);
        requireFlagUntouched(join, "join()");
        requireClosed(owner, timeline);
      } finally {
        cleanup(owner, subtasks);
      }
    }
  }

  @Test
  @Order(3)
  @DisplayName(
      "join throws the first failure in time, not that of the first subtask forked nor a later one")
  void joinThrowsTheFirstFailureInTime(Scopes solution) throws InterruptedException {
    Timeline timeline = new Timeline();
    List<Subtask> subtasks = subtasks(timeline, Kind.FAILS_WHEN_CANCELLED, Kind.RUNTIME);
    Owner owner = new Owner(solution, subtasks, Plan.JOIN_THEN_CLOSE, timeline);
    subtasks.forEach(s -> s.holdFor(owner));
    try {
      owner.start();
      requireAllStarted(owner, subtasks, timeline);
      requireWaitingIn(owner, "join()", "every subtask is still running", timeline);
      Subtask first = subtasks.get(1);
      Subtask later = subtasks.get(0);
      first.release();
      requireSiblingsCancelled(subtasks, first, owner, timeline);
      // its cleanup now fails with an exception of its own, after the first failure
      later.release();
      Moment join = requireJoinReturned(owner, "both subtasks have ended", timeline);
      requireFailure(join, first, subtasks, timeline);
      requireEndedAtReturn(join, subtasks, "join()", timeline);
      requireNothingAlive(owner, join, "join()", timeline);
      requireClosed(owner, timeline);
    } finally {
      cleanup(owner, subtasks);
    }
  }

  @Test
  @Order(3)
  @DisplayName(
      "a sibling's InterruptedException is never the cause, even when the cancel lets it end before"
          + " the failure is recorded")
  void aCancelledSiblingNeverBecomesTheCause(CallGate gate) throws InterruptedException {
    // The thread that cancels is held right after its Thread.interrupt() until the interrupted
    // sibling has ended or waits: a failure recorded only after the cancel is then recorded after
    // the sibling's InterruptedException, on every run. (A cancel through cancel(true) or
    // shutdownNow() passes no gate, and is not held.)
    Scopes solution = gate.after(Thread.class, "interrupt").newSolution(Scopes.class);
    Timeline timeline = new Timeline();
    List<Subtask> subtasks = subtasks(timeline, Kind.HANG, Kind.RUNTIME);
    Owner owner = new Owner(solution, subtasks, Plan.JOIN_THEN_CLOSE, timeline);
    subtasks.forEach(s -> s.holdFor(owner));
    Subtask sibling = subtasks.get(0);
    Subtask failing = subtasks.get(1);
    try {
      owner.start();
      requireAllStarted(owner, subtasks, timeline);
      requireWaitingIn(owner, "join()", "every subtask is still running", timeline);
      gate.holdNext();
      failing.release();
      long deadline = System.nanoTime() + TimeScale.millis(PROMPT_MILLIS) * 1_000_000;
      Optional<Thread> canceller = Optional.empty();
      // A cancel made some other way (cancel(true), shutdownNow()) passes no gate: then nothing is
      // held, and the sibling's end is waited for as usual.
      while (canceller.isEmpty() && !sibling.ended() && System.nanoTime() < deadline) {
        canceller = gate.awaitHeld(Duration.ofMillis(5));
      }
      // The sibling's own code (the check's) ends first; only then is its thread in the learner's
      // code, recording its InterruptedException or waiting for a lock the held thread has. Until
      // then it polls in timed waits, which must not pass for a stop.
      if (canceller.isPresent()
          && sibling.awaitInterrupted(TimeScale.millis(PROMPT_MILLIS))
          && sibling.awaitEnded(TimeScale.millis(PROMPT_MILLIS))) {
        Thread runner = sibling.runner();
        if (runner != null) {
          var _ = Threads.awaitEndedOrStopped(runner, PROMPT_MILLIS);
        }
      }
      gate.release();
      requireSiblingsCancelled(subtasks, failing, owner, timeline);
      Moment join = requireJoinReturned(owner, "both subtasks have ended", timeline);
      requireFailure(join, failing, subtasks, timeline);
      requireEndedAtReturn(join, subtasks, "join()", timeline);
    } finally {
      gate.release();
      cleanup(owner, subtasks);
    }
  }

  @Test
  @Order(4)
  @DisplayName(
      "close() without join interrupts every subtask and returns once they have ended, even if"
          + " interrupted itself")
  void closeWithoutJoinCancelsAndWaits(Scopes solution) throws InterruptedException {
    Timeline timeline = new Timeline();
    List<Subtask> subtasks = subtasks(timeline, Kind.HANG, Kind.HANG);
    Owner owner = new Owner(solution, subtasks, Plan.CLOSE_WITHOUT_JOIN, timeline);
    subtasks.forEach(s -> s.holdFor(owner).gateCleanup());
    try {
      owner.start();
      requireAllStarted(owner, subtasks, timeline);
      for (Subtask subtask : subtasks) {
        if (!subtask.awaitInterrupted(TimeScale.millis(PROMPT_MILLIS))) {
          throw Invariant.violated(
              "close() cancels every subtask still running: it interrupts its thread",
              subtask.name() + " interrupted",
              subtask.name()
                  + " was never interrupted"
                  + (owner.close().returned()
                      ? ", and close() returned while it still runs"
                      : "; " + owner.doing() + ": close() waits for subtasks nobody told to stop")
                  + ". shutdownNow() or cancel(true) interrupts; shutdown() and cancel(false) do"
                  + " not",
              timeline.render());
        }
      }
      String cleaning =
          "the interrupted subtasks are still running their cleanup (held by the check)";
      requireWaitingIn(owner, "close()", cleaning, timeline);
      owner.thread().interrupt();
      requireInterruptHandled(owner);
      requireWaitingIn(
          owner,
          "close()",
          cleaning + ", and the owner was interrupted while close() waited",
          timeline);
      subtasks.forEach(Subtask::openCleanup);
      if (!owner.awaitClose(TimeScale.millis(PROMPT_MILLIS))) {
        throw Invariant.violated(
            "close() returns once every subtask has ended",
            "close() returns",
            "still running "
                + TimeScale.millis(PROMPT_MILLIS)
                + " ms after the last subtask ended: "
                + owner.doing(),
            timeline.render());
      }
      Moment close = owner.close();
      if (close.thrown() != null) {
        throw Invariant.violated(
            "close() never throws", "close() returns", "it threw " + close.thrown());
      }
      requireEndedAtReturn(close, subtasks, "close()", timeline);
      requireNothingAlive(owner, close, "close()", timeline);
      if (!close.flagAfter()) {
        throw Invariant.violated(
            "close() interrupted while it waits keeps waiting and keeps the interrupt",
            "the owner's interrupt flag set when close() returns",
            "the flag was cleared: the interrupt was swallowed, so the owner never learns it was"
                + " cancelled; catch InterruptedException, keep waiting, then"
                + " Thread.currentThread().interrupt() (ExecutorService.close() does exactly"
                + " that)");
      }
    } finally {
      cleanup(owner, subtasks);
    }
  }

  @Test
  @Order(5)
  @DisplayName(
      "the owner interrupted in join: every subtask is interrupted and has ended, then"
          + " InterruptedException")
  void anInterruptedJoinCancelsWaitsAndThrows(Scopes solution) throws InterruptedException {
    Timeline timeline = new Timeline();
    List<Subtask> subtasks = subtasks(timeline, Kind.HANG, Kind.HANG);
    Owner owner = new Owner(solution, subtasks, Plan.JOIN_THEN_CLOSE, timeline);
    subtasks.forEach(s -> s.holdFor(owner));
    try {
      owner.start();
      requireAllStarted(owner, subtasks, timeline);
      requireWaitingIn(owner, "join()", "every subtask is still running", timeline);
      owner.thread().interrupt();
      if (!owner.awaitJoin(TimeScale.millis(PROMPT_MILLIS))) {
        List<String> untouched =
            subtasks.stream().filter(s -> !s.interrupted()).map(Subtask::name).toList();
        throw Invariant.violated(
            "an interrupted join cancels the subtasks, waits for their end and throws"
                + " InterruptedException",
            "join() throws InterruptedException promptly",
            "still in join "
                + TimeScale.millis(PROMPT_MILLIS)
                + " ms after the interrupt: "
                + (untouched.isEmpty()
                    ? "the subtasks were interrupted and ended, but join ignored the owner's"
                        + " interrupt"
                    : String.join(" and ", untouched)
                        + " never interrupted: join ignored the interrupt, or caught it"
                        + " and waits again, for subtasks nobody cancelled")
                + "; "
                + owner.doing(),
            timeline.render());
      }
      Moment join = owner.join();
      requireEndedAtReturn(join, subtasks, "join()", timeline);
      if (!(join.thrown() instanceof InterruptedException)) {
        throw Invariant.violated(
            "an interrupted join throws InterruptedException",
            "InterruptedException",
            join.thrown() == null
                ? "join() returned normally"
                    + (join.flagAfter() ? " with the flag set" : ", the interrupt swallowed")
                    + ", as if every subtask had succeeded: none did"
                : "it threw "
                    + join.thrown()
                    + (join.thrown() instanceof ExecutionException e
                            && e.getCause() instanceof InterruptedException
                        ? ": the owner's interrupt is not a subtask's failure; the subtasks failed"
                            + " only because the owner cancelled them"
                        : ""),
            timeline.render());
      }
      requireNothingAlive(owner, join, "join()", timeline);
      requireClosed(owner, timeline);
    } finally {
      cleanup(owner, subtasks);
    }
  }

  @Test
  @Order(6)
  @DisplayName(
      "interrupted while cancelled subtasks clean up, join keeps waiting for their end and keeps"
          + " the interrupt")
  void joinKeepsWaitingForCancelledSubtasksWhenInterrupted(Scopes solution)
      throws InterruptedException {
    Timeline timeline = new Timeline();
    List<Subtask> subtasks = subtasks(timeline, Kind.RUNTIME, Kind.HANG);
    Owner owner = new Owner(solution, subtasks, Plan.JOIN_THEN_CLOSE, timeline);
    Subtask failing = subtasks.get(0);
    Subtask cancelled = subtasks.get(1).gateCleanup();
    subtasks.forEach(s -> s.holdFor(owner));
    try {
      owner.start();
      requireAllStarted(owner, subtasks, timeline);
      requireWaitingIn(owner, "join()", "every subtask is still running", timeline);
      failing.release();
      requireSiblingsCancelled(subtasks, failing, owner, timeline);
      String cleaning =
          cancelled.name() + " was cancelled and still runs its cleanup (held by the check)";
      requireWaitingIn(owner, "join()", cleaning, timeline);
      owner.thread().interrupt();
      requireInterruptHandled(owner);
      requireWaitingIn(
          owner,
          "join()",
          cleaning + ", and the owner was interrupted while join() waited",
          timeline);
      cancelled.openCleanup();
      Moment join = requireJoinReturned(owner, "the cancelled subtask has ended", timeline);
      requireEndedAtReturn(join, subtasks, "join()", timeline);
      boolean kept =
          join.thrown() instanceof InterruptedException
              || (join.thrown() instanceof ExecutionException && join.flagAfter());
      if (!kept) {
        throw Invariant.violated(
            "join interrupted while it waits for cancelled subtasks keeps the interrupt",
            "InterruptedException, or the ExecutionException with the owner's interrupt flag set",
            (join.thrown() == null ? "join() returned normally" : "it threw " + join.thrown())
                + " with the interrupt flag cleared: the interrupt was swallowed");
      }
      if (join.thrown() instanceof ExecutionException) {
        requireFailure(join, failing, subtasks, timeline);
      }
      requireNothingAlive(owner, join, "join()", timeline);
      requireClosed(owner, timeline);
    } finally {
      cleanup(owner, subtasks);
    }
  }

  @Test
  @Order(7)
  @DisplayName(
      "scopes are independent: a failure and close() in one scope cancel nothing in another")
  void scopesAreIndependent(Scopes solution) throws InterruptedException {
    Timeline timeline = new Timeline();
    List<Subtask> others = subtasks(timeline, "scope B, subtask ", Kind.VALUE);
    Owner ownerB = new Owner(solution, others, Plan.JOIN_THEN_CLOSE, timeline);
    List<Subtask> subtasks = subtasks(timeline, "scope A, subtask ", Kind.HANG, Kind.RUNTIME);
    Owner ownerA =
        new Owner(solution, subtasks, Plan.JOIN_THEN_CLOSE, () -> runners(others), timeline);
    subtasks.forEach(s -> s.holdFor(ownerA));
    try {
      ownerB.start();
      requireAllStarted(ownerB, others, timeline);
      ownerA.start();
      requireAllStarted(ownerA, subtasks, timeline);
      requireWaitingIn(ownerA, "join()", "every subtask of scope A is still running", timeline);
      Subtask failing = subtasks.get(1);
      failing.release();
      requireSiblingsCancelled(subtasks, failing, ownerA, timeline);
      Moment join = requireJoinReturned(ownerA, "scope A's subtasks have ended", timeline);
      requireFailure(join, failing, subtasks, timeline);
      requireClosed(ownerA, timeline);
      Subtask other = others.get(0);
      if (other.interrupted()) {
        throw Invariant.violated(
            "scopes are independent: a failure in one scope cancels nothing in another",
            other.name() + " left running",
            other.name()
                + " was interrupted by scope A's failure or close(): the scopes share what cancels"
                + " (a static executor shut down, a shared list of threads); give each scope its"
                + " own",
            timeline.render());
      }
      other.release();
      Moment otherJoin =
          requireJoinReturned(ownerB, "scope B's only subtask has returned", timeline);
      if (otherJoin.thrown() != null || !List.of(other.value()).equals(ownerB.values())) {
        throw Invariant.violated(
            "a scope opened beside another that failed and closed still works",
            "scope B's join returns and its supplier gives " + other.value(),
            otherJoin.thrown() != null
                ? "scope B's join threw " + otherJoin.thrown()
                : "it gave " + ownerB.values(),
            timeline.render());
      }
      requireClosed(ownerB, timeline);
    } finally {
      cleanup(ownerA, subtasks);
      cleanup(ownerB, others);
    }
  }

  /** A generated scope: what each subtask does, and in which order the check releases them. */
  record Plot(List<Kind> kinds, List<Integer> releaseOrder) {
    @Override
    public String toString() {
      return "subtasks "
          + IntStream.range(0, kinds.size())
              .mapToObj(i -> i + ": " + kinds.get(i).describe())
              .collect(Collectors.joining(", ", "[", "]"))
          + ", released in the order "
          + releaseOrder;
    }
  }

  /**
   * The kinds of scope the property covers on every run, each with generated details: a purely
   * random plot misses one now and then, and a wrong solution the property should catch would pass
   * on that run. QuickTheories tries the simplest plot of each first, then the largest.
   */
  enum Shape {
    /** Every subtask succeeds, ending out of fork order (when there are two or more). */
    EVERY_SUBTASK_SUCCEEDS,
    /** A subtask fails (checked, RuntimeException or Error) while some siblings still run. */
    A_FAILURE_WHILE_SIBLINGS_RUN,
    /** Anything: kinds and order as generated. */
    ANY;

    private static final Kind[] FAILURES = {Kind.CHECKED, Kind.RUNTIME, Kind.ERROR};

    private static final Kind[] ANY_KIND = {
      Kind.VALUE, Kind.VALUE, Kind.CHECKED, Kind.RUNTIME, Kind.ERROR
    };

    /**
     * Build a plot of this shape from generated numbers: {@code codes} picks each subtask's kind
     * (one per subtask), {@code keys} their release order.
     */
    Plot plot(List<Integer> codes, List<Integer> keys) {
      int n = codes.size();
      List<Integer> order =
          new ArrayList<>(
              IntStream.range(0, n).boxed().sorted(Comparator.comparing(keys::get)).toList());
      Kind[] chosen = new Kind[n];
      for (int i = 0; i < n; i++) {
        chosen[i] = ANY_KIND[codes.get(i) % ANY_KIND.length];
      }
      switch (this) {
        case EVERY_SUBTASK_SUCCEEDS -> {
          Arrays.fill(chosen, Kind.VALUE);
          if (order.equals(IntStream.range(0, n).boxed().toList())) {
            Collections.reverse(order); // fork order must not be the order they end in
          }
        }
        case A_FAILURE_WHILE_SIBLINGS_RUN -> {
          // the failure's place in the release order: any but the last
          int place = Math.floorMod(keys.get(n), n - 1);
          for (int i = 0; i < place; i++) {
            chosen[order.get(i)] = Kind.VALUE;
          }
          chosen[order.get(place)] = FAILURES[codes.get(order.get(place)) % FAILURES.length];
        }
        case ANY -> {
          // as generated
        }
      }
      return new Plot(List.of(chosen), List.copyOf(order));
    }

    /** The fewest subtasks this shape needs. */
    int fewestSubtasks() {
      return this == A_FAILURE_WHILE_SIBLINGS_RUN ? 2 : 1;
    }
  }

  @Test
  @Order(8)
  @DisplayName(
      "generated scopes (how many subtasks, which fail and how, in which order they end): the same"
          + " rules")
  void generatedScopesKeepEveryRule(Scopes solution) {
    // one for every scenario, as in aFailureCancelsTheSiblings
    ThreadDump before = ThreadDump.take();
    for (Shape shape : Shape.values()) {
      var plots =
          lists()
              .of(integers().between(0, 14))
              .ofSizeBetween(shape.fewestSubtasks(), 4)
              .zip(lists().of(integers().between(0, 1_000)).ofSize(5), shape::plot);
      PropertyChecks.forAll(
          4,
          plots,
          plot -> {
            try {
              runPlot(solution, plot, before);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new AssertionError("the check was interrupted", e);
            }
          });
    }
  }

  private static void runPlot(Scopes solution, Plot plot, ThreadDump before)
      throws InterruptedException {
    Timeline timeline = new Timeline();
    List<Subtask> subtasks = subtasks(timeline, plot.kinds().toArray(Kind[]::new));
    Owner owner = new Owner(solution, subtasks, Plan.JOIN_THEN_CLOSE, timeline).since(before);
    subtasks.forEach(s -> s.holdFor(owner));
    try {
      owner.start();
      requireAllStarted(owner, subtasks, timeline);
      requireWaitingIn(owner, "join()", "every subtask is still running", timeline);
      Subtask failing = null;
      for (int index : plot.releaseOrder()) {
        Subtask subtask = subtasks.get(index);
        subtask.release();
        if (subtask.kind().fails()) {
          failing = subtask;
          break;
        }
        requireEnds(subtask, timeline);
      }
      if (failing != null) {
        requireSiblingsCancelled(subtasks, failing, owner, timeline);
      }
      Moment join =
          requireJoinReturned(
              owner,
              failing == null
                  ? "every subtask has returned its value"
                  : "the failed subtask's siblings were interrupted and have ended",
              timeline);
      if (failing != null) {
        requireFailure(join, failing, subtasks, timeline);
      } else {
        if (join.thrown() != null) {
          throw Invariant.violated(
              "when every subtask succeeds, join returns normally",
              "join() returns",
              "it threw " + join.thrown(),
              timeline.render());
        }
        List<Object> expected = subtasks.stream().map(s -> (Object) s.value()).toList();
        Invariant.require(
            expected.equals(owner.values()),
            "each supplier gives its own subtask's result",
            expected,
            () -> owner.values() + firstDifference(expected, owner.values()));
      }
      requireEndedAtReturn(join, subtasks, "join()", timeline);
      requireNothingAlive(owner, join, "join()", timeline);
      requireFlagUntouched(join, "join()");
      requireClosed(owner, timeline);
    } finally {
      cleanup(owner, subtasks);
    }
  }

  // ------------------------------------------------------------------ requirements

  private static List<Subtask> subtasks(Timeline timeline, Kind... kinds) {
    return subtasks(timeline, "subtask ", kinds);
  }

  private static List<Subtask> subtasks(Timeline timeline, String prefix, Kind... kinds) {
    List<Subtask> subtasks = new ArrayList<>();
    for (int i = 0; i < kinds.length; i++) {
      subtasks.add(new Subtask(prefix + i, kinds[i], timeline));
    }
    return subtasks;
  }

  private static Set<Long> runners(List<Subtask> subtasks) {
    Set<Long> ids = new HashSet<>();
    for (Subtask subtask : subtasks) {
      Thread runner = subtask.runner();
      if (runner != null) {
        ids.add(runner.threadId());
      }
    }
    return ids;
  }

  /** Every subtask starts while all are held: fork returned at once and they run concurrently. */
  private static void requireAllStarted(Owner owner, List<Subtask> subtasks, Timeline timeline)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeScale.millis(START_MILLIS) * 1_000_000;
    for (Subtask subtask : subtasks) {
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      if (subtask.awaitStarted(left)) {
        if (subtask.runner() == owner.thread()) {
          throw Invariant.violated(
              "fork starts the subtask in a new thread and returns without waiting for it",
              subtask.name() + " running on a thread of its own",
              subtask.name()
                  + " runs on the owner's own thread, inside fork(): fork does not return until the"
                  + " subtask has finished, so nothing runs concurrently",
              timeline.render());
        }
        continue;
      }
      Throwable threw = owner.setupThrew();
      String started =
          subtasks.stream()
              .filter(Subtask::started)
              .map(Subtask::name)
              .collect(Collectors.joining(", "));
      throw Invariant.violated(
          "fork starts every subtask at once, each in a thread of its own",
          "all " + subtasks.size() + " subtasks running at the same time",
          threw != null
              ? "open() or fork() threw "
                  + threw
                  + (threw instanceof RejectedExecutionException
                      ? ": the executor was already shut down, by an earlier scope? Each scope"
                          + " needs an executor of its own"
                      : "")
              : subtask.name()
                  + " had not started "
                  + TimeScale.millis(START_MILLIS)
                  + " ms after the owner began"
                  + " forking, while "
                  + (started.isEmpty() ? "no subtask" : started)
                  + " ran and "
                  + (started.contains(",") ? "were" : "was")
                  + " held by the check: the subtasks do not run"
                  + " concurrently (one thread for all of them?); "
                  + owner.doing(),
          timeline.render());
    }
  }

  private static void requireVirtualThreadsOfTheirOwn(List<Subtask> subtasks) {
    Set<Thread> seen = new HashSet<>();
    for (Subtask subtask : subtasks) {
      Thread runner = subtask.runner();
      if (!runner.isVirtual()) {
        throw Invariant.violated(
            "fork starts each subtask in a new virtual thread",
            subtask.name() + " on a virtual thread",
            subtask.name()
                + " ran on platform thread \""
                + runner.getName()
                + "\": Executors.newVirtualThreadPerTaskExecutor() or Thread.ofVirtual() starts"
                + " virtual ones");
      }
      if (!seen.add(runner)) {
        throw Invariant.violated(
            "each subtask runs in a thread of its own",
            "distinct threads",
            "two subtasks ran on the same thread");
      }
    }
  }

  /**
   * Require the owner to be really waiting in {@code call} (seen so on several polls in a row)
   * while {@code why} holds, and not to have returned from it.
   */
  private static void requireWaitingIn(Owner owner, String call, String why, Timeline timeline)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeScale.millis(PROMPT_MILLIS) * 1_000_000;
    int polls = 0;
    while (true) {
      Moment moment = call.equals("join()") ? owner.join() : owner.close();
      if (moment.returned() || owner.done()) {
        throw Invariant.violated(
            call + " waits until every subtask has ended",
            call + " still waiting, since " + why,
            call
                + " returned"
                + (moment.thrown() != null ? " by throwing " + moment.thrown() : "")
                + " while "
                + why,
            timeline.render());
      }
      polls = owner.phase().equals(call) && owner.waits() ? polls + 1 : 0;
      if (polls == dev.kata.api.check.Threads.STABLE_POLLS) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw Invariant.violated(
            call + " waits by blocking",
            "the owner's thread WAITING in " + call,
            owner.doing()
                + " for "
                + TimeScale.millis(PROMPT_MILLIS)
                + " ms while "
                + why
                + (Owner.sleeping(owner.thread())
                    ? ": it sleeps and looks again instead of blocking until the" + " subtasks end"
                    : ": it spins (a loop on isDone()?) instead of blocking"),
            timeline.render());
      }
      owner.thread().join(1);
    }
  }

  /**
   * A join that waits with a timeout (TIMED_WAITING) may be polling, which is fine, or may give up
   * at its limit, which the contract forbids. Only then, subtask 0 is held longer than a defensive
   * timeout a learner would pick (up to several seconds), and join must still be waiting. A join
   * that waits without a timeout, or in ExecutorService.close() (timed slices of a day, in a loop),
   * is not held at all; a correct join that polls pays the hold.
   */
  private static void requireNoTimeLimit(Owner owner, Timeline timeline)
      throws InterruptedException {
    if (owner.thread().getState() != Thread.State.TIMED_WAITING || inJdkClose(owner.thread())) {
      return;
    }
    long until = System.nanoTime() + TimeScale.millis(TIMED_HOLD_MILLIS) * 1_000_000;
    while (System.nanoTime() < until) {
      if (owner.join().returned() || owner.done()) {
        break;
      }
      owner.thread().join(5);
    }
    requireWaitingIn(
        owner,
        "join()",
        "subtask 0 is still running, "
            + TimeScale.millis(TIMED_HOLD_MILLIS)
            + " ms after join() began a timed wait: join has no time limit, a subtask may take as"
            + " long as it takes",
        timeline);
  }

  /** ExecutorService.close() waits in slices of a day, and loops: a timed wait without a limit. */
  private static boolean inJdkClose(Thread thread) {
    for (StackTraceElement frame : thread.getStackTrace()) {
      if (frame.getClassName().startsWith("java.util.concurrent.")
          && frame.getMethodName().equals("close")) {
        return true;
      }
    }
    return false;
  }

  /**
   * After an interrupt of the owner, wait until the owner's code has taken it (its flag cleared by
   * an interruptible wait), so that "still waiting" is judged after it reacted. A solution that
   * waits uninterruptibly never takes it: then the check goes on after the bound.
   */
  private static void requireInterruptHandled(Owner owner) throws InterruptedException {
    long deadline = System.nanoTime() + TimeScale.millis(PROMPT_MILLIS) * 1_000_000;
    while (owner.thread().isInterrupted()
        && owner.thread().isAlive()
        && System.nanoTime() < deadline) {
      owner.thread().join(1);
    }
  }

  private static void requireEnds(Subtask subtask, Timeline timeline) throws InterruptedException {
    if (!subtask.awaitEnded(TimeScale.millis(PROMPT_MILLIS))) {
      throw new AssertionError(
          "the check's "
              + subtask.name()
              + " did not end "
              + TimeScale.millis(PROMPT_MILLIS)
              + " ms after the check let it return: the machine is too loaded for this check, or"
              + " the check is broken; this is not a verdict on your code. Run again with"
              + " KATA_TIME_FACTOR=3\n"
              + timeline.render());
    }
  }

  private static void requireSiblingsCancelled(
      List<Subtask> subtasks, Subtask failing, Owner owner, Timeline timeline)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeScale.millis(PROMPT_MILLIS) * 1_000_000;
    for (Subtask sibling : subtasks) {
      if (sibling == failing || (sibling.ended() && !sibling.interrupted())) {
        continue; // it had already succeeded: nothing to cancel
      }
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      if (!sibling.awaitInterrupted(left)) {
        throw Invariant.violated(
            "a failed subtask cancels its siblings: their threads are interrupted",
            sibling.name()
                + " interrupted once "
                + failing.name()
                + " "
                + failing.kind().describe(),
            sibling.name()
                + " was never interrupted, "
                + TimeScale.millis(PROMPT_MILLIS)
                + " ms after "
                + failing.name()
                + " threw "
                + failing.failure()
                + (failing.kind() == Kind.ERROR
                    ? ". An Error is not an Exception: a catch (Exception e) never sees it; catch"
                        + " Throwable"
                    : ". shutdownNow() or cancel(true) interrupts; shutdown() and cancel(false) do"
                        + " not")
                + "; "
                + (owner.join().returned()
                    ? "join() has returned, leaving it running"
                    : owner.doing()),
            timeline.render());
      }
    }
  }

  private static Moment requireJoinReturned(Owner owner, String why, Timeline timeline)
      throws InterruptedException {
    if (!owner.awaitJoin(TimeScale.millis(PROMPT_MILLIS))) {
      throw Invariant.violated(
          "join returns as soon as every subtask has ended",
          "join() returns, since " + why,
          "still in join " + TimeScale.millis(PROMPT_MILLIS) + " ms later: " + owner.doing(),
          timeline.render());
    }
    return owner.join();
  }

  private static void requireFailure(
      Moment join, Subtask failing, List<Subtask> subtasks, Timeline timeline) {
    String invariant =
        "join throws ExecutionException whose cause is the first failure, the very exception"
            + " thrown";
    Throwable thrown = join.thrown();
    Throwable expected = failing.failure();
    if (thrown == null) {
      throw Invariant.violated(
          invariant,
          "ExecutionException caused by " + expected,
          "join() returned normally, though " + failing.name() + " failed",
          timeline.render());
    }
    if (!(thrown instanceof ExecutionException)) {
      throw Invariant.violated(
          invariant,
          "ExecutionException caused by " + expected,
          "it threw "
              + thrown
              + (thrown == expected
                  ? ": the failure itself, not wrapped in ExecutionException"
                  : ""));
    }
    Throwable cause = thrown.getCause();
    if (cause == expected) {
      return;
    }
    String whose =
        subtasks.stream()
            .filter(s -> s.failure() != null && s.failure() == cause)
            .map(
                s ->
                    ": that is "
                        + s.name()
                        + "'s failure, which came after "
                        + failing.name()
                        + "'s: keep the first failure in time, not the first subtask forked nor the"
                        + " last to fail")
            .findFirst()
            .orElse(
                cause instanceof InterruptedException
                    ? ": that is a cancelled sibling's InterruptedException, which came after "
                        + failing.name()
                        + "'s failure: the first failure in time is the cause, not a later one (the"
                        + " last to fail, or the first forked)"
                    : Futures.causedBy(cause, expected)
                        ? ": the subtask's exception is deeper in the chain, wrapped once more"
                        : "");
    throw Invariant.violated(invariant, expected, cause + whose, timeline.render());
  }

  private static void requireEndedAtReturn(
      Moment moment, List<Subtask> subtasks, String call, Timeline timeline) {
    for (int i = 0; i < subtasks.size(); i++) {
      if (!moment.ended().get(i)) {
        Subtask subtask = subtasks.get(i);
        throw Invariant.violated(
            call + " returns only when every subtask has ended",
            "every subtask's code finished, finally blocks included, when " + call + " returns",
            call
                + " returned"
                + (moment.thrown() != null ? " (threw " + moment.thrown() + ")" : "")
                + " while "
                + subtask.name()
                + (moment.interrupted().get(i)
                    ? " was still running its cleanup after it was interrupted: a cancelled Future"
                        + " is done at once, its thread is not. Wait for the threads to end"
                        + " (ExecutorService.close() waits for every thread it started)"
                    : " was still running, never interrupted"
                        + (subtask.started() ? "" : " (not even started)")
                        + ": cancel(false) and shutdown() interrupt nothing, and a Future cancelled"
                        + " with cancel(false) is done while its task runs on"),
            timeline.render());
      }
    }
  }

  private static void requireNothingAlive(
      Owner owner, Moment moment, String call, Timeline timeline) {
    if (owner.dumpProblem() != null) {
      throw new AssertionError(
          "the check could not read the JDK's thread dump, which it needs to see virtual threads;"
              + " this is a problem of the check or of this JDK, not a verdict on your code: "
              + owner.dumpProblem(),
          owner.dumpProblem());
    }
    List<ThreadDump.DumpedThread> alive = moment.aliveVirtual();
    if (!alive.isEmpty()) {
      throw Invariant.violated(
          "no thread of the scope outlives " + call,
          "no virtual thread started in the scope alive when " + call + " returns",
          alive.size()
              + (alive.size() == 1 ? " was" : " were")
              + " still alive (the JDK's thread dump): "
              + alive.stream()
                  .limit(4)
                  .map(ThreadDump.DumpedThread::describe)
                  .collect(Collectors.joining("; "))
              + ". A Future can be done while its thread still runs; wait for the threads"
              + " themselves",
          timeline.render());
    }
  }

  private static void requireFlagUntouched(Moment moment, String call) {
    if (moment.flagAfter()) {
      throw Invariant.violated(
          "the owner's interrupt flag is left as it was found",
          "not interrupted after " + call + " returns",
          "the owner's interrupt flag was set, though nobody interrupted the owner: interrupt the"
              + " subtasks' threads, not Thread.currentThread()");
    }
  }

  /** After join, close() has nothing left to do: it returns promptly and throws nothing. */
  private static void requireClosed(Owner owner, Timeline timeline) throws InterruptedException {
    if (!owner.awaitClose(TimeScale.millis(PROMPT_MILLIS))) {
      throw Invariant.violated(
          "close() after join has nothing left to wait for",
          "close() returns at once",
          "still in close() " + TimeScale.millis(PROMPT_MILLIS) + " ms later: " + owner.doing(),
          timeline.render());
    }
    if (owner.close().thrown() != null) {
      throw Invariant.violated(
          "close() never throws", "close() returns", "it threw " + owner.close().thrown());
    }
  }

  private static String firstDifference(List<Object> expected, List<Object> actual) {
    for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
      if (!expected.get(i).equals(actual.get(i))) {
        return ": the first difference is supplier " + i + ", which gave " + actual.get(i);
      }
    }
    return expected.size() == actual.size()
        ? ""
        : ": " + actual.size() + " results for " + expected.size() + " subtasks";
  }

  /** After a check, pass or fail: no subtask stays blocked, no owner stays stuck. */
  private static void cleanup(Owner owner, List<Subtask> subtasks) throws InterruptedException {
    subtasks.forEach(Subtask::abandon);
    owner.abandon();
  }
}

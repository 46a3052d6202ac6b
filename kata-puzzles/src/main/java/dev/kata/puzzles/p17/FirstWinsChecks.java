package dev.kata.puzzles.p17;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.kata.api.check.CallGate;
import dev.kata.api.check.Futures;
import dev.kata.api.check.Invariant;
import dev.kata.api.check.PropertyChecks;
import dev.kata.api.check.PuzzleChecks;
import dev.kata.api.check.Threads;
import dev.kata.api.check.TimeScale;
import dev.kata.api.check.Timeline;
import dev.kata.puzzles.p17.Caller.Moment;
import dev.kata.puzzles.p17.Mirror.Outcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The checks of puzzle 17.
 *
 * <p>Every mirror is a {@link Mirror}: it blocks on a latch until the check releases it, so the
 * check decides which mirror succeeds or fails and in which order they complete; a mirror the check
 * never releases blocks until interrupted, as a loser that would otherwise run forever. Each race
 * is called by a {@link Caller}, a thread of its own, so that the check can see the caller wait,
 * interrupt it, and capture the state at the very moment the race returns: which mirrors had been
 * interrupted and had ended, and the caller's interrupt flag. An interrupted mirror does not finish
 * its {@code finally} until the caller has returned or is seen waiting, so a race that returns
 * without waiting for its losers is caught on every run. Before the next mirror is released, the
 * check waits until the caller is seen waiting again, so the order in which the solution sees the
 * outcomes is the order the check chose. No check waits for a timer of its own: the bounds below
 * are reached only by a wrong solution.
 *
 * <h2>Contract audit: each sentence of {@link Race} and the starter's GOAL, and its check</h2>
 *
 * <table>
 *   <caption>contract sentence, check</caption>
 *   <tr><td>1. start every mirror at once, each on a thread of its own that this call starts; the
 *       caller's thread runs no mirror</td><td>{@code requireAllStarted} in every check: all
 *       mirrors start while all are held, none on the caller's thread, each on a distinct thread;
 *       each runs exactly once ({@code requireRanOnce})</td></tr>
 *   <tr><td>2. wait by blocking, as long as the mirrors take; no time limit</td><td>{@link
 *       #theFirstSuccessWins}: the caller seen waiting (not sleeping, not spinning) while every
 *       mirror is held; a caller seen in a timed wait is held {@value #TIMED_HOLD_MILLIS} ms more and
 *       must still wait ({@code requireNoTimeLimit})</td></tr>
 *   <tr><td>3. a failure of any kind (checked, RuntimeException, Error) is not an answer: keep
 *       waiting, cancel nothing</td><td>{@link #aLaterSuccessWinsOverAnEarlierFailure} for the three
 *       kinds: after the failure the caller must still be waiting and no other mirror interrupted;
 *       the property</td></tr>
 *   <tr><td>4. as soon as a mirror succeeds, its value wins; cancel the others by interrupting them;
 *       return the winner's value</td><td>{@link #theFirstSuccessWins} (the second mirror of the
 *       list succeeds first, while another that would succeed is held), {@link
 *       #aLaterSuccessWinsOverAnEarlierFailure}, the property; {@code requireLosersCancelled}.
 *       Two successes at nearly the same moment: {@link #aClaimedWinIsNeverOverwritten}, through a
 *       {@link CallGate} that pauses the first mirror's thread at each of its calls after its
 *       success in turn, and the second's at each of its own, then lets the first go on first:
 *       where the claim is one atomic step, the second wins exactly when paused after its claim,
 *       so a second that wins paused at one call and loses paused at a later one had its win
 *       overwritten (check-then-act: get() then set())</td></tr>
 *   <tr><td>5. return or throw only when every mirror has ended, finally included; leave no thread
 *       running</td><td>{@code requireLosersCancelled} (each loser interrupted and its finally ended
 *       at the moment of return; cleanups held until the caller returns or waits), {@code
 *       requireThreadsEnd} (every thread that ran a mirror has ended: a pool never shut down keeps
 *       them), in every check</td></tr>
 *   <tr><td>6. all failed: ExecutionException, cause the first mirror's failure, the others
 *       suppressed in list order, the very exceptions, nothing else</td><td>{@link
 *       #allFailuresAreReportedInListOrder} (released in reverse list order, each one seen by the
 *       caller before the next), the property (generated orders)</td></tr>
 *   <tr><td>7. empty list: IllegalArgumentException, start nothing</td><td>{@link
 *       #anEmptyListIsRejected} (the exception, promptly; "start nothing" is not observed)</td></tr>
 *   <tr><td>8. the caller interrupted while it waits: cancel every mirror, wait for their end, throw
 *       InterruptedException</td><td>{@link #anInterruptedCallerCancelsEveryMirror}</td></tr>
 *   <tr><td>9. interrupted while cancelled mirrors end: keep waiting, keep the interrupt</td><td>{@link
 *       #interruptedWhileLosersCleanUpTheCallerStillWaits}: the loser's cleanup gated by the check,
 *       the caller interrupted then; it must not return before the gate opens, then return the
 *       value with the flag set, or throw InterruptedException</td></tr>
 *   <tr><td>Race: each call is independent of the others</td><td>{@link
 *       #twoRacesAreIndependent}: a race that is won and closes down while another one on the same
 *       instance still waits; the other's mirrors are not interrupted and it still wins</td></tr>
 *   <tr><td>GOAL: the interrupt flag is untouched when nobody interrupted the caller</td><td>{@code
 *       requireFlagUntouched}</td></tr>
 *   <tr><td>PUZZLES.md property: generated (order, which fail) patterns</td><td>{@link
 *       #generatedRacesKeepEveryRule}: on every run, four generated plots of each {@link Shape} (a
 *       success released while others still run, a success after every other failed, every
 *       mirror failing out of list order, anything)</td></tr>
 * </table>
 *
 * <p>Not caught: a thread that ran a mirror and ends a moment after the race returned (a pool
 * awaited with {@code awaitTermination}, whose worker threads exit just after it says terminated)
 * is accepted, since every mirror's code has ended by then; a pool that is never shut down is not.
 */
// Under a load of 45 on two cores the reference's check JVM took 48 s (median of 5) and 55 s at
// worst: the default whole-run limit of 60 s is too close for a correct solution.
@PuzzleChecks(timeLimitSeconds = 40, runLimitSeconds = 150, timeoutsShortenedBy = 1000)
public class FirstWinsChecks {

  /** How long a correct solution may take, at most, to do something it must do at once. */
  private static final long PROMPT_MILLIS = 2_000;

  /** How long a mirror's thread may take to start, on a loaded machine. */
  private static final long START_MILLIS = 3_000;

  /**
   * How long the mirrors are held when the caller waits with a timeout, to see whether it gives up.
   */
  // The solution's timeouts are a thousand times shorter here (timeoutsShortenedBy): this hold
  // outlasts any "safety net" timeout up to 8 minutes, on every run, and costs a correct timed
  // wait (one that waits again) half a second, not ten.
  private static final long TIMED_HOLD_MILLIS = 500;

  /**
   * How many calls a mirror's thread makes after its mirror succeeded, at most, that the check
   * pauses it at, one race each: claiming the win takes one or two.
   */
  private static final int MAX_CALLS_AFTER_SUCCESS = 5;

  @Test
  @Order(1)
  @DisplayName(
      "every mirror runs at once on a thread of its own; the first to succeed wins, the others are"
          + " interrupted and have ended")
  void theFirstSuccessWins(Race solution) throws InterruptedException {
    Timeline timeline = new Timeline();
    List<Mirror> mirrors = mirrors(timeline, Outcome.VALUE, Outcome.VALUE, Outcome.VALUE);
    Caller caller = new Caller(solution, mirrors, timeline);
    mirrors.forEach(m -> m.holdFor(caller));
    try {
      caller.start();
      requireAllStarted(caller, mirrors, timeline);
      requireWaiting(caller, "every mirror is still running", timeline);
      requireNoTimeLimit(caller, timeline);
      // The second mirror of the list succeeds first; the first and third would succeed too, later.
      Mirror winner = mirrors.get(1);
      winner.release();
      Moment moment = requireReturned(caller, winner.name() + " has returned its value", timeline);
      requireValue(moment, winner, timeline);
      requireLosersCancelled(moment, mirrors, timeline);
      requireFlagUntouched(moment);
      requireRanOnce(mirrors);
      requireThreadsEnd(mirrors, timeline);
    } finally {
      cleanup(caller, mirrors);
    }
  }

  @Test
  @Order(2)
  @DisplayName(
      "a failure (checked, RuntimeException, Error) ends nothing and cancels nothing: a later"
          + " success wins")
  void aLaterSuccessWinsOverAnEarlierFailure(Race solution) throws InterruptedException {
    for (Outcome kind : List.of(Outcome.CHECKED, Outcome.RUNTIME, Outcome.ERROR)) {
      Timeline timeline = new Timeline();
      // The winner is last in the list, the failure first, and a third mirror stays a loser.
      List<Mirror> mirrors = mirrors(timeline, kind, Outcome.VALUE, Outcome.VALUE);
      Caller caller = new Caller(solution, mirrors, timeline);
      mirrors.forEach(m -> m.holdFor(caller));
      try {
        caller.start();
        requireAllStarted(caller, mirrors, timeline);
        requireWaiting(caller, "every mirror is still running", timeline);
        releaseFailure(mirrors.get(0), caller, mirrors, timeline);
        Mirror winner = mirrors.get(2);
        winner.release();
        Moment moment =
            requireReturned(caller, winner.name() + " has returned its value", timeline);
        requireValue(moment, winner, timeline);
        requireLosersCancelled(moment, mirrors, timeline);
        requireFlagUntouched(moment);
        requireRanOnce(mirrors);
        requireThreadsEnd(mirrors, timeline);
      } finally {
        cleanup(caller, mirrors);
      }
    }
  }

  @Test
  @Order(3)
  @DisplayName(
      "all fail: ExecutionException with the first mirror's failure as the cause, the others"
          + " suppressed in list order")
  void allFailuresAreReportedInListOrder(Race solution) throws InterruptedException {
    Timeline timeline = new Timeline();
    List<Mirror> mirrors = mirrors(timeline, Outcome.CHECKED, Outcome.RUNTIME, Outcome.ERROR);
    Caller caller = new Caller(solution, mirrors, timeline);
    try {
      caller.start();
      requireAllStarted(caller, mirrors, timeline);
      requireWaiting(caller, "every mirror is still running", timeline);
      // Reverse list order: the last mirror fails first, the first mirror last.
      releaseFailure(mirrors.get(2), caller, mirrors, timeline);
      releaseFailure(mirrors.get(1), caller, mirrors, timeline);
      mirrors.get(0).release();
      Moment moment = requireReturned(caller, "every mirror has failed", timeline);
      requireAllFailures(moment, mirrors, List.of(2, 1, 0), timeline);
      requireEndedAtReturn(moment, mirrors, timeline);
      requireFlagUntouched(moment);
      requireRanOnce(mirrors);
      requireThreadsEnd(mirrors, timeline);
    } finally {
      cleanup(caller, mirrors);
    }
  }

  @Test
  @Order(4)
  @DisplayName("an empty list of mirrors is rejected with IllegalArgumentException")
  void anEmptyListIsRejected(Race solution) throws InterruptedException {
    Timeline timeline = new Timeline();
    Caller caller = new Caller(solution, List.of(), timeline);
    try {
      caller.start();
      Moment moment = requireReturned(caller, "there is no mirror to wait for", timeline);
      if (!(moment.thrown() instanceof IllegalArgumentException)) {
        throw Invariant.violated(
            "a race without mirrors is rejected",
            "IllegalArgumentException",
            moment.thrown() == null
                ? "it returned " + moment.value()
                : "it threw "
                    + moment.thrown()
                    + (moment.thrown() instanceof IndexOutOfBoundsException
                        ? ": the code read the first mirror of an empty list; check for it before"
                            + " starting"
                        : ""));
      }
      requireFlagUntouched(moment);
    } finally {
      cleanup(caller, List.of());
    }
  }

  @Test
  @Order(5)
  @DisplayName(
      "the caller interrupted while it waits: every mirror is interrupted and has ended, then"
          + " InterruptedException")
  void anInterruptedCallerCancelsEveryMirror(Race solution) throws InterruptedException {
    Timeline timeline = new Timeline();
    List<Mirror> mirrors = mirrors(timeline, Outcome.VALUE, Outcome.RUNTIME);
    Caller caller = new Caller(solution, mirrors, timeline);
    mirrors.forEach(m -> m.holdFor(caller));
    try {
      caller.start();
      requireAllStarted(caller, mirrors, timeline);
      requireWaiting(caller, "every mirror is still running", timeline);
      caller.thread().interrupt();
      if (!caller.awaitReturn(TimeScale.millis(PROMPT_MILLIS))) {
        List<String> untouched =
            mirrors.stream().filter(m -> !m.interrupted()).map(Mirror::name).toList();
        throw Invariant.violated(
            "an interrupted caller cancels every mirror, waits for their end and throws"
                + " InterruptedException",
            "firstSuccess throws InterruptedException promptly",
            "still in firstSuccess "
                + TimeScale.millis(PROMPT_MILLIS)
                + " ms after the interrupt: "
                + (untouched.isEmpty()
                    ? "the mirrors were interrupted and ended, but the race ignored the caller's"
                        + " interrupt"
                    : String.join(" and ", untouched)
                        + " never interrupted: the race swallowed the interrupt (caught it and"
                        + " waits again?) and waits for mirrors nobody cancelled")
                + "; "
                + caller.doing(),
            timeline.render());
      }
      Moment moment = caller.moment();
      if (!(moment.thrown() instanceof InterruptedException)) {
        throw Invariant.violated(
            "an interrupted caller gets InterruptedException",
            "InterruptedException",
            moment.thrown() == null
                ? "firstSuccess returned " + moment.value() + ", though no mirror succeeded"
                : "it threw "
                    + moment.thrown()
                    + (moment.thrown() instanceof ExecutionException e
                            && e.getCause() instanceof InterruptedException
                        ? ": the caller's interrupt is not a mirror's failure; the mirrors failed"
                            + " only because the caller cancelled them"
                        : ""),
            timeline.render());
      }
      for (int i = 0; i < mirrors.size(); i++) {
        if (!moment.interrupted().get(i)) {
          throw Invariant.violated(
              "an interrupted caller cancels every mirror: their threads are interrupted",
              mirrors.get(i).name() + " interrupted",
              mirrors.get(i).name()
                  + " was never interrupted: the race"
                  + " threw InterruptedException and left it running",
              timeline.render());
        }
      }
      requireEndedAtReturn(moment, mirrors, timeline);
      requireRanOnce(mirrors);
      requireThreadsEnd(mirrors, timeline);
    } finally {
      cleanup(caller, mirrors);
    }
  }

  @Test
  @Order(6)
  @DisplayName(
      "interrupted while the losers clean up, the caller still waits for their end and keeps the"
          + " interrupt")
  void interruptedWhileLosersCleanUpTheCallerStillWaits(Race solution) throws InterruptedException {
    Timeline timeline = new Timeline();
    List<Mirror> mirrors = mirrors(timeline, Outcome.VALUE, Outcome.VALUE);
    Caller caller = new Caller(solution, mirrors, timeline);
    Mirror winner = mirrors.get(0);
    Mirror loser = mirrors.get(1).gateCleanup();
    mirrors.forEach(m -> m.holdFor(caller));
    try {
      caller.start();
      requireAllStarted(caller, mirrors, timeline);
      requireWaiting(caller, "every mirror is still running", timeline);
      winner.release();
      if (!loser.awaitInterrupted(TimeScale.millis(PROMPT_MILLIS))) {
        Moment moment = caller.moment();
        throw Invariant.violated(
            "once a mirror succeeds, every loser is cancelled: its thread is interrupted",
            loser.name() + " interrupted",
            loser.name()
                + " was never interrupted, "
                + TimeScale.millis(PROMPT_MILLIS)
                + " ms after "
                + winner.name()
                + " succeeded; "
                + (moment.returned() ? "the race returned, leaving it running" : caller.doing())
                + ". shutdownNow() or cancel(true) interrupts; shutdown() and cancel(false) do not",
            timeline.render());
      }
      String cleaning =
          loser.name() + " was interrupted and still runs its cleanup (held by the check)";
      requireWaiting(caller, cleaning, timeline);
      caller.thread().interrupt();
      requireInterruptHandled(caller);
      requireWaiting(
          caller, cleaning + ", and the caller was interrupted while it waited", timeline);
      loser.openCleanup();
      Moment moment = requireReturned(caller, "the loser has ended", timeline);
      requireEndedAtReturn(moment, mirrors, timeline);
      boolean kept =
          moment.thrown() instanceof InterruptedException
              || (moment.thrown() == null && moment.flagAfter());
      if (!kept) {
        throw Invariant.violated(
            "a caller interrupted while the losers end keeps the interrupt",
            "the winner's value with the caller's interrupt flag set, or InterruptedException",
            (moment.thrown() == null
                    ? "it returned " + moment.value()
                    : "it threw " + moment.thrown())
                + " with the interrupt flag cleared: the interrupt was swallowed, so the caller"
                + " never learns it was cancelled; catch InterruptedException, keep waiting, then"
                + " Thread.currentThread().interrupt() (ExecutorService.close() does exactly"
                + " that)");
      }
      if (moment.thrown() == null) {
        requireValue(moment, winner, timeline);
      }
      requireThreadsEnd(mirrors, timeline);
    } finally {
      cleanup(caller, mirrors);
    }
  }

  @Test
  @Order(7)
  @DisplayName(
      "two races on the same object are independent: one that ends cancels nothing of the other")
  void twoRacesAreIndependent(Race solution) throws InterruptedException {
    Timeline timeline = new Timeline();
    List<Mirror> others = mirrors(timeline, "race B, mirror ", Outcome.VALUE);
    Caller callerB = new Caller(solution, others, timeline);
    List<Mirror> mirrors = mirrors(timeline, "race A, mirror ", Outcome.VALUE, Outcome.VALUE);
    Caller callerA = new Caller(solution, mirrors, timeline);
    mirrors.forEach(m -> m.holdFor(callerA));
    try {
      callerB.start();
      requireAllStarted(callerB, others, timeline);
      callerA.start();
      requireAllStarted(callerA, mirrors, timeline);
      requireWaiting(callerA, "every mirror of race A is still running", timeline);
      Mirror winner = mirrors.get(0);
      winner.release();
      Moment moment = requireReturned(callerA, winner.name() + " has returned its value", timeline);
      requireValue(moment, winner, timeline);
      requireLosersCancelled(moment, mirrors, timeline);
      Mirror other = others.get(0);
      if (other.interrupted() || callerB.returned()) {
        throw Invariant.violated(
            "races are independent: one race that ends cancels nothing of another",
            other.name() + " left running, race B still waiting",
            (other.interrupted()
                    ? other.name() + " was interrupted"
                    : "race B returned "
                        + callerB.moment().value()
                        + " / threw "
                        + callerB.moment().thrown())
                + " when race A ended: the races share what cancels (a static executor shut down, a"
                + " shared list of futures); give each call its own",
            timeline.render());
      }
      other.release();
      Moment otherMoment =
          requireReturned(callerB, other.name() + " has returned its value", timeline);
      requireValue(otherMoment, other, timeline);
      requireThreadsEnd(mirrors, timeline);
      requireThreadsEnd(others, timeline);
    } finally {
      cleanup(callerA, mirrors);
      cleanup(callerB, others);
    }
  }

  @Test
  @Order(8)
  @DisplayName(
      "two mirrors that succeed together: one wins, claimed in one step, and its win is never"
          + " overwritten, whatever the interleaving")
  void aClaimedWinIsNeverOverwritten(CallGate gate) throws InterruptedException {
    gate.beforeEveryCall();
    for (int first = 1; first <= MAX_CALLS_AFTER_SUCCESS; first++) {
      Interleaving claimed = null; // the earliest pause of mirror 1 by which it had won
      for (int second = 1; second <= MAX_CALLS_AFTER_SUCCESS + 1; second++) {
        Optional<Interleaving> run = interleave(gate, first, second);
        if (run.isEmpty()) {
          return; // mirror 0's thread made fewer calls after its success: every pause was tried
        }
        Interleaving now = run.get();
        if (now.secondWon() && claimed == null) {
          claimed = now;
        } else if (!now.secondWon() && claimed != null) {
          throw Invariant.violated(
              "the first success is claimed in one atomic step: once a mirror has won, no other"
                  + " success overwrites it",
              "once mirror 1 wins with its thread paused at a call, it wins when paused at any"
                  + " later call",
              "mirror 0 succeeded first, and its thread was paused by the check at its call "
                  + first
                  + " after that ("
                  + now.firstAt()
                  + "); mirror 1 succeeded next. With mirror 1's thread paused at its call "
                  + claimed.second()
                  + " ("
                  + claimed.secondAt()
                  + ") the race returned mirror 1's value: mirror 1 had claimed the win by then."
                  + " Paused later, at its call "
                  + now.second()
                  + " ("
                  + now.secondAt()
                  + "), after that claim, the race returned mirror 0's value: mirror 0, which had"
                  + " seen no winner before mirror 1 claimed, overwrote mirror 1's win. Both"
                  + " mirrors took the win. \"Has anyone won?\" and \"I won\" are two steps"
                  + " (get() then set()?): make them one, with compareAndSet(false, true),"
                  + " CompletableFuture.complete(), or one lock around both");
        }
        if (!now.secondHeld()) {
          break; // mirror 1's thread made fewer calls: it ran to its end
        }
      }
    }
  }

  /** One interleaving of two successes, and which mirror it gave the win. */
  private record Interleaving(
      String firstAt, int second, String secondAt, boolean secondHeld, boolean secondWon) {}

  /**
   * Race two mirrors that both succeed, through the gate. Mirror 0 succeeds first, and its thread
   * is held at its {@code first}-th call after that; mirror 1 then succeeds, and its thread is held
   * at its {@code second}-th call (or runs to its end if it makes fewer). Mirror 0's thread is let
   * go first and runs, with the caller, until each has ended or stopped; then mirror 1's. Empty if
   * mirror 0's thread made fewer than {@code first} calls: it ran alone to its end, and won.
   */
  private static Optional<Interleaving> interleave(CallGate gate, int first, int second)
      throws InterruptedException {
    Race race = gate.newSolution(Race.class);
    Timeline timeline = new Timeline();
    List<Mirror> mirrors = mirrors(timeline, Outcome.VALUE, Outcome.VALUE);
    Caller caller = new Caller(race, mirrors, timeline);
    mirrors.forEach(m -> m.holdFor(caller));
    Mirror a = mirrors.get(0);
    Mirror b = mirrors.get(1);
    try {
      caller.start();
      requireAllStarted(caller, mirrors, timeline);
      gate.holdAt(a.runner(), first);
      a.release();
      a.awaitResumed();
      Optional<String> firstAt = gate.awaitHeldOrStopped(a.runner(), PROMPT_MILLIS);
      if (firstAt.isEmpty()) {
        gate.release();
        Moment moment = requireReturned(caller, a.name() + " has returned its value", timeline);
        requireValue(moment, a, timeline);
        return Optional.empty();
      }
      gate.holdAt(b.runner(), second);
      b.release();
      b.awaitResumed();
      Optional<String> secondAt = gate.awaitHeldOrStopped(b.runner(), PROMPT_MILLIS);
      var _ = Threads.awaitEndedOrStopped(caller.thread(), PROMPT_MILLIS);
      gate.release(a.runner());
      var _ = Threads.awaitEndedOrStopped(a.runner(), PROMPT_MILLIS);
      var _ = Threads.awaitEndedOrStopped(caller.thread(), PROMPT_MILLIS);
      gate.release();
      Moment moment = requireReturned(caller, "both mirrors have returned their values", timeline);
      if (moment.thrown() != null
          || !(a.value().equals(moment.value()) || b.value().equals(moment.value()))) {
        throw Invariant.violated(
            "the race returns the value of the mirror that succeeded first",
            a.value() + " or " + b.value() + ", as the order of their claims decides",
            (moment.thrown() != null ? "it threw " + describe(moment.thrown()) : moment.value())
                + ", though both mirrors succeeded",
            timeline.render());
      }
      requireEndedAtReturn(moment, mirrors, timeline);
      return Optional.of(
          new Interleaving(
              firstAt.get(),
              second,
              secondAt.orElse("it had ended"),
              secondAt.isPresent(),
              b.value().equals(moment.value())));
    } finally {
      gate.release();
      cleanup(caller, mirrors);
    }
  }

  /** A generated race: what each mirror does, and in which order the check releases them. */
  record Plot(List<Outcome> outcomes, List<Integer> releaseOrder) {
    @Override
    public String toString() {
      return "mirrors "
          + IntStream.range(0, outcomes.size())
              .mapToObj(i -> i + ": " + outcomes.get(i).describe())
              .collect(Collectors.joining(", ", "[", "]"))
          + ", released in the order "
          + releaseOrder;
    }
  }

  /**
   * The kinds of race the property always covers, each with generated details, so that every run
   * tries each kind: a purely random plot misses one now and then (a success released while others
   * still run, say), and a wrong solution the property should catch would pass on that run.
   */
  enum Shape {
    /** A success is released while some mirrors are still held: the race must end at once. */
    SUCCESS_WHILE_OTHERS_RUN,
    /** Every other mirror fails first; the last one released succeeds. */
    SUCCESS_AFTER_FAILURES,
    /** Every mirror fails, in an order other than the list's (when there are two or more). */
    EVERY_MIRROR_FAILS,
    /** Anything: outcomes and order as generated. */
    ANY;

    private static final Outcome[] FAILURES = {Outcome.CHECKED, Outcome.RUNTIME, Outcome.ERROR};

    private static final Outcome[] ANY_OUTCOME = {
      Outcome.VALUE, Outcome.CHECKED, Outcome.RUNTIME, Outcome.ERROR
    };

    /**
     * Build a plot of this shape from generated numbers: {@code codes} picks each mirror's outcome
     * (one per mirror), {@code keys} their release order.
     */
    Plot plot(List<Integer> codes, List<Integer> keys) {
      int n = codes.size();
      List<Integer> order =
          new ArrayList<>(
              IntStream.range(0, n).boxed().sorted(Comparator.comparing(keys::get)).toList());
      Outcome[] chosen = new Outcome[n];
      for (int i = 0; i < n; i++) {
        chosen[i] = ANY_OUTCOME[codes.get(i) % ANY_OUTCOME.length];
      }
      switch (this) {
        case SUCCESS_WHILE_OTHERS_RUN -> {
          // the winner's place in the release order: any but the last
          int place = Math.floorMod(keys.get(n), n - 1);
          for (int i = 0; i < place; i++) {
            chosen[order.get(i)] = FAILURES[codes.get(order.get(i)) % FAILURES.length];
          }
          chosen[order.get(place)] = Outcome.VALUE;
        }
        case SUCCESS_AFTER_FAILURES -> {
          for (int i = 0; i < n - 1; i++) {
            chosen[order.get(i)] = FAILURES[codes.get(order.get(i)) % FAILURES.length];
          }
          chosen[order.get(n - 1)] = Outcome.VALUE;
        }
        case EVERY_MIRROR_FAILS -> {
          for (int i = 0; i < n; i++) {
            chosen[i] = FAILURES[codes.get(i) % FAILURES.length];
          }
          if (order.equals(IntStream.range(0, n).boxed().toList())) {
            Collections.reverse(order); // list order must not be completion order
          }
        }
        case ANY -> {
          // as generated
        }
      }
      return new Plot(List.of(chosen), List.copyOf(order));
    }

    /** The fewest mirrors this shape needs. */
    int fewestMirrors() {
      return this == SUCCESS_WHILE_OTHERS_RUN || this == SUCCESS_AFTER_FAILURES ? 2 : 1;
    }
  }

  @Test
  @Order(9)
  @DisplayName(
      "generated races (how many mirrors, which fail and how, in which order they finish): the same"
          + " rules")
  void generatedRacesKeepEveryRule(Race solution) {
    for (Shape shape : Shape.values()) {
      var plots =
          lists()
              .of(integers().between(0, 11))
              .ofSizeBetween(shape.fewestMirrors(), 4)
              .zip(lists().of(integers().between(0, 1_000)).ofSize(5), shape::plot);
      // QuickTheories tries the simplest plot first, then the largest (four mirrors, released in
      // list order, or reversed where that order is ruled out), then random ones.
      PropertyChecks.forAll(
          4,
          plots,
          plot -> {
            try {
              runPlot(solution, plot);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new AssertionError("the check was interrupted", e);
            }
          });
    }
  }

  private static void runPlot(Race solution, Plot plot) throws InterruptedException {
    Timeline timeline = new Timeline();
    List<Mirror> mirrors = mirrors(timeline, plot.outcomes().toArray(Outcome[]::new));
    Caller caller = new Caller(solution, mirrors, timeline);
    mirrors.forEach(m -> m.holdFor(caller));
    try {
      caller.start();
      requireAllStarted(caller, mirrors, timeline);
      requireWaiting(caller, "every mirror is still running", timeline);
      Mirror winner = null;
      List<Integer> released = new ArrayList<>();
      for (int index : plot.releaseOrder()) {
        Mirror mirror = mirrors.get(index);
        released.add(index);
        if (!mirror.outcome().fails()) {
          mirror.release();
          winner = mirror;
          break;
        }
        if (released.size() == mirrors.size()) {
          mirror.release(); // the last failure: the race ends now
        } else {
          releaseFailure(mirror, caller, mirrors, timeline);
        }
      }
      if (winner != null) {
        Moment moment =
            requireReturned(caller, winner.name() + " has returned its value", timeline);
        requireValue(moment, winner, timeline);
        requireLosersCancelled(moment, mirrors, timeline);
        requireFlagUntouched(moment);
      } else {
        Moment moment = requireReturned(caller, "every mirror has failed", timeline);
        requireAllFailures(moment, mirrors, released, timeline);
        requireEndedAtReturn(moment, mirrors, timeline);
        requireFlagUntouched(moment);
      }
      requireRanOnce(mirrors);
      requireThreadsEnd(mirrors, timeline);
    } finally {
      cleanup(caller, mirrors);
    }
  }

  // ---------------------------------------------------------------- helpers

  private static List<Mirror> mirrors(Timeline timeline, Outcome... outcomes) {
    return mirrors(timeline, "mirror ", outcomes);
  }

  private static List<Mirror> mirrors(Timeline timeline, String prefix, Outcome... outcomes) {
    List<Mirror> mirrors = new ArrayList<>();
    for (int i = 0; i < outcomes.length; i++) {
      mirrors.add(new Mirror(prefix + i, outcomes[i], timeline));
    }
    return mirrors;
  }

  /** Every mirror starts while all are held, each on a thread of its own, none on the caller's. */
  private static void requireAllStarted(Caller caller, List<Mirror> mirrors, Timeline timeline)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeScale.millis(START_MILLIS) * 1_000_000;
    for (Mirror mirror : mirrors) {
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      if (mirror.awaitStarted(left)) {
        if (mirror.runner() == caller.thread()) {
          throw Invariant.violated(
              "every mirror runs on a thread of its own, never the caller's",
              mirror.name() + " running on another thread",
              mirror.name()
                  + " runs on the caller's own thread:"
                  + " nothing races, and the caller cannot wait for anyone else meanwhile",
              timeline.render());
        }
        continue;
      }
      Moment moment = caller.moment();
      String started =
          mirrors.stream()
              .filter(Mirror::started)
              .map(Mirror::name)
              .collect(Collectors.joining(", "));
      throw Invariant.violated(
          "every mirror starts at once, each on a thread of its own",
          "all " + mirrors.size() + " mirrors running at the same time",
          moment.returned()
              ? "the race returned before "
                  + mirror.name()
                  + " started: "
                  + (moment.thrown() != null
                      ? "it threw " + moment.thrown()
                      : "it returned " + moment.value())
              : mirror.name()
                  + " had not started "
                  + TimeScale.millis(START_MILLIS)
                  + " ms after the race began,"
                  + " while "
                  + (started.isEmpty() ? "no mirror" : started)
                  + " ran and "
                  + (started.contains(",") ? "were" : "was")
                  + " held by the check: the mirrors do not all run"
                  + " at once (too few threads for them?); "
                  + caller.doing(),
          timeline.render());
    }
    Set<Thread> seen = new HashSet<>();
    for (Mirror mirror : mirrors) {
      if (!seen.add(mirror.runner())) {
        throw Invariant.violated(
            "each mirror runs on a thread of its own",
            "distinct threads",
            "two mirrors ran on the same thread",
            timeline.render());
      }
    }
  }

  /**
   * Require the caller to be really waiting in the race (seen so on several polls in a row) while
   * {@code why} holds, and not to have returned.
   */
  private static void requireWaiting(Caller caller, String why, Timeline timeline)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeScale.millis(PROMPT_MILLIS) * 1_000_000;
    int polls = 0;
    while (true) {
      Moment moment = caller.moment();
      if (moment.returned()) {
        throw Invariant.violated(
            "the race waits for the first success",
            "firstSuccess still waiting, since " + why,
            "it "
                + (moment.thrown() != null
                    ? "threw " + describe(moment.thrown())
                    : "returned " + moment.value())
                + " while "
                + why
                + (moment.thrown() instanceof ExecutionException
                    ? ": a failure is not an answer; the first COMPLETION is not the first SUCCESS"
                        + " (anyOf?)"
                    : moment.thrown() instanceof TimeoutException
                        ? ": the race has no time limit of its own"
                        : ""),
            timeline.render());
      }
      polls = caller.waits() ? polls + 1 : 0;
      if (polls == Threads.STABLE_POLLS) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw Invariant.violated(
            "the race waits by blocking",
            "the caller's thread WAITING in firstSuccess",
            caller.doing()
                + " for "
                + TimeScale.millis(PROMPT_MILLIS)
                + " ms while "
                + why
                + (Caller.sleeping(caller.thread())
                    ? ": it sleeps and looks again instead of blocking until a"
                        + " mirror completes"
                    : ": it spins (a loop on isDone()?) instead of blocking"),
            timeline.render());
      }
      caller.thread().join(1);
    }
  }

  /**
   * A caller that waits with a timeout (TIMED_WAITING) may be polling, which is fine, or may give
   * up at its limit, which the contract forbids. Only then the mirrors are held longer than a
   * defensive timeout a learner would pick, and the caller must still be waiting. A caller that
   * waits without a timeout is not held at all; a correct one that polls pays the hold.
   */
  private static void requireNoTimeLimit(Caller caller, Timeline timeline)
      throws InterruptedException {
    if (caller.thread().getState() != Thread.State.TIMED_WAITING) {
      return;
    }
    long until = System.nanoTime() + TimeScale.millis(TIMED_HOLD_MILLIS) * 1_000_000;
    while (System.nanoTime() < until && !caller.returned()) {
      caller.thread().join(5);
    }
    requireWaiting(
        caller,
        "every mirror is still running, "
            + TimeScale.millis(TIMED_HOLD_MILLIS)
            + " ms after the race began a timed wait: a mirror may take as long as it takes",
        timeline);
  }

  /**
   * Release a failing mirror, wait until its code has ended and its thread has gone quiet (ended,
   * or waiting for more work), then require the caller to be waiting again with no other mirror
   * interrupted: the failure ended nothing and cancelled nothing, and the solution has seen it
   * before the check releases the next mirror.
   */
  private static void releaseFailure(
      Mirror mirror, Caller caller, List<Mirror> mirrors, Timeline timeline)
      throws InterruptedException {
    mirror.release();
    requireEnds(mirror, timeline);
    Threads.awaitWaiting(mirror.runner(), PROMPT_MILLIS);
    String why =
        mirror.name() + " " + mirror.outcome().describe() + " and other mirrors are still running";
    requireWaiting(caller, why, timeline);
    for (Mirror other : mirrors) {
      if (other != mirror && other.interrupted()) {
        throw Invariant.violated(
            "a failure is not an answer: it cancels no other mirror",
            other.name() + " left running",
            other.name()
                + " was interrupted after "
                + mirror.name()
                + " threw "
                + mirror.failure()
                + ": the race was cancelled on the first completion, not the first success",
            timeline.render());
      }
    }
  }

  /**
   * After an interrupt of the caller, wait until the caller's code has taken it (its flag cleared
   * by an interruptible wait), so that "still waiting" is judged after it reacted. A solution that
   * waits uninterruptibly never takes it: then the check goes on after the bound.
   */
  private static void requireInterruptHandled(Caller caller) throws InterruptedException {
    long deadline = System.nanoTime() + TimeScale.millis(PROMPT_MILLIS) * 1_000_000;
    while (caller.thread().isInterrupted()
        && caller.thread().isAlive()
        && System.nanoTime() < deadline) {
      caller.thread().join(1);
    }
  }

  private static void requireEnds(Mirror mirror, Timeline timeline) throws InterruptedException {
    if (!mirror.awaitEnded(TimeScale.millis(PROMPT_MILLIS))) {
      throw new AssertionError(
          "the check's "
              + mirror.name()
              + " did not end "
              + TimeScale.millis(PROMPT_MILLIS)
              + " ms after the check let it finish: the machine is too loaded for this check, or"
              + " the check is broken; this is not a verdict on your code. Run again with"
              + " KATA_TIME_FACTOR=3\n"
              + timeline.render());
    }
  }

  private static Moment requireReturned(Caller caller, String why, Timeline timeline)
      throws InterruptedException {
    if (!caller.awaitReturn(TimeScale.millis(PROMPT_MILLIS))) {
      throw Invariant.violated(
          "the race returns as soon as it has an answer, once every mirror has ended",
          "firstSuccess returns, since " + why,
          "still in firstSuccess "
              + TimeScale.millis(PROMPT_MILLIS)
              + " ms later: "
              + caller.doing()
              + " (waiting for mirrors that block until interrupted? the losers must be cancelled,"
              + " not waited for; or an Error was never reported?)",
          timeline.render());
    }
    return caller.moment();
  }

  private static void requireValue(Moment moment, Mirror winner, Timeline timeline) {
    String invariant = "the first mirror to succeed wins: the race returns its value";
    if (moment.thrown() != null) {
      throw Invariant.violated(
          invariant,
          winner.value(),
          "it threw " + describe(moment.thrown()) + ", though " + winner.name() + " succeeded",
          timeline.render());
    }
    if (!winner.value().equals(moment.value())) {
      throw Invariant.violated(
          invariant,
          winner.value(),
          moment.value()
              + (moment.value() == null ? "" : ": not the value of the first mirror to succeed"),
          timeline.render());
    }
  }

  /**
   * Every mirror the check never released was interrupted, and had ended, at the moment of return.
   */
  private static void requireLosersCancelled(
      Moment moment, List<Mirror> mirrors, Timeline timeline) {
    for (int i = 0; i < mirrors.size(); i++) {
      Mirror mirror = mirrors.get(i);
      if (mirror.released()) {
        continue;
      }
      if (!moment.interrupted().get(i)) {
        throw Invariant.violated(
            "once a mirror succeeds, every loser is cancelled: its thread is interrupted",
            mirror.name() + " interrupted when the race returns",
            "the race returned while "
                + mirror.name()
                + " still blocks, never interrupted: a loser nobody cancels runs on after the race."
                + " shutdownNow() or cancel(true) interrupts; shutdown() and cancel(false) do not",
            timeline.render());
      }
    }
    requireEndedAtReturn(moment, mirrors, timeline);
  }

  private static void requireEndedAtReturn(Moment moment, List<Mirror> mirrors, Timeline timeline) {
    for (int i = 0; i < mirrors.size(); i++) {
      if (!moment.ended().get(i)) {
        Mirror mirror = mirrors.get(i);
        throw Invariant.violated(
            "the race returns only when every mirror has ended",
            "every mirror's code finished, finally blocks included, when firstSuccess returns",
            "it returned"
                + (moment.thrown() != null ? " (threw " + moment.thrown() + ")" : "")
                + " while "
                + mirror.name()
                + (moment.interrupted().get(i)
                    ? " was still running its cleanup after it was interrupted: a cancelled Future"
                        + " is done at once, its thread is not. Wait for the threads to end"
                        + " (ExecutorService.close() waits for every thread it started)"
                    : " was still running, never interrupted"),
            timeline.render());
      }
    }
  }

  /**
   * Every failure reported, in list order: the first mirror's as the cause, the others suppressed,
   * the very exceptions. {@code failedInOrder} is the order the check let them fail in.
   */
  private static void requireAllFailures(
      Moment moment, List<Mirror> mirrors, List<Integer> failedInOrder, Timeline timeline) {
    String invariant =
        "when every mirror fails, ExecutionException carries every failure: the first mirror's as"
            + " the cause, the others suppressed in list order";
    Throwable thrown = moment.thrown();
    Throwable first = mirrors.get(0).failure();
    if (!(thrown instanceof ExecutionException)) {
      throw Invariant.violated(
          invariant,
          "ExecutionException caused by " + first,
          thrown == null
              ? "it returned " + moment.value() + ", though every mirror failed"
              : "it threw "
                  + describe(thrown)
                  + (thrown == first ? ": the failure itself, not wrapped" : ""),
          timeline.render());
    }
    Throwable cause = thrown.getCause();
    if (cause != first) {
      int index = indexOfFailure(mirrors, cause);
      throw Invariant.violated(
          invariant,
          first,
          cause
              + (index >= 0
                  ? ": that is mirror "
                      + index
                      + "'s failure, the "
                      + ordinal(failedInOrder.indexOf(index))
                      + " to happen; the cause is the FIRST MIRROR's failure (list order), whatever"
                      + " order they failed in"
                  : Futures.causedBy(cause, first)
                      ? ": the mirror's exception is deeper in the chain, wrapped once more"
                      : ""),
          timeline.render());
    }
    List<Throwable> expected = mirrors.stream().skip(1).map(Mirror::failure).toList();
    List<Throwable> suppressed = Arrays.asList(thrown.getSuppressed());
    for (int i = 0; i < Math.max(expected.size(), suppressed.size()); i++) {
      Throwable want = i < expected.size() ? expected.get(i) : null;
      Throwable got = i < suppressed.size() ? suppressed.get(i) : null;
      if (want != got) {
        int index = indexOfFailure(mirrors, got);
        String observed;
        if (got == null) {
          observed = "missing (" + suppressed.size() + " suppressed in all): failures were lost";
        } else if (index >= 0) {
          observed =
              "mirror "
                  + index
                  + "'s failure, not mirror "
                  + (i + 1)
                  + "'s: the failures are in the"
                  + " order they happened, not in list order";
        } else if (want != null && Futures.causedBy(got, want)) {
          observed = got + ", which wraps mirror " + (i + 1) + "'s failure: add the very exception";
        } else {
          observed = String.valueOf(got);
        }
        throw Invariant.violated(
            invariant,
            "suppressed "
                + expected.size()
                + " exception(s), mirror 1 to "
                + (mirrors.size() - 1)
                + "'s failures in list order",
            "suppressed[" + i + "] is " + observed,
            timeline.render());
      }
    }
  }

  private static int indexOfFailure(List<Mirror> mirrors, Throwable failure) {
    for (int i = 0; i < mirrors.size(); i++) {
      if (failure != null && mirrors.get(i).failure() == failure) {
        return i;
      }
    }
    return -1;
  }

  private static String ordinal(int zeroBased) {
    return switch (zeroBased) {
      case 0 -> "first";
      case 1 -> "second";
      case 2 -> "third";
      default -> (zeroBased + 1) + "th";
    };
  }

  private static void requireFlagUntouched(Moment moment) {
    if (moment.flagAfter()) {
      throw Invariant.violated(
          "the caller's interrupt flag is left as it was found",
          "not interrupted after firstSuccess returns",
          "the caller's interrupt flag was set, though nobody interrupted the caller: interrupt the"
              + " mirrors' threads, not Thread.currentThread()");
    }
  }

  private static void requireRanOnce(List<Mirror> mirrors) {
    for (Mirror mirror : mirrors) {
      Invariant.require(
          mirror.calls() == 1,
          "each mirror is asked exactly once",
          "1 call",
          () -> mirror.name() + " was called " + mirror.calls() + " times");
    }
  }

  /** Every thread that ran a mirror ends: the race leaves no thread behind, no pool kept alive. */
  private static void requireThreadsEnd(List<Mirror> mirrors, Timeline timeline)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeScale.millis(PROMPT_MILLIS) * 1_000_000;
    for (Mirror mirror : mirrors) {
      Thread runner = mirror.runner();
      if (runner == null) {
        continue;
      }
      runner.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      if (runner.isAlive()) {
        throw Invariant.violated(
            "the race leaves no thread running after it returns",
            "the thread that ran " + mirror.name() + " ended",
            "thread \""
                + runner.getName()
                + "\" ("
                + (runner.isVirtual() ? "virtual" : "platform")
                + ") is still alive "
                + TimeScale.millis(PROMPT_MILLIS)
                + " ms after the race returned, "
                + runner.getState()
                + ": an executor never shut down (a shared pool, the common pool?) keeps its"
                + " threads; own one per race and close it",
            timeline.render());
      }
    }
  }

  private static String describe(Throwable thrown) {
    return thrown + (thrown.getCause() != null ? " (cause: " + thrown.getCause() + ")" : "");
  }

  /** After a check, pass or fail: no mirror stays blocked, no caller stays stuck. */
  private static void cleanup(Caller caller, List<Mirror> mirrors) throws InterruptedException {
    mirrors.forEach(Mirror::abandon);
    caller.abandon();
  }
}

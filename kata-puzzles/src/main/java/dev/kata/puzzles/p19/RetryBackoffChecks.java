package dev.kata.puzzles.p19;

import static org.quicktheories.generators.SourceDSL.longs;

import dev.kata.api.check.FakeClock;
import dev.kata.api.check.Invariant;
import dev.kata.api.check.PropertyChecks;
import dev.kata.api.check.PuzzleChecks;
import dev.kata.api.check.Threads;
import dev.kata.api.check.TimeScale;
import dev.kata.puzzles.p19.ScriptedOp.Attempt;
import dev.kata.puzzles.p19.ScriptedOp.Kind;
import dev.kata.puzzles.p19.ScriptedOp.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The checks of puzzle 19.
 *
 * <p>Time is the check's. The solution is built with a {@link FakeClock} as its sleeper and its
 * nanoClock and with a random the check seeds, so a one-hour backoff takes no time, every delay is
 * seen to the nanosecond, and the jitter is reproducible. The operation is a {@link ScriptedOp}:
 * what each attempt does and how much fake time it takes is the check's script, and every failure
 * it throws is an object the check compares by identity. Only the per-attempt timeout is real time:
 * a short one (100 ms, scaled by {@link TimeScale}), reached only by the one attempt scripted to
 * hang. Each call runs on a thread of its own ({@link RetryRun}), so a check can interrupt it,
 * capture the state at the moment it returns, and catch a caller seen in {@code Thread.sleep} by
 * name.
 *
 * <p>Steering, not hoping: an attempt that is interrupted does not finish its cleanup until the
 * caller has returned, begun a backoff or another attempt, or is seen waiting ({@link
 * ScriptedOp#watch}). A retrier that stops waiting for a timed-out attempt without waiting for its
 * end is therefore caught on every run, while one that waits lets the cleanup end at once. Each
 * backoff notes whether every attempt had ended when it began ({@link ScriptedOp#noting}). The
 * property's scenarios come from the seed {@link PropertyChecks} prints; the jitter checks use
 * fixed seeds, so a design passes or fails them the same way every time.
 *
 * <h2>Contract audit: each sentence of {@link Retrying} and of the starter's GOAL, and its check
 * </h2>
 *
 * <table>
 *   <caption>contract sentence, check</caption>
 *   <tr><td>interface: backs off only through the sleeper, never Thread.sleep or another timed
 *       wait</td><td>{@link #backsOffThroughTheInjectedSleeper} (base 1 hour: a real sleep is seen in
 *       {@code Thread.sleep} and named; another timed wait never returns and its frame is shown), and
 *       every call's bounded wait ({@link RetryRun#awaitUntil}); the property's "one backoff between two
 *       attempts"</td></tr>
 *   <tr><td>interface: reads elapsed time only from nanoClock</td><td>the budget checks: a solution
 *       reading the real clock sees no time pass and backs off past the budget ({@link
 *       #theBudgetIsNeverOverrun}, the property, where attempts also take fake time)</td></tr>
 *   <tr><td>interface: draws jitter only from random</td><td>{@link #jitterComesFromTheInjectedRandom}:
 *       the same seed gives the same delays, other seeds other delays</td></tr>
 *   <tr><td>1: each attempt on a thread other than the caller's, waited for at most perAttempt; a
 *       longer one is interrupted, has ended before the next step, and is a retryable
 *       TimeoutException whatever the predicate says</td><td>{@link
 *       #aHungAttemptIsInterruptedAtItsLimitAndRetried} (the predicate rejects TimeoutException; never
 *       before the limit; the next attempt begins after the hung one ended); the thread rule in every
 *       verified run</td></tr>
 *   <tr><td>2: a returned value ends the call</td><td>the property (VALUE steps at generated
 *       positions), {@link #backsOffThroughTheInjectedSleeper}</td></tr>
 *   <tr><td>3: a non-retryable failure of any kind is thrown itself, at once, no backoff, no further
 *       attempt</td><td>{@link #aNonRetryableFailureIsThrownAtOnce} (checked, RuntimeException, Error;
 *       first and second attempt), the property</td></tr>
 *   <tr><td>4: back off after a retryable failure with attempts left; delay min(c·j, max), c =
 *       min(base·2^n, max), j in [0.5, 1.5) from random; in [c/2, min(1.5c, max)], never over
 *       max</td><td>the property {@link #backoffsFollowThePolicyForGeneratedScenarios} (exactly one
 *       backoff between two attempts, each in its bounds), {@link #noBackoffIsLongerThanTheCap} (80
 *       attempts: the jitter above the cap and 2^n overflowing are both seen), {@link
 *       #jitterComesFromTheInjectedRandom} (the delays really spread, capped ones too)</td></tr>
 *   <tr><td>5: a backoff that would end past the budget is not taken</td><td>{@link
 *       #theBudgetIsNeverOverrun} (a budget that two backoffs can never fit, a zero budget, and
 *       budgets just under and over c, between the shortest and the longest possible backoff:
 *       giving up there without drawing the jitter, or a backoff ending past the budget, fails),
 *       the property (no backoff ends past the budget; no giving up while the longest possible
 *       backoff still fits)</td></tr>
 *   <tr><td>6: out of attempts or budget: RetriesExhaustedException with every attempt's failure in
 *       order; no backoff after the last attempt</td><td>{@link #exhaustionCarriesEveryFailure} (all
 *       three kinds), the property, {@link #aHungAttemptIsInterruptedAtItsLimitAndRetried} (a
 *       TimeoutException among them); "no more attempts than maxAttempts" in every verified run</td></tr>
 *   <tr><td>7: interrupted waiting for an attempt: the attempt interrupted and ended,
 *       InterruptedException, no further attempt</td><td>{@link
 *       #anInterruptWhileAnAttemptRunsCancelsIt}</td></tr>
 *   <tr><td>7: interrupted during a backoff: InterruptedException, no further attempt</td><td>{@link
 *       #anInterruptDuringABackoffStopsTheRetries} (the fake sleep really blocks; the caller is
 *       interrupted in it)</td></tr>
 *   <tr><td>8: nothing outlives the call</td><td>every verified run: every attempt had ended at the
 *       moment of return; kata's own thread-leak guard after each check</td></tr>
 *   <tr><td>GOAL "neither hammer a failing service nor wait past the time the caller can
 *       give"</td><td>the backoff bounds and the budget checks above</td></tr>
 * </table>
 */
@PuzzleChecks(timeLimitSeconds = 30)
public class RetryBackoffChecks {

  /** A per-attempt limit no attempt comes near, except those scripted to hang. */
  private static final Duration FAR = Duration.ofSeconds(60);

  /**
   * How many seeds the budget check tries with a budget between the shortest and the longest
   * possible backoff. Each is a few milliseconds on the fake clock.
   */
  private static final int BUDGET_BAND_SEEDS = 16;

  /** A budget nothing comes near. */
  private static final Duration DAY = Duration.ofDays(1);

  /** How long a call may take, at most, when nothing in it waits for real time. */
  private static final long PROMPT_MILLIS = 5_000;

  /** The per-attempt limit of the hung-attempt check, before scaling. */
  private static final long PER_ATTEMPT_MILLIS = 100;

  /** Rounding slack when a delay is compared with its bounds: a microsecond. */
  private static final long SLACK_NANOS = 1_000;

  @Test
  @Order(1)
  @DisplayName(
      "backs off through the injected sleeper, never Thread.sleep, and returns the value of the"
          + " attempt that succeeds")
  void backsOffThroughTheInjectedSleeper(Retrying solution) throws InterruptedException {
    RetryRun run =
        start(
            solution,
            List.of(Step.fails(Kind.CHECKED, true), Step.value()),
            3,
            Duration.ofHours(1),
            Duration.ofHours(1),
            DAY,
            FAR,
            1);
    try {
      run.awaitReturn(
          PROMPT_MILLIS, "a backoff of one hour through the fake sleeper takes no real time");
      verify(run);
    } finally {
      run.abandon();
    }
  }

  @Test
  @Order(2)
  @DisplayName(
      "for generated policies and failure sequences: one backoff between attempts, each within its"
          + " bounds, within the budget")
  void backoffsFollowThePolicyForGeneratedScenarios(Retrying solution) {
    PropertyChecks.forAll(
        60,
        longs().all().map(Scenario::generate),
        scenario -> {
          try {
            RetryRun run = scenario.start(solution);
            try {
              run.awaitReturn(
                  PROMPT_MILLIS,
                  "with a fake clock, a call ends without waiting (" + scenario + ")");
              verify(run);
            } finally {
              run.abandon();
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the check was interrupted", e);
          }
        });
  }

  @Test
  @Order(3)
  @DisplayName(
      "a non-retryable failure (checked, RuntimeException, Error) is thrown itself, at once, with"
          + " no backoff")
  void aNonRetryableFailureIsThrownAtOnce(Retrying solution) throws InterruptedException {
    for (Kind kind : List.of(Kind.CHECKED, Kind.RUNTIME, Kind.ERROR)) {
      for (boolean afterARetry : List.of(false, true)) {
        List<Step> steps =
            afterARetry
                ? List.of(Step.fails(Kind.RUNTIME, true), Step.fails(kind, false), Step.value())
                : List.of(Step.fails(kind, false), Step.value());
        RetryRun run =
            start(solution, steps, 3, Duration.ofMillis(10), Duration.ofMillis(100), DAY, FAR, 7);
        try {
          run.awaitReturn(PROMPT_MILLIS, "a non-retryable failure ends the call at once");
          verify(run);
        } finally {
          run.abandon();
        }
      }
    }
  }

  @Test
  @Order(4)
  @DisplayName(
      "when the attempts run out, RetriesExhaustedException carries every attempt's failure, in"
          + " order, and no backoff follows the last")
  void exhaustionCarriesEveryFailure(Retrying solution) throws InterruptedException {
    List<Step> steps =
        List.of(
            Step.fails(Kind.CHECKED, true),
            Step.fails(Kind.RUNTIME, true),
            Step.fails(Kind.ERROR, true),
            Step.fails(Kind.CHECKED, true));
    RetryRun run =
        start(solution, steps, 4, Duration.ofMillis(1), Duration.ofMillis(10), DAY, FAR, 11);
    try {
      run.awaitReturn(PROMPT_MILLIS, "four failing attempts end in RetriesExhaustedException");
      verify(run);
    } finally {
      run.abandon();
    }
  }

  @Test
  @Order(5)
  @DisplayName("no backoff is longer than max, jitter included, even after 80 attempts")
  void noBackoffIsLongerThanTheCap(Retrying solution) throws InterruptedException {
    List<Step> steps = Collections.nCopies(80, Step.fails(Kind.CHECKED, true));
    RetryRun run =
        start(solution, steps, 80, Duration.ofMillis(1), Duration.ofMillis(200), DAY, FAR, 13);
    try {
      run.awaitReturn(PROMPT_MILLIS, "80 failing attempts with fake backoffs end without waiting");
      verify(run);
    } finally {
      run.abandon();
    }
  }

  @Test
  @Order(6)
  @DisplayName("no backoff ends past the budget, and the retries do not stop while one still fits")
  void theBudgetIsNeverOverrun(Retrying solution) throws InterruptedException {
    // Backoffs of 50 to 100 ms, a budget of 120 ms: the first always fits, a third never does.
    RetryRun tight =
        start(
            solution,
            Collections.nCopies(10, Step.fails(Kind.CHECKED, true)),
            10,
            Duration.ofMillis(100),
            Duration.ofMillis(100),
            Duration.ofMillis(120),
            FAR,
            17);
    try {
      tight.awaitReturn(PROMPT_MILLIS, "a call under a 120 ms budget ends without waiting");
      verify(tight);
    } finally {
      tight.abandon();
    }
    // A budget between the shortest and the longest possible first backoff (c = 100 ms, delays 50
    // to 150 ms): whether it fits depends on the jitter, so a correct solution must draw it before
    // it decides. One that compares the budget with c, the backoff before jitter, gives up at 99 ms
    // without drawing, on every run; at 101 ms it takes backoffs that end past the budget, on about
    // half the seeds. verify() judges each run's backoffs against the budget.
    for (long seed = 1; seed <= BUDGET_BAND_SEEDS; seed++) {
      for (long budgetMillis : new long[] {99, 101}) {
        CountedRandom random = new CountedRandom(seed);
        RetryRun band =
            start(
                solution,
                Collections.nCopies(2, Step.fails(Kind.CHECKED, true)),
                2,
                Duration.ofMillis(100),
                Duration.ofMillis(1_000),
                Duration.ofMillis(budgetMillis),
                FAR,
                random);
        try {
          band.awaitReturn(
              PROMPT_MILLIS, "a call under a " + budgetMillis + " ms budget ends without waiting");
          verify(band);
          if (random.draws() == 0 && band.op.attemptCount() == 1) {
            throw Invariant.violated(
                "a backoff is given up only if, with its jitter, it would end past the budget",
                "the jitter drawn, then backoff 1 taken if min(100 ms·j, max) fits the "
                    + budgetMillis
                    + " ms left",
                "it gave up after attempt 1 without drawing the jitter, though a backoff can be as"
                    + " short as c/2 = 50 ms: was the budget compared with c, the backoff before"
                    + " jitter? Compare it with the delay you would sleep",
                story(band));
          }
        } finally {
          band.abandon();
        }
      }
    }
    // A zero budget leaves room for no backoff at all: one attempt, then give up.
    RetryRun none =
        start(
            solution,
            Collections.nCopies(5, Step.fails(Kind.CHECKED, true)),
            5,
            Duration.ofMillis(1),
            Duration.ofMillis(1),
            Duration.ZERO,
            FAR,
            19);
    try {
      none.awaitReturn(PROMPT_MILLIS, "a call with a zero budget ends without waiting");
      verify(none);
    } finally {
      none.abandon();
    }
  }

  @Test
  @Order(7)
  @DisplayName(
      "the jitter is drawn from the injected random and spreads the delays, capped ones too")
  void jitterComesFromTheInjectedRandom(Retrying solution) throws InterruptedException {
    long[] seeds = {0x5EEDL, 0xB0FFL, 0xCAFEL, 0xD1CEL, 0xF00DL, 0xBEEFL, 0xFACEL, 0xC0DEL};
    List<List<Duration>> delays = new ArrayList<>();
    List<Double> uncapped = new ArrayList<>();
    List<Double> capped = new ArrayList<>();
    RetryPolicy policy = null;
    for (long seed : seeds) {
      RetryRun run =
          start(
              solution,
              Collections.nCopies(20, Step.fails(Kind.CHECKED, true)),
              20,
              Duration.ofMillis(1),
              Duration.ofMillis(64),
              DAY,
              FAR,
              seed);
      try {
        run.awaitReturn(
            PROMPT_MILLIS, "20 failing attempts with fake backoffs end without waiting");
        verify(run);
        policy = run.policy;
        delays.add(run.clock.delays());
      } finally {
        run.abandon();
      }
    }
    for (List<Duration> run : delays) {
      for (int n = 0; n < run.size(); n++) {
        double c = exponential(policy, n);
        (c < policy.max().toNanos() ? uncapped : capped).add(run.get(n).toNanos() / c);
      }
    }
    requireSpread(uncapped, "below the cap", true);
    requireSpread(capped, "at the cap (c = max)", false);
    RetryRun again =
        start(
            solution,
            Collections.nCopies(20, Step.fails(Kind.CHECKED, true)),
            20,
            Duration.ofMillis(1),
            Duration.ofMillis(64),
            DAY,
            FAR,
            seeds[0]);
    List<Duration> replay;
    try {
      again.awaitReturn(
          PROMPT_MILLIS, "20 failing attempts with fake backoffs end without waiting");
      replay = again.clock.delays();
    } finally {
      again.abandon();
    }
    int first = firstDifference(delays.get(0), replay);
    if (first >= 0) {
      throw Invariant.violated(
          "the jitter is drawn from the random the retrier was given",
          "two runs with the same seed back off by the same delays",
          "backoff "
              + (first + 1)
              + " was "
              + at(delays.get(0), first)
              + " in one run and "
              + at(replay, first)
              + " in the other, with the same seed: the jitter comes from another random"
              + " (Math.random, ThreadLocalRandom, a Random of your own), which no test can"
              + " replay");
    }
    if (firstDifference(delays.get(0), delays.get(1)) < 0) {
      throw Invariant.violated(
          "the jitter is drawn from the random the retrier was given",
          "other seeds give other delays",
          "seeds "
              + seeds[0]
              + " and "
              + seeds[1]
              + " gave the very same "
              + delays.get(0).size()
              + " delays: the jitter does not come from the injected random");
    }
  }

  @Test
  @Order(8)
  @DisplayName(
      "a hung attempt is interrupted at its limit, has ended before the next, and counts as"
          + " retryable")
  void aHungAttemptIsInterruptedAtItsLimitAndRetried(Retrying solution)
      throws InterruptedException {
    Duration limit = TimeScale.scaled(Duration.ofMillis(PER_ATTEMPT_MILLIS));
    RetryRun run =
        start(
            solution,
            List.of(Step.hang(), Step.fails(Kind.CHECKED, true)),
            2,
            Duration.ofMillis(10),
            Duration.ofMillis(100),
            DAY,
            limit,
            23);
    try {
      boolean interrupted =
          run.awaitUntil(
              () -> firstInterrupted(run.op),
              PER_ATTEMPT_MILLIS + PROMPT_MILLIS,
              "an attempt still running at its per-attempt limit ("
                  + RetryPolicy.millis(limit)
                  + ") is interrupted");
      if (!interrupted && !firstInterrupted(run.op)) {
        throw Invariant.violated(
            "an attempt still running at its per-attempt limit is interrupted",
            "attempt 1 (which hangs until interrupted) interrupted at " + RetryPolicy.millis(limit),
            "the call " + run.outcome() + " and attempt 1 was never interrupted",
            story(run));
      }
      Attempt hung = run.op.attempts().getFirst();
      long after = hung.interruptedNanos - run.startNanos();
      if (after < limit.toNanos()) {
        throw Invariant.violated(
            "an attempt is given its whole per-attempt limit",
            "interrupted no sooner than " + RetryPolicy.millis(limit) + " after the call began",
            "interrupted " + RetryPolicy.millis(Duration.ofNanos(after)) + " after the call began");
      }
      run.awaitReturn(PROMPT_MILLIS, "after the hung attempt, the call goes on and ends");
      verify(run);
    } finally {
      run.abandon();
    }
  }

  @Test
  @Order(9)
  @DisplayName("interrupted during a backoff: InterruptedException, and no further attempt")
  void anInterruptDuringABackoffStopsTheRetries(Retrying solution) throws InterruptedException {
    FakeClock clock = new FakeClock().blockAt(1);
    ScriptedOp op =
        new ScriptedOp(List.of(Step.fails(Kind.CHECKED, true), Step.value(), Step.value()), clock);
    RetryPolicy policy =
        new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(100), DAY, FAR, op.retryable());
    RetryRun run =
        RetryRun.start(
            RetryRun.build(solution, op.noting(clock), clock, new SplittableRandom(29)),
            op,
            policy,
            clock);
    try {
      boolean blocked =
          run.awaitUntil(
              () -> clock.sleepCount() > 0,
              PROMPT_MILLIS,
              "after a retryable failure, the retrier backs off through the sleeper");
      if (!blocked) {
        throw Invariant.violated(
            "after a retryable failure, the retrier backs off through the sleeper",
            "one backoff through sleeper.sleep, where the check interrupts it",
            "the call " + run.outcome() + " without any backoff through the sleeper",
            story(run));
      }
      clock.awaitBlocked(Duration.ofMillis(PROMPT_MILLIS));
      run.thread().interrupt();
      run.awaitReturn(PROMPT_MILLIS, "interrupted during a backoff, the call ends at once");
      if (!(run.thrown() instanceof InterruptedException) || run.op.attemptCount() != 1) {
        throw Invariant.violated(
            "interrupted during a backoff, the call stops: InterruptedException, no further"
                + " attempt",
            "InterruptedException after 1 attempt",
            "the call "
                + run.outcome()
                + " after "
                + run.op.attemptCount()
                + " attempt(s)"
                + (run.op.attemptCount() > 1
                    ? ": the interrupt was swallowed and the retries went on"
                    : ""),
            story(run));
      }
      requireAllEndedAtReturn(run);
    } finally {
      run.abandon();
    }
  }

  @Test
  @Order(10)
  @DisplayName(
      "interrupted while an attempt runs: the attempt is interrupted and has ended,"
          + " InterruptedException, no further attempt")
  void anInterruptWhileAnAttemptRunsCancelsIt(Retrying solution) throws InterruptedException {
    RetryRun run =
        start(
            solution,
            List.of(Step.hang(), Step.value(), Step.value()),
            3,
            Duration.ofMillis(10),
            Duration.ofMillis(100),
            DAY,
            FAR,
            31);
    try {
      run.awaitUntil(() -> run.op.attemptCount() > 0, PROMPT_MILLIS, "the first attempt begins");
      if (Threads.awaitWaiting(run.thread(), PROMPT_MILLIS) != Threads.Seen.WAITING) {
        throw Invariant.violated(
            "the caller waits for an attempt by blocking",
            "the caller seen waiting",
            "the call " + run.outcome() + "; " + run.doing());
      }
      run.thread().interrupt();
      run.awaitReturn(PROMPT_MILLIS, "interrupted while an attempt runs, the call ends at once");
      Attempt attempt = run.op.attempts().getFirst();
      if (!(run.thrown() instanceof InterruptedException)
          || run.op.attemptCount() != 1
          || !attempt.interrupted()) {
        throw Invariant.violated(
            "interrupted while an attempt runs, the call stops: the attempt interrupted,"
                + " InterruptedException, no further attempt",
            "InterruptedException after 1 attempt, that attempt interrupted",
            "the call "
                + run.outcome()
                + " after "
                + run.op.attemptCount()
                + " attempt(s); attempt 1 was "
                + (attempt.interrupted() ? "" : "NOT ")
                + "interrupted"
                + (run.op.attemptCount() > 1
                    ? ": the caller's interrupt was taken for a failed attempt"
                    : ""),
            story(run));
      }
      requireAllEndedAtReturn(run);
      if (run.clock.sleepCount() != 0) {
        throw Invariant.violated(
            "interrupted while an attempt runs, the call stops without a backoff",
            "no backoff",
            run.clock.sleepCount() + " backoff(s)",
            story(run));
      }
    } finally {
      run.abandon();
    }
  }

  // ------------------------------------------------------------------ the rules every run obeys

  /**
   * Verify a run that ended against every rule of the contract the script allows to judge: the
   * attempts, the backoffs between them, their bounds, the budget, the outcome.
   */
  static void verify(RetryRun run) {
    RetryPolicy policy = run.policy;
    List<Attempt> attempts = run.op.attempts();
    List<FakeClock.Sleep> sleeps = run.clock.sleeps();
    List<Step> steps = run.op.steps();
    if (attempts.isEmpty()) {
      throw Invariant.violated(
          "the operation is attempted at least once",
          "1 attempt or more",
          "none: the call " + run.outcome());
    }
    if (attempts.size() > policy.maxAttempts()) {
      throw Invariant.violated(
          "no more attempts than maxAttempts",
          policy.maxAttempts() + " attempts at most",
          attempts.size() + " attempts",
          story(run));
    }
    for (Attempt attempt : attempts) {
      if (attempt.thread == run.thread()) {
        throw Invariant.violated(
            "each attempt runs on a thread other than the caller's, so the caller can stop"
                + " waiting for it",
            "attempt " + (attempt.index + 1) + " on another thread",
            "it ran on the caller's own thread \""
                + run.thread().getName()
                + "\": nothing can bound or interrupt it");
      }
      if (!attempt.previousEnded) {
        throw Invariant.violated(
            "an attempt that timed out is interrupted and has ended before the next step",
            "attempt " + attempt.index + " ended before attempt " + (attempt.index + 1) + " began",
            "attempt "
                + (attempt.index + 1)
                + " began while an earlier attempt was still running: it was left"
                + " running beside the next one",
            story(run));
      }
      if (attempt.sleepsBefore != attempt.index) {
        throw Invariant.violated(
            "exactly one backoff, through the sleeper, between two attempts",
            "attempt " + (attempt.index + 1) + " begins after " + attempt.index + " backoff(s)",
            "it began after "
                + attempt.sleepsBefore
                + (attempt.sleepsBefore < attempt.index
                    ? ": it was retried without backing off through the injected sleeper (hammering"
                        + " the service, or sleeping some other way)"
                    : ""),
            story(run));
      }
    }
    if (!run.allEndedAtReturn()) {
      throw Invariant.violated(
          "nothing started by the call outlives it",
          "every attempt has ended when the call" + " returns",
          "an attempt was still running when the call " + run.outcome(),
          story(run));
    }
    List<Boolean> endedAtBackoff = run.op.endedAtBackoff();
    for (int n = 0; n < endedAtBackoff.size(); n++) {
      if (!endedAtBackoff.get(n)) {
        throw Invariant.violated(
            "an attempt that timed out is interrupted and has ended before the next step",
            "every attempt ended before backoff " + (n + 1) + " began",
            "attempt "
                + (n + 1)
                + " was still running:"
                + " the caller stopped waiting for it without waiting for its end",
            story(run));
      }
    }
    for (int n = 0; n < sleeps.size(); n++) {
      FakeClock.Sleep sleep = sleeps.get(n);
      long d = sleep.delay().toNanos();
      double c = exponential(policy, n);
      long low = (long) Math.ceil(c / 2) - SLACK_NANOS;
      long high = (long) Math.min(1.5 * c, (double) policy.max().toNanos());
      if (d > policy.max().toNanos()) {
        throw Invariant.violated(
            "no backoff is longer than max, jitter included",
            "backoff " + (n + 1) + " at most " + RetryPolicy.millis(policy.max()),
            RetryPolicy.millis(sleep.delay())
                + ", over the cap"
                + (c >= policy.max().toNanos()
                    ? ": the jitter pushed a capped delay past max (cap it after the jitter"
                        + " too)"
                    : ""),
            story(run));
      }
      if (d < low || d > high + SLACK_NANOS) {
        throw Invariant.violated(
            "backoff n (from 0) lies in [c/2, min(1.5c, max)], c = min(base*2^n, max)",
            "backoff "
                + (n + 1)
                + " (n = "
                + n
                + ", c = "
                + RetryPolicy.millis(Duration.ofNanos((long) c))
                + ") in ["
                + RetryPolicy.millis(Duration.ofNanos(low + SLACK_NANOS))
                + ", "
                + RetryPolicy.millis(Duration.ofNanos(high))
                + "]",
            RetryPolicy.millis(sleep.delay())
                + (d <= 0 ? ": a delay that is no wait at all (did 2^n" + " overflow?)" : ""),
            story(run));
      }
      long end = sleep.endNanos() - run.clockStart;
      if (end > policy.budget().toNanos()) {
        throw Invariant.violated(
            "no backoff ends past the budget: a backoff that would is not taken",
            "every backoff ends within "
                + RetryPolicy.millis(policy.budget())
                + " of the call's start",
            "backoff "
                + (n + 1)
                + " ("
                + RetryPolicy.millis(sleep.delay())
                + ") ended "
                + RetryPolicy.millis(Duration.ofNanos(end))
                + " after the start",
            story(run));
      }
    }
    int last = attempts.size() - 1;
    if (sleeps.size() > last) {
      throw Invariant.violated(
          "no backoff after the last attempt",
          last + " backoff(s) for " + attempts.size() + " attempts",
          sleeps.size() + " backoff(s)",
          story(run));
    }
    for (int i = 0; i < last; i++) {
      Step step = i < steps.size() ? steps.get(i) : Step.fails(Kind.CHECKED, true);
      if (step.kind() == Kind.VALUE) {
        throw Invariant.violated(
            "an attempt that returns ends the call with its value",
            "the call returns \"" + ScriptedOp.valueOf(i) + "\" after attempt " + (i + 1),
            "it went on to attempt " + (i + 2),
            story(run));
      }
      if (step.kind() != Kind.HANG && !step.retryable()) {
        throw Invariant.violated(
            "a non-retryable failure ends the call at once",
            "attempt "
                + (i + 1)
                + " "
                + step.kind().describe()
                + ", NOT retryable: that failure thrown itself, with no backoff and no"
                + " further attempt",
            "it was retried",
            story(run));
      }
    }
    Step step = last < steps.size() ? steps.get(last) : Step.fails(Kind.CHECKED, true);
    Throwable thrown = run.thrown();
    if (step.kind() == Kind.VALUE) {
      if (thrown != null || !ScriptedOp.valueOf(last).equals(run.value())) {
        throw Invariant.violated(
            "an attempt that returns ends the call with its value",
            "\"" + ScriptedOp.valueOf(last) + "\"",
            "the call " + run.outcome(),
            story(run));
      }
      return;
    }
    if (step.kind() != Kind.HANG && !step.retryable()) {
      Throwable expected = run.op.failureOf(last);
      if (thrown != expected) {
        throw Invariant.violated(
            "a non-retryable failure is thrown itself, at once",
            expected,
            "the call "
                + run.outcome()
                + (thrown != null && thrown.getCause() == expected
                    ? " (wrapped: throw the failure itself)"
                    : ""),
            story(run));
      }
      return;
    }
    // The last attempt failed retryably: the call must have given up.
    if (!(thrown instanceof RetriesExhaustedException exhausted)) {
      throw Invariant.violated(
          "when the retries stop, RetriesExhaustedException is thrown",
          "RetriesExhaustedException after attempt " + (last + 1),
          "the call "
              + run.outcome()
              + (thrown instanceof TimeoutException
                  ? " (a timed-out attempt is retryable whatever the predicate says)"
                  : ""),
          story(run));
    }
    if (attempts.size() < policy.maxAttempts()) {
      // Attempts remained: only the budget may have stopped it, and only if the next backoff could
      // not fit.
      long elapsed = attempts.get(last).clockAtEnd - run.clockStart;
      long longest =
          (long) Math.min(1.5 * exponential(policy, last), (double) policy.max().toNanos());
      if (step.kind() != Kind.HANG
          && elapsed + longest + SLACK_NANOS <= policy.budget().toNanos()) {
        throw Invariant.violated(
            "the retries go on while attempts remain and the next backoff fits the budget",
            "attempt "
                + (last + 2)
                + " after a backoff of at most "
                + RetryPolicy.millis(Duration.ofNanos(longest))
                + " ("
                + RetryPolicy.millis(Duration.ofNanos(elapsed))
                + " of "
                + RetryPolicy.millis(policy.budget())
                + " spent)",
            "it gave up after "
                + attempts.size()
                + " of "
                + policy.maxAttempts()
                + " attempts: "
                + exhausted,
            story(run));
      }
    }
    List<Throwable> reported = List.of(exhausted.getSuppressed());
    for (int i = 0; i <= last; i++) {
      boolean timedOut = i < steps.size() && steps.get(i).kind() == Kind.HANG;
      Throwable expected = run.op.failureOf(i);
      Throwable got = i < reported.size() ? reported.get(i) : null;
      boolean same = timedOut ? got instanceof TimeoutException : got == expected;
      if (!same) {
        throw Invariant.violated(
            "RetriesExhaustedException carries every attempt's failure, in order"
                + " (addSuppressed)",
            reported.size() == last + 1 || i >= reported.size()
                ? (last + 1)
                    + " failures; number "
                    + (i + 1)
                    + ": "
                    + (timedOut ? "a TimeoutException" : expected)
                : (last + 1) + " failures",
            reported.size()
                + " failure(s)"
                + (got == null ? "" : "; number " + (i + 1) + ": " + got),
            story(run));
      }
    }
    if (reported.size() != last + 1) {
      throw Invariant.violated(
          "RetriesExhaustedException carries every attempt's failure, and only those",
          (last + 1) + " failures",
          reported.size() + " failures",
          story(run));
    }
  }

  private static void requireAllEndedAtReturn(RetryRun run) {
    if (!run.allEndedAtReturn()) {
      throw Invariant.violated(
          "nothing started by the call outlives it",
          "the attempt has ended when the call" + " throws",
          "it was still running when the call " + run.outcome(),
          story(run));
    }
  }

  /**
   * Require the jitter to move a good share of the delays well away from c: with j uniform in [0.5,
   * 1.5), 40% of them fall below 0.9c and 40% above 1.1c; the bound asks for a share of 15%, which
   * a uniform draw misses with a chance of about one in ten thousand, and a delay that is jittered
   * only now and then never reaches.
   */
  private static void requireSpread(List<Double> ratios, String where, boolean bothSides) {
    long below = ratios.stream().filter(r -> r < 0.9).count();
    long above = ratios.stream().filter(r -> r > 1.1).count();
    long needed = (long) Math.ceil(ratios.size() * 0.15);
    if (below < needed || (bothSides && above < needed)) {
      double min = ratios.stream().mapToDouble(Double::doubleValue).min().orElse(1);
      double max = ratios.stream().mapToDouble(Double::doubleValue).max().orElse(1);
      throw Invariant.violated(
          "the jitter spreads each delay over [c/2, 1.5c) "
              + where
              + ", so that clients"
              + " retrying together drift apart",
          "of "
              + ratios.size()
              + " delays "
              + where
              + ", at least "
              + needed
              + " below 0.9c"
              + (bothSides ? " and " + needed + " above 1.1c" : "")
              + " (a uniform jitter puts 40% on each side)",
          String.format(
              "%d below 0.9c, %d above 1.1c, all within [%.3fc, %.3fc]%s",
              below,
              above,
              min,
              max,
              min == max
                  ? ": no jitter at all, every client retries in lock-step"
                  : below < needed && !bothSides
                      ? ": past the cap, nearly every delay is max itself, so clients that reached"
                          + " the cap retry in lock-step (cap c before the jitter, not only"
                          + " after)"
                      : ""));
    }
  }

  /** c = min(base * 2^n, max), in nanoseconds, computed without overflow. */
  static double exponential(RetryPolicy policy, int n) {
    return Math.min(policy.base().toNanos() * Math.pow(2, n), (double) policy.max().toNanos());
  }

  private static boolean firstInterrupted(ScriptedOp op) {
    List<Attempt> attempts = op.attempts();
    return !attempts.isEmpty() && attempts.getFirst().interrupted();
  }

  private static int firstDifference(List<Duration> a, List<Duration> b) {
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      if (i >= a.size() || i >= b.size() || !a.get(i).equals(b.get(i))) {
        return i;
      }
    }
    return -1;
  }

  private static String at(List<Duration> delays, int i) {
    return i < delays.size() ? RetryPolicy.millis(delays.get(i)) : "not taken";
  }

  /** The run as the learner reads it: each attempt, each backoff, the outcome. */
  static String story(RetryRun run) {
    StringBuilder story = new StringBuilder("  what happened (").append(run.policy).append("):");
    List<Attempt> attempts = run.op.attempts();
    List<FakeClock.Sleep> sleeps = run.clock.sleeps();
    List<Step> steps = run.op.steps();
    int shown = 0;
    for (int i = 0; i < Math.max(attempts.size(), sleeps.size()); i++) {
      if (shown++ == 12) {
        story
            .append(System.lineSeparator())
            .append("    ... ")
            .append(attempts.size())
            .append(" attempts, ")
            .append(sleeps.size())
            .append(" backoffs in all");
        break;
      }
      if (i < attempts.size()) {
        story
            .append(System.lineSeparator())
            .append("    attempt ")
            .append(i + 1)
            .append(": ")
            .append(
                i < steps.size()
                    ? steps.get(i)
                    : "past the script: throws a checked exception (retryable)")
            .append(attempts.get(i).interrupted() ? ", interrupted" : "");
      }
      if (i < sleeps.size()) {
        FakeClock.Sleep sleep = sleeps.get(i);
        story
            .append(System.lineSeparator())
            .append("    backoff ")
            .append(i + 1)
            .append(": ")
            .append(RetryPolicy.millis(sleep.delay()))
            .append(", from ")
            .append(RetryPolicy.millis(Duration.ofNanos(sleep.startNanos() - run.clockStart)))
            .append(" to ")
            .append(RetryPolicy.millis(Duration.ofNanos(sleep.endNanos() - run.clockStart)))
            .append(sleep.interrupted() ? " (interrupted)" : "");
      }
    }
    story.append(System.lineSeparator()).append("    then the call ").append(run.outcome());
    return story.toString();
  }

  private static RetryRun start(
      Retrying solution,
      List<Step> steps,
      int maxAttempts,
      Duration base,
      Duration max,
      Duration budget,
      Duration perAttempt,
      long seed) {
    return start(
        solution, steps, maxAttempts, base, max, budget, perAttempt, new SplittableRandom(seed));
  }

  private static RetryRun start(
      Retrying solution,
      List<Step> steps,
      int maxAttempts,
      Duration base,
      Duration max,
      Duration budget,
      Duration perAttempt,
      RandomGenerator random) {
    FakeClock clock = new FakeClock();
    ScriptedOp op = new ScriptedOp(steps, clock);
    RetryPolicy policy =
        new RetryPolicy(maxAttempts, base, max, budget, perAttempt, op.retryable());
    return RetryRun.start(
        RetryRun.build(solution, op.noting(clock), clock, random), op, policy, clock);
  }

  /**
   * The check's random, counting the solution's draws: every method of {@link RandomGenerator}
   * draws through {@link #nextLong()}.
   */
  private static final class CountedRandom implements RandomGenerator {
    private final SplittableRandom random;
    private final AtomicInteger draws = new AtomicInteger();

    CountedRandom(long seed) {
      this.random = new SplittableRandom(seed);
    }

    @Override
    public long nextLong() {
      draws.incrementAndGet();
      return random.nextLong();
    }

    int draws() {
      return draws.get();
    }
  }

  /** A generated scenario: a policy, what each attempt does, and the seed of the random. */
  record Scenario(
      long seed, int maxAttempts, Duration base, Duration max, Duration budget, List<Step> steps) {

    static Scenario generate(long seed) {
      SplittableRandom random = new SplittableRandom(seed);
      int maxAttempts = random.nextInt(1, 9);
      long baseNanos =
          random.nextLong(1, 401) * 1_000_000
              + (random.nextBoolean() ? random.nextLong(0, 1_000_000) : 0);
      long maxNanos = baseNanos * random.nextLong(1, 17);
      Duration budget = Duration.ofMillis(random.nextLong(0, 3_001));
      List<Step> steps = new ArrayList<>();
      for (int i = 0; i < maxAttempts; i++) {
        int roll = random.nextInt(100);
        Kind kind =
            roll < 8
                ? Kind.VALUE
                : List.of(Kind.CHECKED, Kind.RUNTIME, Kind.ERROR).get(random.nextInt(3));
        Duration takes =
            random.nextInt(3) == 0 ? Duration.ZERO : Duration.ofMillis(random.nextLong(0, 200));
        steps.add(new Step(kind, roll >= 16, takes));
      }
      return new Scenario(
          random.nextLong(),
          maxAttempts,
          Duration.ofNanos(baseNanos),
          Duration.ofNanos(maxNanos),
          budget,
          steps);
    }

    RetryRun start(Retrying solution) {
      FakeClock clock = new FakeClock();
      ScriptedOp op = new ScriptedOp(steps, clock);
      RetryPolicy policy = new RetryPolicy(maxAttempts, base, max, budget, FAR, op.retryable());
      return RetryRun.start(
          RetryRun.build(solution, op.noting(clock), clock, new SplittableRandom(seed)),
          op,
          policy,
          clock);
    }

    @Override
    public String toString() {
      return "maxAttempts="
          + maxAttempts
          + ", base="
          + RetryPolicy.millis(base)
          + ", max="
          + RetryPolicy.millis(max)
          + ", budget="
          + RetryPolicy.millis(budget)
          + ", attempts: "
          + steps;
    }
  }
}

package dev.kata.puzzles.p18;

import static org.quicktheories.generators.SourceDSL.integers;

import dev.kata.api.check.Invariant;
import dev.kata.api.check.Patience;
import dev.kata.api.check.PropertyChecks;
import dev.kata.api.check.PuzzleChecks;
import dev.kata.api.check.Threads;
import dev.kata.api.check.TimeScale;
import dev.kata.puzzles.p18.HeldStep.Outcome;
import dev.kata.puzzles.p18.ScriptedStore.Steps;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The checks of puzzle 18. The store and the notifier are the checks' own ({@link ScriptedStore}):
 * every step of every save is a {@link HeldStep} that blocks on a latch the check releases when it
 * chooses, then ends normally or fails as scripted. So "interrupted during the commit" means the
 * check interrupts the caller while the commit is seen blocked on its latch, and "the commit
 * completes in full" means it got past the latch uninterrupted, once. {@code save} and {@code
 * awaitCommits} run on threads of the checks' ({@link Call}), watched while they wait. No check
 * waits for a timer: a correct solution is never held longer than the check's own steps take,
 * except one that waits for a commit with a timed wait, which is held past any plausible timeout
 * (made a thousand times shorter: {@code timeoutsShortenedBy}).
 *
 * <p>Contract audit: each sentence of {@link Saver} (and {@link Savers}, {@link Store}) and of the
 * starter's GOAL, and the check that fails when it is violated.
 *
 * <table>
 *   <caption>contract sentence → check</caption>
 *   <tr><td>open: a new, independent saver per call</td><td>every check opens its own; {@link
 *       #failuresInEachStepEndTheSaveWithThatVeryFailure} opens one per case</td></tr>
 *   <tr><td>save: prepare, then commit after the prepare has ended normally, then notify once the
 *       commit has completed; save returns normally only after all three have ended normally</td>
 *       <td>{@link #aSaveRunsPrepareThenCommitThenNotifyAndReturnsOnlyAfterAll} (each step held in
 *       turn; save must be seen waiting at each; the store records a step out of order)</td></tr>
 *   <tr><td>prepare is cancellable: interrupted during it, no commit ever starts and save throws
 *       InterruptedException</td><td>{@link #interruptedDuringPrepareNoCommitEverStarts} (the
 *       prepare, still held, must have been interrupted; after every step is released and
 *       awaitCommits has returned, the commit must never have run)</td></tr>
 *   <tr><td>commit exactly once, on a thread the caller's interrupt never reaches: nothing ever
 *       interrupts a commit</td><td>{@link #interruptedDuringTheCommitSaveThrowsAtOnceAndTheCommitCompletesOnce}
 *       (run counts, the commit's own interrupt record), {@link
 *       #awaitCommitsIsCancellableAndNeverInterruptsACommit}</td></tr>
 *   <tr><td>commits of different saves do not wait for each other</td><td>{@link
 *       #concurrentSavesCommitAtOnceAndEachEndsAsScripted} (2-4 commits held at once; each must
 *       start while the others are held)</td></tr>
 *   <tr><td>save waits for the commit by blocking, as long as it takes</td><td>{@link
 *       #aSaveRunsPrepareThenCommitThenNotifyAndReturnsOnlyAfterAll} (seen WAITING; a caller seen
 *       TIMED_WAITING is held past any plausible timeout and must still wait)</td></tr>
 *   <tr><td>interrupted while waiting for the commit, save throws InterruptedException at once,
 *       without waiting for the commit; the commit completes in full, exactly once; the cancelled
 *       save announces nothing</td><td>{@link
 *       #interruptedDuringTheCommitSaveThrowsAtOnceAndTheCommitCompletesOnce} (for a commit that
 *       then passes, throws a RuntimeException, throws an Error; a caller that goes back to waiting
 *       with its flag cleared is named at once)</td></tr>
 *   <tr><td>notify is cancellable: interrupted during it, the announcement stops, the commit stands,
 *       save throws InterruptedException</td><td>{@link #interruptedDuringNotifyTheCommitStands}</td></tr>
 *   <tr><td>a step that fails (RuntimeException, Error) ends the save with that very failure, not
 *       wrapped; the later steps never run</td><td>{@link
 *       #failuresInEachStepEndTheSaveWithThatVeryFailure} (each step × each kind), and {@link
 *       #concurrentSavesCommitAtOnceAndEachEndsAsScripted} (generated failures while other saves are
 *       in flight)</td></tr>
 *   <tr><td>awaitCommits waits until every commit started has ended, by blocking, as long as it
 *       takes, and reports none of their failures</td><td>{@link
 *       #interruptedDuringTheCommitSaveThrowsAtOnceAndTheCommitCompletesOnce} (seen waiting while a
 *       cancelled save's commit is held; the commit ended at the moment it returns; a TIMED_WAITING
 *       wait is held past any plausible timeout; a failing commit makes it throw nothing)</td></tr>
 *   <tr><td>awaitCommits returns and no thread of the saver outlives it (a pool's last worker may
 *       still be exiting at the return)</td><td>every check: each
 *       thread that ran a commit must end within a margin of the return (an idle pool thread never
 *       does), and the runner's thread-leak guard</td></tr>
 *   <tr><td>awaitCommits is cancellable: interrupted, it throws InterruptedException at once, the
 *       commits go on never interrupted, and it may be called again</td><td>{@link
 *       #awaitCommitsIsCancellableAndNeverInterruptsACommit}</td></tr>
 *   <tr><td>failures of every kind</td><td>the Store's and the Notifier's steps declare only
 *       InterruptedException, so a step fails with a RuntimeException or an Error (both, in every
 *       step, in {@link #failuresInEachStepEndTheSaveWithThatVeryFailure}); a checked failure of a
 *       commit would be its InterruptedException, which the contract rules out (nothing interrupts a
 *       commit) and every interrupt check rejects</td></tr>
 * </table>
 */
// A correct solution's run is mostly thread starts (a pool thread per commit, a caller per save):
// measured at 47 s median, 70 s slowest with the machine's load at 30 on 2 cores, above the
// default whole-run limit; it never waits for any of these limits.
@PuzzleChecks(timeLimitSeconds = 60, runLimitSeconds = 120, timeoutsShortenedBy = 1000)
public class ShieldChecks {

  /**
   * How long a correct solution may take to do what it should, before scaling: to start a step,
   * return once what it waits for has ended, take an interrupt, let its threads end. A correct
   * solution does each at once and never waits for this bound; it is long because a thread start on
   * a machine loaded many times over its cores can take seconds. Only a wrong solution (one that
   * never does it) pays it, and the common wrong ones are named sooner (see {@link
   * #interruptAndRequireInterruptedException}).
   */
  private static final long WAIT_MILLIS = 10_000;

  /**
   * How long a caller seen in a timed wait is held, before scaling. The solution's timeouts are a
   * thousand times shorter in these checks ({@code timeoutsShortenedBy}), so this outlasts any
   * timeout up to 8 minutes a learner would put on a wait for a commit: a wait that gives up at its
   * own limit gives up within it, on every run.
   */
  private static final long TIMED_HOLD_MILLIS = 500;

  /** Polls a millisecond apart that see an interrupted caller waiting again, flag cleared. */
  private static final int WAITING_AGAIN_POLLS = 25;

  @Test
  @Order(1)
  @DisplayName(
      "a save runs prepare, then the commit, then notify, each once, blocked while each runs,"
          + " and returns only after all three")
  void aSaveRunsPrepareThenCommitThenNotifyAndReturnsOnlyAfterAll(Savers savers)
      throws InterruptedException {
    ScriptedStore store = new ScriptedStore();
    Steps steps =
        store.script(
            Steps.of(
                new Entry("k1", "v1"), Outcome.PASS, true, Outcome.PASS, true, Outcome.PASS, true));
    Saver saver = open(savers, store);
    try {
      Call save = startSave(saver, steps);
      requireBlockedIn(save, steps.prepare(), steps);
      requireNotStarted(steps.commit(), "its prepare is still running", store);
      steps.prepare().release();
      requireBlockedIn(save, steps.commit(), steps);
      requireWaiting(save, "the commit of \"k1\" is still running");
      requireNoTimeLimit(save, "the commit of \"k1\" is still running");
      requireNotStarted(steps.announce(), "its commit is still running", store);
      steps.commit().release();
      requireBlockedIn(save, steps.announce(), steps);
      requireWaiting(save, "the notify of \"k1\" is still running");
      steps.announce().release();
      requireEndsNormally(save);
      requireOnce(steps.prepare());
      requireOnce(steps.commit());
      requireOnce(steps.announce());
      requireInOrder(store);
      awaitCommitsAndRequireNoThreadLeft(saver, List.of(steps));
    } finally {
      cleanUp(saver, List.of(steps));
    }
  }

  @Test
  @Order(2)
  @DisplayName(
      "interrupted during prepare, save throws InterruptedException, the prepare is cancelled and"
          + " no commit ever starts")
  void interruptedDuringPrepareNoCommitEverStarts(Savers savers) throws InterruptedException {
    ScriptedStore store = new ScriptedStore();
    Steps steps =
        store.script(
            Steps.of(
                new Entry("k1", "v1"),
                Outcome.PASS,
                true,
                Outcome.PASS,
                false,
                Outcome.PASS,
                false));
    Saver saver = open(savers, store);
    try {
      Call save = startSave(saver, steps);
      requireBlockedIn(save, steps.prepare(), steps);
      interruptAndRequireInterruptedException(save, steps.prepare(), steps);
      if (!steps.prepare().wasInterrupted() && !steps.prepare().hasEnded()) {
        throw Invariant.violated(
            "prepare is cancellable: an interrupted save stops its prepare",
            "the prepare of \"k1\" interrupted with the caller",
            "save threw InterruptedException but the prepare is still running: it runs on a thread"
                + " the caller's interrupt does not reach (only the commit belongs on such a"
                + " thread)");
      }
      // A prepare left running elsewhere would go on to a commit: let it, and see if it does.
      steps.releaseAll();
      awaitCommits(saver, "every step released");
      if (steps.commit().runs() > 0) {
        throw Invariant.violated(
            "a save cancelled during prepare never commits",
            "no commit of \"k1\"",
            "the commit ran "
                + steps.commit().runs()
                + " time(s) after save threw"
                + " InterruptedException in its prepare: the cancelled save still wrote its entry");
      }
      if (steps.announce().runs() > 0) {
        throw Invariant.violated(
            "a save cancelled during prepare announces nothing",
            "no notify of \"k1\"",
            "notify ran after save threw InterruptedException in its prepare");
      }
      requireCommitThreadsEnd(List.of(steps));
    } finally {
      cleanUp(saver, List.of(steps));
    }
  }

  @Test
  @Order(3)
  @DisplayName(
      "interrupted while the commit runs, save throws InterruptedException at once, and the commit"
          + " completes, in full and exactly once, when the check lets it; awaitCommits waits for"
          + " it")
  void interruptedDuringTheCommitSaveThrowsAtOnceAndTheCommitCompletesOnce(Savers savers)
      throws InterruptedException {
    boolean first = true;
    for (Outcome commitOutcome : Outcome.values()) {
      ScriptedStore store = new ScriptedStore();
      Steps steps =
          store.script(
              Steps.of(
                  new Entry("k-" + commitOutcome, "v1"),
                  Outcome.PASS,
                  false,
                  commitOutcome,
                  true,
                  Outcome.PASS,
                  false));
      Saver saver = open(savers, store);
      try {
        Call save = startSave(saver, steps);
        requireBlockedIn(save, steps.commit(), steps);
        requireWaiting(save, "the commit is still running");
        interruptAndRequireInterruptedException(save, steps.commit(), steps);
        requireCommitUntouched(steps, "save threw InterruptedException");
        if (steps.announce().runs() > 0) {
          throw Invariant.violated(
              "a save cancelled while its commit runs announces nothing",
              "no notify of " + key(steps),
              "notify ran though the commit had not completed");
        }
        // The owner now waits for the commit the cancelled save left running.
        AtomicBoolean commitEndedAtReturn = new AtomicBoolean();
        Call await =
            Call.start(
                "awaitCommits()",
                () -> {
                  saver.awaitCommits();
                  commitEndedAtReturn.set(steps.commit().hasEnded());
                });
        requireWaiting(await, "the commit of the cancelled save is still running");
        if (first) {
          requireNoTimeLimit(await, "the commit of the cancelled save is still running");
          first = false;
        }
        requireCommitUntouched(steps, "awaitCommits() began to wait");
        steps.commit().release();
        requireEndsNormally(await);
        if (!commitEndedAtReturn.get()) {
          throw Invariant.violated(
              "awaitCommits returns only once every commit started has ended",
              "the commit of " + key(steps) + " ended when awaitCommits() returned",
              "it was still running when awaitCommits() returned");
        }
        if (steps.commit().runs() != 1 || steps.commit().wasInterrupted()) {
          throw Invariant.violated(
              "a commit completes exactly once, in full",
              "one uninterrupted run of the commit of " + key(steps),
              describeRuns(steps.commit()));
        }
        if (commitOutcome == Outcome.PASS && steps.commit().completions() != 1) {
          throw Invariant.violated(
              "a commit completes in full",
              "the commit of " + key(steps) + " completed",
              describeRuns(steps.commit()));
        }
        if (steps.announce().runs() > 0) {
          throw Invariant.violated(
              "a save cancelled while its commit runs announces nothing",
              "no notify of " + key(steps),
              "notify ran after the commit completed in the background: the"
                  + " caller was cancelled, so nobody is to be told on its behalf");
        }
        requireCommitThreadsEnd(List.of(steps));
      } finally {
        cleanUp(saver, List.of(steps));
      }
    }
  }

  @Test
  @Order(4)
  @DisplayName(
      "interrupted during notify, save throws InterruptedException, the notify is cancelled and the"
          + " commit stands")
  void interruptedDuringNotifyTheCommitStands(Savers savers) throws InterruptedException {
    ScriptedStore store = new ScriptedStore();
    Steps steps =
        store.script(
            Steps.of(
                new Entry("k1", "v1"),
                Outcome.PASS,
                false,
                Outcome.PASS,
                false,
                Outcome.PASS,
                true));
    Saver saver = open(savers, store);
    try {
      Call save = startSave(saver, steps);
      requireBlockedIn(save, steps.announce(), steps);
      interruptAndRequireInterruptedException(save, steps.announce(), steps);
      if (!steps.announce().wasInterrupted() && !steps.announce().hasEnded()) {
        throw Invariant.violated(
            "notify is cancellable: an interrupted save stops its notify",
            "the notify of \"k1\" interrupted with the caller",
            "save threw InterruptedException but the notify is still running: it runs on a thread"
                + " the caller's interrupt does not reach (only the commit belongs on such a"
                + " thread)");
      }
      if (steps.commit().runs() != 1
          || steps.commit().completions() != 1
          || steps.commit().wasInterrupted()) {
        throw Invariant.violated(
            "interrupted during notify, the commit stands",
            "the commit of \"k1\" completed once",
            describeRuns(steps.commit()));
      }
      steps.releaseAll();
      awaitCommitsAndRequireNoThreadLeft(saver, List.of(steps));
      if (steps.commit().runs() != 1) {
        throw Invariant.violated(
            "a commit runs exactly once",
            "one run of the commit of \"k1\"",
            describeRuns(steps.commit()));
      }
    } finally {
      cleanUp(saver, List.of(steps));
    }
  }

  @Test
  @Order(5)
  @DisplayName(
      "interrupted while it waits, awaitCommits throws InterruptedException at once and the commit"
          + " goes on, never interrupted; called again, it waits for the commit")
  void awaitCommitsIsCancellableAndNeverInterruptsACommit(Savers savers)
      throws InterruptedException {
    ScriptedStore store = new ScriptedStore();
    Steps steps =
        store.script(
            Steps.of(
                new Entry("k1", "v1"),
                Outcome.PASS,
                false,
                Outcome.PASS,
                true,
                Outcome.PASS,
                false));
    Saver saver = open(savers, store);
    try {
      Call save = startSave(saver, steps);
      requireBlockedIn(save, steps.commit(), steps);
      interruptAndRequireInterruptedException(save, steps.commit(), steps);
      Call await = Call.start("awaitCommits()", saver::awaitCommits);
      requireWaiting(await, "the commit of the cancelled save is still running");
      interruptAndRequireInterruptedException(await, steps.commit(), steps);
      requireCommitUntouched(steps, "awaitCommits() threw InterruptedException");
      Call again = Call.start("awaitCommits() called again", saver::awaitCommits);
      requireWaiting(again, "the commit of the cancelled save is still running");
      steps.commit().release();
      requireEndsNormally(again);
      if (steps.commit().runs() != 1
          || steps.commit().completions() != 1
          || steps.commit().wasInterrupted()) {
        throw Invariant.violated(
            "a commit completes exactly once, in full, whoever is interrupted",
            "one uninterrupted, completed run of the commit of \"k1\"",
            describeRuns(steps.commit()));
      }
      requireCommitThreadsEnd(List.of(steps));
    } finally {
      cleanUp(saver, List.of(steps));
    }
  }

  @Test
  @Order(6)
  @DisplayName(
      "a step that fails (RuntimeException or Error) ends the save with that very failure, and the"
          + " steps after it never run")
  void failuresInEachStepEndTheSaveWithThatVeryFailure(Savers savers) throws InterruptedException {
    for (int step = 0; step < 3; step++) {
      for (Outcome kind : List.of(Outcome.FAIL_RUNTIME, Outcome.FAIL_ERROR)) {
        ScriptedStore store = new ScriptedStore();
        Entry entry = new Entry("k" + step + "-" + kind, "v");
        Steps steps =
            store.script(
                Steps.of(
                    entry,
                    step == 0 ? kind : Outcome.PASS,
                    false,
                    step == 1 ? kind : Outcome.PASS,
                    false,
                    step == 2 ? kind : Outcome.PASS,
                    false));
        Saver saver = open(savers, store);
        try {
          Call save = startSave(saver, steps);
          requireEndsAsScripted(save, steps);
          awaitCommitsAndRequireNoThreadLeft(saver, List.of(steps));
          requireStepCounts(steps, store);
        } finally {
          cleanUp(saver, List.of(steps));
        }
      }
    }
  }

  @Test
  @Order(7)
  @DisplayName(
      "saves from several threads at once: every commit starts while the others run, and each save"
          + " ends as its steps do, whatever order the commits finish in")
  void concurrentSavesCommitAtOnceAndEachEndsAsScripted(Savers savers) {
    PropertyChecks.forAll(
        4,
        integers().between(2, 4),
        integers().all(),
        (n, seed) -> {
          Random random = new Random(seed);
          Outcome[] outcomes = Outcome.values();
          ScriptedStore store = new ScriptedStore();
          List<Steps> all = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            // Mostly passing steps, so most saves reach their commit; any step may fail.
            Outcome prepare =
                random.nextInt(4) == 0 ? outcomes[1 + random.nextInt(2)] : Outcome.PASS;
            Outcome commit = outcomes[random.nextInt(outcomes.length)];
            Outcome notify =
                random.nextInt(3) == 0 ? outcomes[1 + random.nextInt(2)] : Outcome.PASS;
            all.add(
                store.script(
                    Steps.of(
                        new Entry("k" + (i + 1), "v" + i),
                        prepare,
                        false,
                        commit,
                        true,
                        notify,
                        false)));
          }
          Saver saver = open(savers, store);
          try {
            List<Call> calls = new ArrayList<>();
            for (Steps steps : all) {
              calls.add(startSave(saver, steps));
            }
            List<Integer> committing = new ArrayList<>();
            for (int i = 0; i < n; i++) {
              Steps steps = all.get(i);
              if (steps.prepare().outcome == Outcome.PASS) {
                committing.add(i);
                if (!steps.commit().awaitStarted(WAIT_MILLIS)) {
                  long held = all.stream().filter(s -> s.commit().hasStarted()).count();
                  throw Invariant.violated(
                      "commits of different saves do not wait for each other",
                      "the commit of "
                          + key(steps)
                          + " started while "
                          + held
                          + " other commit(s) run",
                      "it did not start "
                          + Patience.howItEnded()
                          + ": it waits in a queue"
                          + " behind the running commits (a single shield thread?)");
                }
              } else {
                requireEndsAsScripted(calls.get(i), steps);
              }
            }
            Collections.shuffle(committing, random);
            for (int i : committing) {
              all.get(i).commit().release();
              requireEndsAsScripted(calls.get(i), all.get(i));
            }
            awaitCommitsAndRequireNoThreadLeft(saver, all);
            for (Steps steps : all) {
              requireStepCounts(steps, store);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
          } finally {
            cleanUp(saver, all);
          }
        });
  }

  // ---------------------------------------------------------------- helpers

  private static Saver open(Savers savers, ScriptedStore store) {
    Saver saver = savers.open(store, store);
    if (saver == null) {
      throw Invariant.violated("open gives a new saver", "a saver", "open returned null");
    }
    return saver;
  }

  private static Call startSave(Saver saver, Steps steps) {
    return Call.start("save(" + key(steps) + ")", () -> saver.save(steps.entry()));
  }

  private static String key(Steps steps) {
    return "\"" + steps.entry().key() + "\"";
  }

  /** Wait until {@code step} runs and is blocked on its latch, with its thread seen waiting. */
  private static void requireBlockedIn(Call call, HeldStep step, Steps steps)
      throws InterruptedException {
    long deadline =
        System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(WAIT_MILLIS));
    int polls = 0;
    while (polls < Threads.STABLE_POLLS) {
      Thread thread = step.thread();
      polls = step.isWaiting() && thread != null && Threads.isWaiting(thread) ? polls + 1 : 0;
      if (polls == 0 && call.isDone() && !step.hasStarted()) {
        throw Invariant.violated(
            "save runs prepare, then the commit, then notify",
            step + " runs",
            call.doing() + " without ever running " + step + whatRan(steps));
      }
      if (System.nanoTime() > deadline) {
        throw Invariant.violated(
            "save runs prepare, then the commit, then notify",
            step + " running",
            step.hasStarted()
                ? step
                    + " started but is not blocked on the check's latch ("
                    + (thread == null ? "no thread" : thread.getState())
                    + ")"
                : step
                    + " did not start within "
                    + TimeScale.millis(WAIT_MILLIS)
                    + " ms; "
                    + call.doing()
                    + whatRan(steps));
      }
      Thread.sleep(1);
    }
  }

  private static String whatRan(Steps steps) {
    return " (prepare ran "
        + steps.prepare().runs()
        + " time(s), commit "
        + steps.commit().runs()
        + ", notify "
        + steps.announce().runs()
        + ")";
  }

  private static void requireNotStarted(HeldStep step, String why, ScriptedStore store) {
    if (step.hasStarted()) {
      throw Invariant.violated(
          "each step of a save starts only once the one before has ended",
          step + " not started while " + why,
          step + " started" + (store.misuse() == null ? "" : ": " + store.misuse()));
    }
  }

  /** The call must be blocked, not returned, not spinning. */
  private static void requireWaiting(Call call, String why) {
    Threads.Seen seen = Threads.awaitWaiting(call.thread(), WAIT_MILLIS, () -> !call.isDone());
    if (call.isDone() || seen == Threads.Seen.ENDED) {
      throw Invariant.violated(
          call + " waits while " + why, call + " still waiting", call.doing() + " while " + why);
    }
    if (seen == Threads.Seen.NEVER_WAITED) {
      throw Invariant.violated(
          call + " waits by blocking",
          call + " blocked while " + why,
          "its thread was never seen waiting in "
              + TimeScale.millis(WAIT_MILLIS)
              + " ms ("
              + call.thread().getState()
              + "): it spins instead of blocking");
    }
  }

  /**
   * A caller seen TIMED_WAITING may be polling, which is fine, or may give up at its limit, which
   * the contract forbids. Only then, the step stays held past any timeout a learner would pick and
   * the call must still be waiting. An untimed wait (or ExecutorService.close()'s day-long slices)
   * is not held at all.
   */
  private static void requireNoTimeLimit(Call call, String why) throws InterruptedException {
    if (call.thread().getState() != Thread.State.TIMED_WAITING || inJdkClose(call.thread())) {
      return;
    }
    if (call.awaitDone(TIMED_HOLD_MILLIS)) {
      throw Invariant.violated(
          call + " waits as long as the commits take: there is no time limit",
          call + " still waiting after " + TimeScale.millis(TIMED_HOLD_MILLIS) + " ms while " + why,
          call.doing() + " after a timed wait: it gave up at its own time limit");
    }
  }

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
   * Interrupt the call while {@code step} is held, and require InterruptedException promptly. A
   * call that goes back to waiting with its flag cleared while the step is still held is named at
   * once.
   */
  private static void interruptAndRequireInterruptedException(Call call, HeldStep step, Steps steps)
      throws InterruptedException {
    String invariant = "an interrupted " + call + " throws InterruptedException at once";
    call.thread().interrupt();
    long deadline =
        System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(WAIT_MILLIS));
    int waitingAgain = 0;
    while (!call.isDone()) {
      Thread thread = call.thread();
      waitingAgain =
          !thread.isInterrupted() && Threads.isWaiting(thread) && !step.hasEnded()
              ? waitingAgain + 1
              : 0;
      if (waitingAgain >= WAITING_AGAIN_POLLS || System.nanoTime() > deadline) {
        throw Invariant.violated(
            invariant,
            call + " throws InterruptedException while " + step + " is still" + " running",
            "it took the interrupt and went on waiting ("
                + thread.getState()
                + ")"
                + (step == steps.commit()
                    ? ": the caller must stop waiting for the commit, not for the commit"
                        + " to finish; the commit is shielded, the caller is not"
                    : ": the interrupt was swallowed"));
      }
      Thread.sleep(1);
    }
    call.awaitDone(WAIT_MILLIS); // its thread ends too
    Throwable thrown = call.thrown();
    if (thrown instanceof InterruptedException) {
      return;
    }
    if (step.wasInterrupted() && step == steps.commit()) {
      throw commitInterrupted(steps, call);
    }
    if (thrown == null) {
      throw Invariant.violated(
          invariant,
          "InterruptedException",
          call.flagAtEnd()
              ? "it returned normally with the interrupt flag set: its caller cannot tell a"
                  + " cancelled save from a completed one"
              : "it returned normally with the interrupt flag cleared: the interrupt was swallowed,"
                  + " and the caller never learns it was cancelled");
    }
    throw Invariant.violated(
        invariant,
        "InterruptedException",
        "it threw "
            + thrown
            + (thrown.getCause() instanceof InterruptedException
                ? " (wrapping the InterruptedException: throw it" + " as itself)"
                : ""));
  }

  private static AssertionError commitInterrupted(Steps steps, Call caller) {
    Thread thread = steps.commit().thread();
    boolean onCaller =
        thread != null
            && (caller != null
                ? thread == caller.thread()
                : thread.getName().startsWith("caller of "));
    String how =
        onCaller
            ? "it ran on the caller's own thread, so the caller's interrupt aborted it half done"
            : "the thread running it (\""
                + (thread == null ? "?" : thread.getName())
                + "\") was interrupted: cancel(true), shutdownNow() or ExecutorService.close() on"
                + " the shield aborts the commit half done";
    return Invariant.violated(
        "nothing ever interrupts a commit", "the commit of " + key(steps) + " left to finish", how);
  }

  /** The held commit must still be running: one run, never interrupted. */
  private static void requireCommitUntouched(Steps steps, String when) {
    HeldStep commit = steps.commit();
    if (commit.wasInterrupted()) {
      throw commitInterrupted(steps, null);
    }
    if (commit.runs() != 1) {
      throw Invariant.violated(
          "a commit runs exactly once",
          "one run of the commit of " + key(steps) + " when " + when,
          describeRuns(commit)
              + (commit.runs() > 1
                  ? ": the commit was submitted again"
                      + " (a retry?) while the first one was still running"
                  : ""));
    }
    if (commit.hasEnded()) {
      throw Invariant.violated(
          "a commit completes only when the check lets it",
          "the commit of " + key(steps) + " still held when " + when,
          describeRuns(commit));
    }
  }

  private static String describeRuns(HeldStep step) {
    return step
        + " ran "
        + step.runs()
        + " time(s), completed "
        + step.completions()
        + " time(s)"
        + (step.wasInterrupted() ? ", and was interrupted half done" : "");
  }

  private static void requireEndsNormally(Call call) throws InterruptedException {
    if (!call.awaitDone(WAIT_MILLIS)) {
      throw Invariant.violated(
          call + " returns once what it waits for has ended",
          call + " returned",
          call.doing() + ", not done " + Patience.howItEnded());
    }
    if (call.thrown() != null) {
      throw Invariant.violated(
          call + " returns normally when every step passes",
          call + " returned",
          "it threw " + call.thrown());
    }
  }

  /**
   * The save must end the way its scripted steps say, with the very failure of the failing step.
   */
  private static void requireEndsAsScripted(Call call, Steps steps) throws InterruptedException {
    if (!call.awaitDone(WAIT_MILLIS)) {
      throw Invariant.violated(
          "a save ends when its steps have ended",
          call + " ended",
          call.doing() + ", not done " + Patience.howItEnded() + whatRan(steps));
    }
    HeldStep failing =
        steps.prepare().failure != null
            ? steps.prepare()
            : steps.commit().failure != null
                ? steps.commit()
                : steps.announce().failure != null ? steps.announce() : null;
    Throwable thrown = call.thrown();
    if (failing == null) {
      if (thrown != null) {
        throw Invariant.violated(
            "a save whose steps all pass returns normally",
            call + " returned",
            "it threw " + thrown);
      }
      return;
    }
    if (thrown != failing.failure) {
      String observed =
          thrown == null
              ? "it returned normally: the failure was lost"
              : "it threw "
                  + thrown
                  + (causedBy(thrown, failing.failure)
                      ? ", wrapping it: rethrow the cause" + " of the ExecutionException as itself"
                      : "");
      throw Invariant.violated(
          "a step that fails ends the save with that very failure, not wrapped",
          failing.failure.getClass().getSimpleName()
              + " \""
              + failing.failure.getMessage()
              + "\" itself",
          observed);
    }
  }

  private static boolean causedBy(Throwable thrown, Throwable expected) {
    for (Throwable t = thrown.getCause(); t != null; t = t.getCause()) {
      if (t == expected) {
        return true;
      }
    }
    return false;
  }

  /** After a save ended: each step ran once or never, as the steps before it decide. */
  private static void requireStepCounts(Steps steps, ScriptedStore store) {
    requireInOrder(store);
    boolean prepared = steps.prepare().outcome == Outcome.PASS;
    boolean committed = prepared && steps.commit().outcome == Outcome.PASS;
    requireRuns(steps.prepare(), 1, "every save prepares its entry once");
    requireRuns(
        steps.commit(),
        prepared ? 1 : 0,
        prepared ? "a commit runs exactly once" : "a save whose prepare failed never commits");
    requireRuns(
        steps.announce(),
        committed ? 1 : 0,
        committed
            ? "a committed entry is announced once"
            : "a save whose commit did not complete announces nothing");
    if (steps.commit().wasInterrupted()) {
      throw commitInterrupted(steps, null);
    }
  }

  private static void requireRuns(HeldStep step, int expected, String invariant) {
    if (step.runs() != expected) {
      throw Invariant.violated(
          invariant, step + " run " + expected + " time(s)", describeRuns(step));
    }
  }

  private static void requireOnce(HeldStep step) {
    if (step.runs() != 1 || step.completions() != 1) {
      throw Invariant.violated(
          "each step of a save runs once and completes",
          step + " completed once",
          describeRuns(step));
    }
  }

  private static void requireInOrder(ScriptedStore store) {
    if (store.misuse() != null) {
      throw Invariant.violated(
          "each step of a save starts only once the one before has ended normally",
          "prepare, then commit, then notify",
          store.misuse());
    }
  }

  private static void awaitCommits(Saver saver, String when) throws InterruptedException {
    Call await = Call.start("awaitCommits()", saver::awaitCommits);
    if (!await.awaitDone(WAIT_MILLIS)) {
      throw Invariant.violated(
          "awaitCommits returns once every commit started has ended",
          "awaitCommits() returned, " + when,
          await.doing() + ", not done " + Patience.howItEnded());
    }
    if (await.thrown() != null) {
      throw Invariant.violated(
          "awaitCommits reports no commit's failure",
          "awaitCommits() returned",
          "it threw " + await.thrown());
    }
  }

  private static void awaitCommitsAndRequireNoThreadLeft(Saver saver, List<Steps> all)
      throws InterruptedException {
    awaitCommits(saver, "every save having ended");
    requireCommitThreadsEnd(all);
  }

  /** Every thread that ran a commit must end soon after awaitCommits returned. */
  private static void requireCommitThreadsEnd(List<Steps> all) throws InterruptedException {
    Set<Thread> threads = new LinkedHashSet<>();
    for (Steps steps : all) {
      Thread thread = steps.commit().thread();
      if (thread != null && !thread.getName().startsWith("caller of ")) {
        threads.add(thread);
      }
    }
    List<Thread> alive = Threads.awaitEnded(threads, WAIT_MILLIS);
    if (!alive.isEmpty()) {
      Thread thread = alive.getFirst();
      throw Invariant.violated(
          "no thread of the saver is left after awaitCommits",
          "the thread that ran a commit ends",
          "\""
              + thread.getName()
              + "\" still alive ("
              + thread.getState()
              + ") after awaitCommits() returned"
              + (Threads.idlePoolWorker(thread)
                  ? ", idle in the queue of its pool: the shield's pool was never shut down"
                  : ", "
                      + TimeScale.millis(WAIT_MILLIS)
                      + " ms later: the shield's threads were never shut down"));
    }
  }

  /**
   * Release every step and let the saver's threads end, so a failed check leaves nothing behind.
   */
  private static void cleanUp(Saver saver, List<Steps> all) {
    all.forEach(Steps::releaseAll);
    boolean interrupted = Thread.interrupted();
    try {
      Call await = Call.start("awaitCommits() after the check", saver::awaitCommits);
      await.awaitDone(WAIT_MILLIS);
    } catch (InterruptedException e) {
      interrupted = true;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

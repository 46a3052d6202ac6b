package dev.kata.puzzles.p15;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.kata.api.check.CallGate;
import dev.kata.api.check.Futures;
import dev.kata.api.check.InFlightCounter;
import dev.kata.api.check.Invariant;
import dev.kata.api.check.PropertyChecks;
import dev.kata.api.check.PuzzleChecks;
import dev.kata.api.check.Threads;
import dev.kata.api.check.TimeScale;
import dev.kata.api.check.Timeline;
import dev.kata.puzzles.p15.Caller.Moment;
import dev.kata.puzzles.p15.Caller.Policy;
import dev.kata.puzzles.p15.Task.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The checks of puzzle 15.
 *
 * <p>Every task is a {@link Task}: it blocks on a latch until the check releases it, so the check
 * decides which task succeeds or fails and in which order they finish; a task that must be
 * cancelled blocks until interrupted. Each call is made by a {@link Caller}, a thread of its own,
 * so that the check can see the caller wait, interrupt it, and capture the state at the very moment
 * the call returns: which tasks had ended, how many were in flight (an {@link InFlightCounter}
 * entered on a task's first line and left at the end of its {@code finally}), and the caller's
 * interrupt flag. A cancelled task does not finish its {@code finally} until the caller has
 * returned or is seen waiting, so a policy that returns without waiting for its cancelled tasks is
 * caught on every run, not when the scheduler happens to allow it. No check waits for a timer of
 * its own: the bounds below are reached only by a wrong solution.
 *
 * <h2>Contract audit: each sentence of {@link FailurePolicies}, {@link Outcome} and the starter's
 * GOAL, and its check</h2>
 *
 * <table>
 *   <caption>contract sentence, check</caption>
 *   <tr><td>both: start every task at once, each in a thread of its own, never the caller's</td>
 *       <td>{@code requireAllStarted} in every check: every task starts while all are held, none on
 *       the caller's thread, no two on the same thread</td></tr>
 *   <tr><td>both: wait by blocking, with no time limit</td><td>{@code requireWaiting} (the caller
 *       seen parked, not sleeping, not spinning, on several polls in a row) in every check; {@link
 *       #failFastReturnsResultsInInputOrder} and {@link #collectAllRunsEveryTaskToItsEnd}: a caller
 *       seen in a timed wait (other than the JDK's {@code ExecutorService.close}) is held {@value
 *       #TIMED_HOLD_MILLIS} ms more and must still wait</td></tr>
 *   <tr><td>both: return, normally or by throwing, only when every task has ended, finally blocks
 *       included</td><td>{@code requireEndedAtReturn} in every check: every task's {@code finally}
 *       had ended and the in-flight count was 0 at the moment of return (cancelled tasks' cleanups are
 *       held until the caller returns or waits)</td></tr>
 *   <tr><td>both: the tasks respond to interruption, sometimes with an exception their cleanup
 *       raised</td><td>the {@link Task} kinds HANG and FAILS_WHEN_CANCELLED</td></tr>
 *   <tr><td>both: the caller interrupted while waiting: cancel every task, keep waiting until every
 *       task has ended even if interrupted again, throw InterruptedException</td><td>{@link
 *       #failFastInterruptedCancelsWaitsAndThrows}, {@link
 *       #collectAllInterruptedCancelsWaitsAndThrows}: the cleanups gated by the check, the caller
 *       interrupted twice; the call must not return before the gates open</td></tr>
 *   <tr><td>both: failFast after a failure may throw its ExecutionException with the flag set; an
 *       interrupt is never lost</td><td>{@link #failFastKeepsTheInterruptWhileCancelledTasksEnd}</td></tr>
 *   <tr><td>failFast 1: all succeed, results in input order whatever order they finished in</td>
 *       <td>{@link #failFastReturnsResultsInInputOrder} (released in reverse order), the property;
 *       two results that end at the same instant: {@link
 *       #twoTasksThatEndTogetherNeverShareAnUnsafeCollection}, as for collectAll 2 below</td></tr>
 *   <tr><td>failFast 2: a failure of any kind (checked, RuntimeException, Error) cancels every other
 *       task still running by interrupting it, at once</td><td>{@link
 *       #failFastThrowsTheFirstFailureAtOnceAndCancelsTheRest} for the three kinds, with blocked
 *       siblings before and after the failing task (they block until interrupted: a policy that waits
 *       for them to finish on their own never returns); a failure of the last task to finish; the
 *       property</td></tr>
 *   <tr><td>failFast 3: ExecutionException whose cause is the first failure in time, the very
 *       exception; not the first in the list, not the last</td><td>{@link
 *       #failFastThrowsTheFirstFailureAtOnceAndCancelsTheRest}, {@link
 *       #failFastKeepsLaterFailuresAsSuppressed} (a task earlier in the list fails later, with an
 *       exception of its own), the property</td></tr>
 *   <tr><td>failFast 4: later failures that are not InterruptedException are added with
 *       addSuppressed</td><td>{@link #failFastKeepsLaterFailuresAsSuppressed}: the cleanup's
 *       exception is suppressed, and the InterruptedException of the task failFast cancelled is
 *       not</td></tr>
 *   <tr><td>collectAll 1: a failure cancels nothing; every other task runs to its end</td><td>{@link
 *       #collectAllRunsEveryTaskToItsEnd}: after each failure (checked, Error, RuntimeException) the
 *       caller still waits and no task was interrupted; the property</td></tr>
 *   <tr><td>collectAll 2: results of the tasks that succeeded in input order; failures in input order
 *       with their index and the very exception</td><td>{@link #collectAllRunsEveryTaskToItsEnd}
 *       (finishing order unlike the input order), the property. Outcomes of two tasks that end at
 *       the same instant: {@link #twoTasksThatEndTogetherNeverShareAnUnsafeCollection}, through a {@link
 *       CallGate} that holds the first task's thread just before each of its changes of a
 *       collection that is not thread-safe (a HashMap, an ArrayList) in turn, while the second task
 *       ends: its thread reaching the same collection proves nothing keeps them apart, on every run
 *       (a lock the held thread holds keeps it out; a concurrent map, an array slot or a Future is
 *       not gated)</td></tr>
 *   <tr><td>Outcome: lists copied, a failure has its exception</td><td>the record's own compact
 *       constructors</td></tr>
 *   <tr><td>GOAL "side by side, the same batch": the property runs each generated batch under both
 *       policies</td><td>{@link #generatedBatchesKeepEveryRule}</td></tr>
 * </table>
 *
 * <p>Not caught on every run, because no check code runs on a task's thread after its code
 * returned: a policy that returns when every task's code has finished but before the threads
 * themselves have ended. kata's thread-leak guard after each check catches threads that stay.
 */
// The run limit is raised: each scenario starts real threads for the caller and every task, about
// forty in all, and on a loaded 2-core machine a correct solution's run took 40 s of the default
// 60.
@PuzzleChecks(timeLimitSeconds = 30, runLimitSeconds = 120, timeoutsShortenedBy = 1000)
public class FailFastVsCollectChecks {

  /** How long a correct solution may take, at most, to do something it must do at once. */
  private static final long PROMPT_MILLIS = 2_000;

  /** How long a task's thread may take to start, on a loaded machine. */
  private static final long START_MILLIS = 3_000;

  /** How long a task is held when the caller waits with a timeout, to see whether it gives up. */
  // The solution's timeouts are a thousand times shorter here (timeoutsShortenedBy): this hold
  // outlasts any "safety net" timeout up to 8 minutes, on every run, and costs a correct timed
  // wait (one that waits again) half a second, not ten.
  private static final long TIMED_HOLD_MILLIS = 500;

  /**
   * How many changes of a collection that is not thread-safe a task's thread is held at, one run
   * each, at most: storing an outcome takes one or two.
   */
  private static final int MAX_TASK_CHANGES = 4;

  @Test
  @Order(1)
  @DisplayName(
      "failFast: every task runs at once; it waits for the last and returns the results in input"
          + " order")
  void failFastReturnsResultsInInputOrder(FailurePolicies solution) throws InterruptedException {
    Scenario s = new Scenario(solution, Policy.FAIL_FAST, Kind.VALUE, Kind.VALUE, Kind.VALUE);
    try {
      s.start();
      // Finish in reverse order: the call must wait for task 0, the first in the list and the last
      // to end, and still give the results in input order.
      for (int i = s.tasks.size() - 1; i >= 1; i--) {
        s.tasks.get(i).release();
        requireEnds(s.tasks.get(i), s.timeline);
        requireWaiting(
            s.caller,
            "task 0 is still running (tasks " + (s.tasks.size() - 1) + ".." + i + " have finished)",
            s.timeline);
      }
      requireNoTimeLimit(s.caller, "task 0", s.timeline);
      s.tasks.get(0).release();
      Moment moment = requireReturned(s.caller, "every task has returned its value", s.timeline);
      requireEndedAtReturn(moment, s.tasks, s.caller, s.timeline);
      requireResults(moment, s.tasks, s.timeline);
      requireFlagUntouched(moment, s.caller);
      requireRanOnce(s.tasks);
    } finally {
      s.cleanup();
    }
  }

  @Test
  @Order(2)
  @DisplayName(
      "failFast: a failure (checked, RuntimeException, Error) interrupts the blocked tasks at once"
          + " and is thrown once they have ended")
  void failFastThrowsTheFirstFailureAtOnceAndCancelsTheRest(FailurePolicies solution)
      throws InterruptedException {
    for (Kind kind : List.of(Kind.CHECKED, Kind.RUNTIME, Kind.ERROR)) {
      Scenario s = new Scenario(solution, Policy.FAIL_FAST, Kind.HANG, kind, Kind.VALUE, Kind.HANG);
      try {
        s.start();
        Task value = s.tasks.get(2);
        value.release();
        requireEnds(value, s.timeline);
        requireWaiting(s.caller, "tasks 0, 1 and 3 are still running", s.timeline);
        Task failing = s.tasks.get(1);
        failing.release();
        requireSiblingsCancelled(s.tasks, failing, s.caller, s.timeline);
        Moment moment =
            requireReturned(
                s.caller,
                "the failed task's siblings were interrupted and" + " have ended",
                s.timeline);
        requireEndedAtReturn(moment, s.tasks, s.caller, s.timeline);
        requireFailure(moment, failing, s.tasks, s.timeline);
        requireFlagUntouched(moment, s.caller);
      } finally {
        s.cleanup();
      }
    }
    // The last task to finish fails: nothing is left to cancel, and it is still a failure.
    Scenario s = new Scenario(solution, Policy.FAIL_FAST, Kind.VALUE, Kind.RUNTIME, Kind.VALUE);
    try {
      s.start();
      for (int i : List.of(2, 0)) {
        s.tasks.get(i).release();
        requireEnds(s.tasks.get(i), s.timeline);
      }
      requireWaiting(s.caller, "task 1 is still running", s.timeline);
      s.tasks.get(1).release();
      Moment moment =
          requireReturned(s.caller, "every task has ended, the last by failing", s.timeline);
      requireEndedAtReturn(moment, s.tasks, s.caller, s.timeline);
      requireFailure(moment, s.tasks.get(1), s.tasks, s.timeline);
    } finally {
      s.cleanup();
    }
  }

  @Test
  @Order(3)
  @DisplayName(
      "failFast: the cause is the first failure in time; a later failure of a cancelled task's"
          + " cleanup is suppressed, not lost")
  void failFastKeepsLaterFailuresAsSuppressed(FailurePolicies solution)
      throws InterruptedException {
    Scenario s =
        new Scenario(
            solution, Policy.FAIL_FAST, Kind.FAILS_WHEN_CANCELLED, Kind.RUNTIME, Kind.HANG);
    try {
      s.start();
      requireWaiting(s.caller, "every task is still running", s.timeline);
      Task first = s.tasks.get(1);
      Task later = s.tasks.get(0);
      first.release();
      requireSiblingsCancelled(s.tasks, first, s.caller, s.timeline);
      // its cleanup now fails with an exception of its own, after the first failure
      later.release();
      Moment moment = requireReturned(s.caller, "every task has ended", s.timeline);
      requireEndedAtReturn(moment, s.tasks, s.caller, s.timeline);
      requireFailure(moment, first, s.tasks, s.timeline);
      Throwable[] suppressed = moment.thrown().getSuppressed();
      if (Arrays.stream(suppressed).noneMatch(t -> t == later.failure())) {
        throw Invariant.violated(
            "a later failure that is not an InterruptedException is added to the"
                + " ExecutionException with addSuppressed",
            "suppressed: " + later.failure(),
            suppressed.length == 0
                ? "nothing suppressed: "
                    + later.name()
                    + "'s cleanup failed after "
                    + first.name()
                    + " and its exception was lost"
                : "suppressed " + Arrays.toString(suppressed) + ", without " + later.name() + "'s",
            s.timeline.render());
      }
      // Task 2 blocked until interrupted: its InterruptedException is the cancellation the policy
      // asked for, not a failure to report.
      List<Throwable> interrupts =
          Arrays.stream(suppressed).filter(t -> t instanceof InterruptedException).toList();
      if (!interrupts.isEmpty()) {
        throw Invariant.violated(
            "only a later failure that is not an InterruptedException is added with addSuppressed",
            "suppressed: " + later.failure() + ", and no InterruptedException",
            "suppressed "
                + Arrays.toString(suppressed)
                + ": the InterruptedException thrown by a task that failFast cancelled itself is"
                + " reported as a failure; skip InterruptedException when adding the later"
                + " failures (catch it, or test instanceof, before addSuppressed)",
            s.timeline.render());
      }
    } finally {
      s.cleanup();
    }
  }

  @Test
  @Order(4)
  @DisplayName(
      "failFast: the caller interrupted: every task is interrupted and has ended, even if"
          + " interrupted again, then InterruptedException")
  void failFastInterruptedCancelsWaitsAndThrows(FailurePolicies solution)
      throws InterruptedException {
    requireInterruptedCallCancelsWaitsAndThrows(solution, Policy.FAIL_FAST);
  }

  @Test
  @Order(5)
  @DisplayName(
      "failFast: interrupted while cancelled tasks clean up, it keeps waiting for their end and"
          + " keeps the interrupt")
  void failFastKeepsTheInterruptWhileCancelledTasksEnd(FailurePolicies solution)
      throws InterruptedException {
    Scenario s = new Scenario(solution, Policy.FAIL_FAST, Kind.RUNTIME, Kind.HANG);
    Task failing = s.tasks.get(0);
    Task cancelled = s.tasks.get(1).gateCleanup();
    try {
      s.start();
      requireWaiting(s.caller, "every task is still running", s.timeline);
      failing.release();
      requireSiblingsCancelled(s.tasks, failing, s.caller, s.timeline);
      String cleaning =
          cancelled.name() + " was cancelled and still runs its cleanup (held by the" + " check)";
      requireWaiting(s.caller, cleaning, s.timeline);
      s.caller.thread().interrupt();
      requireInterruptHandled(s.caller);
      requireWaiting(
          s.caller, cleaning + ", and the caller was interrupted while it waited", s.timeline);
      cancelled.openCleanup();
      Moment moment = requireReturned(s.caller, "the cancelled task has ended", s.timeline);
      requireEndedAtReturn(moment, s.tasks, s.caller, s.timeline);
      boolean kept =
          moment.thrown() instanceof InterruptedException
              || (moment.thrown() instanceof ExecutionException && moment.flagAfter());
      if (!kept) {
        throw Invariant.violated(
            "an interrupt of the caller is never lost",
            "InterruptedException, or the ExecutionException with the caller's interrupt flag set",
            (moment.thrown() == null ? "failFast returned normally" : "it threw " + moment.thrown())
                + " with the interrupt flag cleared: the interrupt was swallowed. Catch it, keep"
                + " waiting, then Thread.currentThread().interrupt() (ExecutorService.close() does"
                + " exactly that)",
            s.timeline.render());
      }
      if (moment.thrown() instanceof ExecutionException) {
        requireFailure(moment, failing, s.tasks, s.timeline);
      }
    } finally {
      s.cleanup();
    }
  }

  @Test
  @Order(6)
  @DisplayName(
      "collectAll: failures (checked, Error, RuntimeException) cancel nothing; every result and"
          + " every failure, in input order")
  void collectAllRunsEveryTaskToItsEnd(FailurePolicies solution) throws InterruptedException {
    Scenario s =
        new Scenario(
            solution,
            Policy.COLLECT_ALL,
            Kind.VALUE,
            Kind.CHECKED,
            Kind.VALUE,
            Kind.ERROR,
            Kind.RUNTIME,
            Kind.VALUE);
    try {
      s.start();
      requireWaiting(s.caller, "every task is still running", s.timeline);
      // Failures first, then the values in reverse order: finishing order is not input order.
      List<Integer> order = List.of(3, 1, 5, 4, 2);
      List<String> ended = new ArrayList<>();
      for (int i : order) {
        Task task = s.tasks.get(i);
        task.release();
        requireEnds(task, s.timeline);
        ended.add(task.name() + " (" + task.kind().describe() + ")");
        requireNothingCancelled(s.tasks, s.caller, "after " + String.join(", ", ended), s.timeline);
        requireWaiting(
            s.caller, "task 0 is still running, after " + String.join(", ", ended), s.timeline);
      }
      requireNoTimeLimit(s.caller, "task 0", s.timeline);
      s.tasks.get(0).release();
      Moment moment = requireReturned(s.caller, "every task has ended", s.timeline);
      requireEndedAtReturn(moment, s.tasks, s.caller, s.timeline);
      requireNothingCancelled(s.tasks, s.caller, "when collectAll returned", s.timeline);
      requireOutcome(moment, s.tasks, s.timeline);
      requireFlagUntouched(moment, s.caller);
      requireRanOnce(s.tasks);
    } finally {
      s.cleanup();
    }
  }

  @Test
  @Order(7)
  @DisplayName(
      "collectAll: the caller interrupted: every task is interrupted and has ended, even if"
          + " interrupted again, then InterruptedException")
  void collectAllInterruptedCancelsWaitsAndThrows(FailurePolicies solution)
      throws InterruptedException {
    requireInterruptedCallCancelsWaitsAndThrows(solution, Policy.COLLECT_ALL);
  }

  @Test
  @Order(8)
  @DisplayName(
      "both policies: two tasks that end at the same instant never change one collection that is"
          + " not thread-safe (a HashMap, an ArrayList) at once")
  void twoTasksThatEndTogetherNeverShareAnUnsafeCollection(CallGate gate)
      throws InterruptedException {
    gate.beforeUnsafeCollectionChanges();
    // Two values under each policy, then two failures under collectAll (under failFast the first
    // failure cancels the other task): each pair's outcomes go where the solution keeps its
    // results, or where it keeps its failures.
    List<List<Kind>> pairs =
        List.of(List.of(Kind.VALUE, Kind.VALUE), List.of(Kind.CHECKED, Kind.RUNTIME));
    for (Policy policy : Policy.values()) {
      for (List<Kind> pair : policy == Policy.FAIL_FAST ? pairs.subList(0, 1) : pairs) {
        for (int change = 1; change <= MAX_TASK_CHANGES; change++) {
          if (!holdOneTaskAtAChange(gate, policy, pair, change)) {
            break; // the first task's thread made fewer changes: every one of them was tried
          }
        }
      }
    }
  }

  /**
   * Call the policy with two tasks of the given kinds through the gate. The first task's thread is
   * held just before its {@code change}-th change of a collection that is not thread-safe; the
   * second task ends meanwhile, and its thread and the caller run until each has ended or stopped.
   * If the second task's thread reached the very collection the first is held at, nothing keeps the
   * two apart: two outcomes that end at the same instant can be lost, on any run. Tell whether the
   * first task's thread was held (false: it made fewer changes than that).
   */
  private static boolean holdOneTaskAtAChange(
      CallGate gate, Policy policy, List<Kind> kinds, int change) throws InterruptedException {
    FailurePolicies solution = gate.newSolution(FailurePolicies.class);
    Scenario s = new Scenario(solution, policy, kinds.toArray(Kind[]::new));
    try {
      s.start();
      requireWaiting(s.caller, "every task is still running", s.timeline);
      Task first = s.tasks.get(0);
      Task second = s.tasks.get(1);
      gate.holdAt(first.runner(), change);
      first.release();
      first.awaitResumed();
      Optional<String> heldAt = gate.awaitHeldOrStopped(first.runner(), PROMPT_MILLIS);
      if (heldAt.isPresent()) {
        second.release();
        second.awaitResumed();
        var _ = Threads.awaitEndedOrStopped(second.runner(), PROMPT_MILLIS);
        var _ = Threads.awaitEndedOrStopped(s.caller.thread(), PROMPT_MILLIS);
        Optional<CallGate.Contention> contention = gate.contention();
        gate.release();
        if (contention.isPresent()) {
          CallGate.Contention seen = contention.get();
          throw Invariant.violated(
              policy.call()
                  + " keeps every outcome, even of two tasks that end at the same instant",
              "no two threads inside one collection that is not thread-safe at once",
              first.name()
                  + " ("
                  + first.kind().describe()
                  + ") was paused by the check just before "
                  + seen.heldAt()
                  + "; "
                  + second.name()
                  + " ("
                  + second.kind().describe()
                  + ") then ended, and "
                  + (seen.other() == second.runner()
                      ? "its thread"
                      : seen.other() == s.caller.thread()
                          ? "the caller's thread"
                          : "thread \"" + seen.other().getName() + "\"")
                  + " reached "
                  + seen.otherAt()
                  + " on the very same collection: nothing keeps the two threads apart. Two"
                  + " outcomes written at the same instant can be lost (a HashMap resizing, two"
                  + " ArrayList.add writing one slot). Keep each task's outcome in its own Future,"
                  + " in an array slot of its own, in a concurrent collection, or change the"
                  + " collection only under one lock",
              s.timeline.render());
        }
      } else {
        gate.release();
        second.release();
      }
      Moment moment = requireReturned(s.caller, "every task has ended", s.timeline);
      requireEndedAtReturn(moment, s.tasks, s.caller, s.timeline);
      if (policy == Policy.FAIL_FAST) {
        requireResults(moment, s.tasks, s.timeline);
      } else {
        requireOutcome(moment, s.tasks, s.timeline);
      }
      return heldAt.isPresent();
    } finally {
      gate.release();
      s.cleanup();
    }
  }

  /** A generated batch: what each task does, and in which order the check releases them. */
  record Plot(List<Kind> kinds, List<Integer> releaseOrder) {
    @Override
    public String toString() {
      return "tasks "
          + IntStream.range(0, kinds.size())
              .mapToObj(i -> i + ": " + kinds.get(i).describe())
              .collect(Collectors.joining(", ", "[", "]"))
          + ", released in the order "
          + releaseOrder;
    }
  }

  @Test
  @Order(9)
  @DisplayName(
      "generated batches (how many tasks, which fail and how, in which order they end), under both"
          + " policies: the same rules")
  void generatedBatchesKeepEveryRule(FailurePolicies solution) {
    Kind[] kinds = {Kind.VALUE, Kind.VALUE, Kind.CHECKED, Kind.RUNTIME, Kind.ERROR};
    var plots =
        lists()
            .of(integers().between(0, kinds.length - 1))
            .ofSizeBetween(1, 4)
            .zip(
                lists().of(integers().between(0, 1_000)).ofSize(4),
                (codes, keys) -> {
                  List<Kind> chosen = codes.stream().map(c -> kinds[c]).toList();
                  List<Integer> order =
                      IntStream.range(0, chosen.size())
                          .boxed()
                          .sorted(Comparator.comparing(keys::get))
                          .toList();
                  return new Plot(chosen, order);
                });
    PropertyChecks.forAll(
        6,
        plots,
        plot -> {
          try {
            runFailFast(solution, plot);
            runCollectAll(solution, plot);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("the check was interrupted", e);
          }
        });
  }

  private static void runFailFast(FailurePolicies solution, Plot plot) throws InterruptedException {
    Scenario s = new Scenario(solution, Policy.FAIL_FAST, plot.kinds().toArray(Kind[]::new));
    try {
      s.start();
      requireWaiting(s.caller, "every task is still running", s.timeline);
      Task failing = null;
      for (int index : plot.releaseOrder()) {
        Task task = s.tasks.get(index);
        task.release();
        if (task.kind().fails()) {
          failing = task;
          break;
        }
        requireEnds(task, s.timeline);
      }
      if (failing != null) {
        requireSiblingsCancelled(s.tasks, failing, s.caller, s.timeline);
      }
      Moment moment =
          requireReturned(
              s.caller,
              failing == null
                  ? "every task has returned its value"
                  : "the failed task's siblings were interrupted and have ended",
              s.timeline);
      requireEndedAtReturn(moment, s.tasks, s.caller, s.timeline);
      if (failing != null) {
        requireFailure(moment, failing, s.tasks, s.timeline);
      } else {
        requireResults(moment, s.tasks, s.timeline);
      }
      requireFlagUntouched(moment, s.caller);
    } finally {
      s.cleanup();
    }
  }

  private static void runCollectAll(FailurePolicies solution, Plot plot)
      throws InterruptedException {
    Scenario s = new Scenario(solution, Policy.COLLECT_ALL, plot.kinds().toArray(Kind[]::new));
    try {
      s.start();
      requireWaiting(s.caller, "every task is still running", s.timeline);
      List<Integer> order = plot.releaseOrder();
      for (int n = 0; n < order.size(); n++) {
        Task task = s.tasks.get(order.get(n));
        task.release();
        if (n == order.size() - 1) {
          break;
        }
        requireEnds(task, s.timeline);
        requireNothingCancelled(
            s.tasks, s.caller, "after " + task.name() + " " + task.kind().describe(), s.timeline);
        requireWaiting(s.caller, "task " + order.get(n + 1) + " is still running", s.timeline);
      }
      Moment moment = requireReturned(s.caller, "every task has ended", s.timeline);
      requireEndedAtReturn(moment, s.tasks, s.caller, s.timeline);
      requireNothingCancelled(s.tasks, s.caller, "when collectAll returned", s.timeline);
      requireOutcome(moment, s.tasks, s.timeline);
      requireFlagUntouched(moment, s.caller);
    } finally {
      s.cleanup();
    }
  }

  // ------------------------------------------------------------------ scenarios

  /** One call of one policy with the check's tasks, its timeline and its in-flight counter. */
  private static final class Scenario {
    final Timeline timeline = new Timeline();
    final InFlightCounter inFlight = new InFlightCounter();
    final List<Task> tasks = new ArrayList<>();
    final Caller caller;

    Scenario(FailurePolicies solution, Policy policy, Kind... kinds) {
      for (int i = 0; i < kinds.length; i++) {
        tasks.add(new Task("task " + i, kinds[i], timeline, inFlight));
      }
      caller = new Caller(solution, policy, tasks, inFlight, timeline);
      tasks.forEach(t -> t.holdFor(caller));
    }

    void start() throws InterruptedException {
      caller.start();
      requireAllStarted(caller, tasks, timeline);
    }

    /** After a check, pass or fail: no task stays blocked, no caller stays stuck. */
    void cleanup() throws InterruptedException {
      tasks.forEach(Task::abandon);
      caller.abandon();
    }
  }

  private static void requireInterruptedCallCancelsWaitsAndThrows(
      FailurePolicies solution, Policy policy) throws InterruptedException {
    Scenario s = new Scenario(solution, policy, Kind.VALUE, Kind.HANG, Kind.HANG);
    Task gated = s.tasks.get(1).gateCleanup();
    try {
      s.start();
      s.tasks.get(0).release();
      requireEnds(s.tasks.get(0), s.timeline);
      requireWaiting(s.caller, "tasks 1 and 2 are still running", s.timeline);
      s.caller.thread().interrupt();
      for (Task task : s.tasks.subList(1, 3)) {
        if (!task.awaitInterrupted(TimeScale.millis(PROMPT_MILLIS))) {
          throw Invariant.violated(
              "an interrupted caller cancels every task still running: it"
                  + " interrupts its thread",
              task.name() + " interrupted",
              task.name()
                  + " was never interrupted, "
                  + TimeScale.millis(PROMPT_MILLIS)
                  + " ms after the caller was: "
                  + (s.caller.returned()
                      ? policy.call() + " returned, leaving it running"
                      : s.caller.doing()
                          + " (the interrupt swallowed, and the wait started again?)")
                  + ". On InterruptedException, shutdownNow() (or cancel(true) on each Future)"
                  + " before you throw it",
              s.timeline.render());
        }
      }
      String cleaning =
          gated.name() + " was cancelled and still runs its cleanup (held by the" + " check)";
      requireWaiting(s.caller, cleaning, s.timeline);
      s.caller.thread().interrupt();
      requireInterruptHandled(s.caller);
      requireWaiting(s.caller, cleaning + ", and the caller was interrupted again", s.timeline);
      gated.openCleanup();
      Moment moment = requireReturned(s.caller, "every cancelled task has ended", s.timeline);
      requireEndedAtReturn(moment, s.tasks, s.caller, s.timeline);
      if (!(moment.thrown() instanceof InterruptedException)) {
        throw Invariant.violated(
            "an interrupted " + policy.call() + " throws InterruptedException",
            "InterruptedException",
            moment.thrown() == null
                ? policy.call()
                    + " returned normally"
                    + (moment.flagAfter() ? " with the flag set" : ", the interrupt swallowed")
                    + ", though tasks 1 and 2 never finished their work"
                : "it threw "
                    + moment.thrown()
                    + (moment.thrown() instanceof ExecutionException e
                            && e.getCause() instanceof InterruptedException
                        ? ": the caller's interrupt is not a task's failure; the tasks failed only"
                            + " because the caller cancelled them"
                        : ""),
            s.timeline.render());
      }
    } finally {
      s.cleanup();
    }
  }

  // ------------------------------------------------------------------ requirements

  /** Every task starts while all are held: they run concurrently, none on the caller's thread. */
  private static void requireAllStarted(Caller caller, List<Task> tasks, Timeline timeline)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeScale.millis(START_MILLIS) * 1_000_000;
    Set<Thread> seen = new HashSet<>();
    for (Task task : tasks) {
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      if (task.awaitStarted(left)) {
        if (task.runner() == caller.thread()) {
          throw Invariant.violated(
              "every task runs in a thread of its own, not the caller's",
              task.name() + " running on a thread of its own",
              task.name()
                  + " runs on the caller's own thread: nothing runs concurrently, and the"
                  + " caller cannot cancel a task while it is running it",
              timeline.render());
        }
        if (!seen.add(task.runner())) {
          throw Invariant.violated(
              "every task runs in a thread of its own",
              "distinct threads",
              "two tasks ran on the same thread \"" + task.runner().getName() + "\"");
        }
        continue;
      }
      String started =
          tasks.stream().filter(Task::started).map(Task::name).collect(Collectors.joining(", "));
      throw Invariant.violated(
          "every task starts at once, each in a thread of its own",
          "all " + tasks.size() + " tasks running at the same time",
          caller.returned()
              ? caller.policy().call()
                  + " returned ("
                  + describe(caller.moment())
                  + ") before "
                  + task.name()
                  + " even started"
              : task.name()
                  + " had not started "
                  + TimeScale.millis(START_MILLIS)
                  + " ms after the call began, while "
                  + (started.isEmpty() ? "no task" : started)
                  + " ran, held by the check: the tasks do not all run concurrently (too few"
                  + " threads? one after the other?); "
                  + caller.doing(),
          timeline.render());
    }
  }

  /**
   * Require the caller to be really waiting in the call (seen so on several polls in a row) while
   * {@code why} holds, and not to have returned from it.
   */
  private static void requireWaiting(Caller caller, String why, Timeline timeline)
      throws InterruptedException {
    String call = caller.policy().call();
    long deadline = System.nanoTime() + TimeScale.millis(PROMPT_MILLIS) * 1_000_000;
    int polls = 0;
    while (true) {
      if (caller.returned()) {
        throw Invariant.violated(
            call + " waits until every task has ended",
            call + " still waiting, since " + why,
            call + " returned (" + describe(caller.moment()) + ") while " + why,
            timeline.render());
      }
      polls = caller.waits() ? polls + 1 : 0;
      if (polls == Threads.STABLE_POLLS) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw Invariant.violated(
            call + " waits by blocking",
            "the caller's thread WAITING in " + call,
            caller.doing()
                + " for "
                + TimeScale.millis(PROMPT_MILLIS)
                + " ms while "
                + why
                + (Caller.sleeping(caller.thread())
                    ? ": it sleeps and looks again instead of blocking until a task finishes"
                    : ": it spins (a loop on isDone()?) instead of blocking"),
            timeline.render());
      }
      caller.thread().join(1);
    }
  }

  /**
   * A caller that waits with a timeout (TIMED_WAITING) may be polling, which is fine, or may give
   * up at its limit, which the contract forbids. Only then, the task is held longer than a
   * defensive timeout a learner would pick (a second or two), and the caller must still be waiting.
   * A caller that waits without a timeout, or in ExecutorService.close() (timed slices of a day, in
   * a loop), is not held at all; a correct caller that polls pays the hold.
   */
  private static void requireNoTimeLimit(Caller caller, String held, Timeline timeline)
      throws InterruptedException {
    if (caller.thread().getState() != Thread.State.TIMED_WAITING || inJdkClose(caller.thread())) {
      return;
    }
    long until = System.nanoTime() + TimeScale.millis(TIMED_HOLD_MILLIS) * 1_000_000;
    while (System.nanoTime() < until && !caller.returned()) {
      caller.thread().join(5);
    }
    requireWaiting(
        caller,
        held
            + " is still running, "
            + TimeScale.millis(TIMED_HOLD_MILLIS)
            + " ms after the caller began a timed wait: there is no time limit, a task may take as"
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
   * After an interrupt of the caller, wait until its code has taken it (its flag cleared by an
   * interruptible wait), so that "still waiting" is judged after it reacted. A solution that waits
   * uninterruptibly never takes it: then the check goes on after the bound.
   */
  private static void requireInterruptHandled(Caller caller) throws InterruptedException {
    long deadline = System.nanoTime() + TimeScale.millis(PROMPT_MILLIS) * 1_000_000;
    while (caller.thread().isInterrupted()
        && caller.thread().isAlive()
        && System.nanoTime() < deadline) {
      caller.thread().join(1);
    }
  }

  private static void requireEnds(Task task, Timeline timeline) throws InterruptedException {
    if (!task.awaitEnded(TimeScale.millis(PROMPT_MILLIS))) {
      throw new AssertionError(
          "the check's "
              + task.name()
              + " did not end "
              + TimeScale.millis(PROMPT_MILLIS)
              + " ms after the check let it finish: the machine is"
              + " too loaded for this check, or the check is broken; this is not a verdict on your"
              + " code. Run again with KATA_TIME_FACTOR=3\n"
              + timeline.render());
    }
  }

  private static void requireSiblingsCancelled(
      List<Task> tasks, Task failing, Caller caller, Timeline timeline)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeScale.millis(PROMPT_MILLIS) * 1_000_000;
    for (Task sibling : tasks) {
      if (sibling == failing || (sibling.ended() && !sibling.interrupted())) {
        continue; // it had already succeeded: nothing to cancel
      }
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      if (!sibling.awaitInterrupted(left)) {
        throw Invariant.violated(
            "failFast: a failed task cancels every other task still running:"
                + " its thread is interrupted, at once",
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
                    ? ". An Error is not an Exception: a catch (Exception e) never sees it"
                    : "")
                + "; "
                + (caller.returned()
                    ? "failFast has returned, leaving it running"
                    : caller.doing()
                        + ": it waits for tasks nobody cancelled (allOf(...).join()"
                        + " and get() on each future in turn wait for ALL of them; shutdown() and"
                        + " cancel(false) interrupt nothing)"),
            timeline.render());
      }
    }
  }

  private static Moment requireReturned(Caller caller, String why, Timeline timeline)
      throws InterruptedException {
    if (!caller.awaitReturn(TimeScale.millis(PROMPT_MILLIS))) {
      throw Invariant.violated(
          caller.policy().call() + " returns as soon as every task has ended",
          caller.policy().call() + " returns, since " + why,
          "still waiting " + TimeScale.millis(PROMPT_MILLIS) + " ms later: " + caller.doing(),
          timeline.render());
    }
    return caller.moment();
  }

  private static void requireEndedAtReturn(
      Moment moment, List<Task> tasks, Caller caller, Timeline timeline)
      throws InterruptedException {
    String call = caller.policy().call();
    for (int i = 0; i < tasks.size(); i++) {
      if (!moment.ended().get(i)) {
        Task task = tasks.get(i);
        // Only to word the message: an interrupt sent just before the return may not have woken
        // the task yet when the moment was taken.
        boolean interrupted =
            moment.interrupted().get(i)
                || task.awaitInterrupted(TimeScale.millis(PROMPT_MILLIS / 4));
        throw Invariant.violated(
            call + " returns only when every task has ended",
            "0 tasks in flight when " + call + " returns",
            moment.inFlight()
                + " in flight: "
                + call
                + " returned ("
                + describe(moment)
                + ") while "
                + task.name()
                + (interrupted
                    ? " was still running: interrupted, it had not yet ended: a cancelled Future"
                        + " is done at once, its thread is not. Wait for the tasks to end"
                        + " (ExecutorService.close() waits for every thread it started)"
                    : " was still running, never interrupted"
                        + (task.started() ? "" : " (not even started)")
                        + ": cancel(false) and shutdown() interrupt nothing, and a Future"
                        + " cancelled with cancel(false) is done while its task runs on"),
            timeline.render());
      }
    }
  }

  private static void requireResults(Moment moment, List<Task> tasks, Timeline timeline) {
    if (moment.thrown() != null) {
      throw Invariant.violated(
          "failFast: when every task succeeds, it returns their results",
          "the results",
          "it threw " + moment.thrown(),
          timeline.render());
    }
    List<Object> expected = tasks.stream().map(t -> (Object) t.value()).toList();
    List<?> actual = moment.value() instanceof List<?> list ? list : null;
    if (!expected.equals(actual)) {
      throw Invariant.violated(
          "failFast returns the results in input order, whatever order the" + " tasks finished in",
          expected,
          actual + firstDifference(expected, actual),
          timeline.render());
    }
  }

  private static void requireFailure(
      Moment moment, Task failing, List<Task> tasks, Timeline timeline) {
    String invariant =
        "failFast throws ExecutionException whose cause is the first failure in"
            + " time, the very exception thrown";
    Throwable thrown = moment.thrown();
    Throwable expected = failing.failure();
    if (thrown == null) {
      throw Invariant.violated(
          invariant,
          "ExecutionException caused by " + expected,
          "failFast returned " + moment.value() + ", though " + failing.name() + " failed",
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
                  : thrown instanceof CompletionException
                      ? ": CompletableFuture's wrapper; unwrap its cause into an"
                          + " ExecutionException"
                      : ""),
          timeline.render());
    }
    Throwable cause = thrown.getCause();
    if (cause == expected) {
      return;
    }
    String whose =
        tasks.stream()
            .filter(t -> t.failure() != null && t.failure() == cause)
            .map(
                t ->
                    ": that is "
                        + t.name()
                        + "'s failure, which came after "
                        + failing.name()
                        + "'s: keep the first failure in time, not the first task in the list nor"
                        + " the last to fail")
            .findFirst()
            .orElse(
                cause instanceof InterruptedException
                    ? ": that is a cancelled task's InterruptedException, which came after "
                        + failing.name()
                        + "'s failure: the first failure in time is the cause"
                    : Futures.causedBy(cause, expected)
                        ? ": the task's exception is deeper in the chain, wrapped once more"
                        : "");
    throw Invariant.violated(invariant, expected, cause + whose, timeline.render());
  }

  private static void requireOutcome(Moment moment, List<Task> tasks, Timeline timeline) {
    if (!(moment.value() instanceof Outcome<?> outcome)) {
      throw Invariant.violated(
          "collectAll returns every result and every failure",
          "an Outcome",
          moment.thrown() != null ? "it threw " + moment.thrown() : "it returned null",
          timeline.render());
    }
    List<Object> expected =
        tasks.stream().filter(t -> !t.kind().fails()).map(t -> (Object) t.value()).toList();
    if (!expected.equals(outcome.results())) {
      throw Invariant.violated(
          "collectAll: the results of the tasks that succeeded, in input order",
          expected,
          outcome.results() + firstDifference(expected, outcome.results()),
          timeline.render());
    }
    List<Task> failed = tasks.stream().filter(t -> t.kind().fails()).toList();
    List<Outcome.Failure> failures = outcome.failures();
    for (int n = 0; n < failed.size(); n++) {
      Task task = failed.get(n);
      int index = tasks.indexOf(task);
      if (n >= failures.size()) {
        throw Invariant.violated(
            "collectAll reports every failure, each with its task's index",
            failed.size() + " failures",
            failures.size()
                + " failures: "
                + task.name()
                + "'s failure ("
                + task.failure()
                + ") is missing"
                + (failures.size() == 1 ? ": only one exception kept" : ""),
            timeline.render());
      }
      Outcome.Failure failure = failures.get(n);
      if (failure.index() != index || failure.exception() != task.failure()) {
        throw Invariant.violated(
            "collectAll reports every failure in input order, with its index"
                + " and the very exception its task threw",
            "failure " + n + ": index " + index + ", " + task.failure(),
            "failure "
                + n
                + ": index "
                + failure.index()
                + ", "
                + failure.exception()
                + (failure.index() == index && Futures.causedBy(failure.exception(), task.failure())
                    ? ": the task's exception wrapped (an ExecutionException?): report the"
                        + " exception itself"
                    : failure.index() != index && failure.exception() == task.failure()
                        ? ": the right exception with the wrong index"
                        : ""),
            timeline.render());
      }
    }
    if (failures.size() > failed.size()) {
      throw Invariant.violated(
          "collectAll reports each failure once, and only failures",
          failed.size() + " failures",
          failures.size() + " failures: " + failures,
          timeline.render());
    }
  }

  private static void requireNothingCancelled(
      List<Task> tasks, Caller caller, String when, Timeline timeline) {
    for (Task task : tasks) {
      if (task.interrupted()) {
        throw Invariant.violated(
            "collectAll: a failure cancels nothing; every task runs to its end",
            task.name() + " left running",
            task.name()
                + " was interrupted "
                + when
                + (caller.returned()
                    ? ", and collectAll returned (" + describe(caller.moment()) + ")"
                    : "")
                + ": collect-all keeps every failure and waits for every task; it never cancels",
            timeline.render());
      }
    }
  }

  private static void requireFlagUntouched(Moment moment, Caller caller) {
    if (moment.flagAfter()) {
      throw Invariant.violated(
          "the caller's interrupt flag is left as it was found",
          "not interrupted after " + caller.policy().call() + " returns",
          "the caller's interrupt flag was set, though nobody interrupted the caller: interrupt"
              + " the tasks' threads, not Thread.currentThread()");
    }
  }

  private static void requireRanOnce(List<Task> tasks) {
    for (Task task : tasks) {
      Invariant.require(
          task.calls() == 1,
          "each task runs exactly once",
          "1 run",
          () -> task.name() + " ran " + task.calls() + " times");
    }
  }

  private static String describe(Moment moment) {
    if (!moment.returned()) {
      return "not yet";
    }
    return moment.thrown() != null ? "threw " + moment.thrown() : "returned " + moment.value();
  }

  private static String firstDifference(List<Object> expected, List<?> actual) {
    if (actual == null) {
      return "";
    }
    for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
      if (!expected.get(i).equals(actual.get(i))) {
        return ": the first difference is at index "
            + i
            + ", which holds "
            + actual.get(i)
            + (actual.contains(expected.get(i))
                ? " (the results are in the order the tasks finished, not in input order)"
                : "");
      }
    }
    return expected.size() == actual.size()
        ? ""
        : ": " + actual.size() + " results for " + expected.size() + " expected";
  }
}

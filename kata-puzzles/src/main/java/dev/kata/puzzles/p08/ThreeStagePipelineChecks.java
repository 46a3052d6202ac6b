package dev.kata.puzzles.p08;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.kata.api.check.Invariant;
import dev.kata.api.check.PropertyChecks;
import dev.kata.api.check.PuzzleChecks;
import dev.kata.api.check.TimeScale;
import dev.kata.puzzles.p08.PipelineRun.Ending;
import dev.kata.puzzles.p08.WatchedStages.Fail;
import dev.kata.puzzles.p08.WatchedStages.Finding;
import dev.kata.puzzles.p08.WatchedStages.Hold;
import dev.kata.puzzles.p08.WatchedStages.Stall;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The checks of puzzle 08. The checks own the three stage functions ({@link WatchedStages}): they
 * see which thread runs each stage, how many items each has started, whether one is inside its
 * function, and they hold, stall (on a latch only an interrupt or the check opens) or fail a stage
 * at generated items. The learner keeps the queues; how far a stage runs ahead of the next is
 * counted from the functions. Pauses wait for a state of the other stages (ended, or waiting
 * outside their function, nothing moving), never for a timer; a correct solution never reaches a
 * limit.
 *
 * <h2>Contract audit: each sentence of {@link Pipeline#run} and the starter's GOAL, and its check
 * </h2>
 *
 * <ol>
 *   <li>"one thread of its own, a different thread for each stage, one item at a time" &mdash;
 *       every check: {@link WatchedStages} notes a stage seen on two threads, two stages on one
 *       thread, or a stage in its function twice at once ({@link #everyItemOnceInOrder}).
 *   <li>"every item exactly once, in input order; return the third stage's results in input order"
 *       &mdash; each stage checks it gets exactly the next item of its predecessor, and nothing
 *       else (an end-of-input marker handed to a function is named); the returned list is compared
 *       item by item ({@link #everyItemOnceInOrder}: 0 to 200 items, capacities 1 to 8, holds that
 *       fill and empty the queues at generated items and just before the end-of-input marker).
 *   <li>"the stages work at the same time" and "a slow stage holds back the stages before it"
 *       &mdash; {@link #slowLastStageHoldsBackTheFirst}: the last (or middle) stage stalls; the
 *       stages before it must fill their queues and then be seen blocked outside their function.
 *   <li>"a queue holds up to capacity items; a stage waits when it is full, and only then" &mdash;
 *       the same check measures each stage's lead over the next once all have settled: between
 *       {@code capacity} and {@code capacity + 1} (queue full, plus one item in hand). More is an
 *       unbounded or oversized queue, less a stage that waits too early (a SynchronousQueue, a
 *       smaller queue). At every item the lead may never pass {@code capacity + 2}, in every check.
 *   <li>"a stage takes an item only when ready to work on it" &mdash; the same bound: a stage that
 *       drains its queue in batches runs further ahead than one item in hand.
 *   <li>"waits without a time limit: a slow stage upstream is not the end of the input" &mdash;
 *       {@link #slowStageIsNotTheEndOfInput}: the first or middle stage stalls, and the stages
 *       after it must be seen WAITING, not TIMED_WAITING in the learner's code, and must not end.
 *       With the first stage stalled at item 0 the stages after it have met no item yet, so every
 *       platform thread the run started is watched too, and one that later runs a stage must not
 *       have waited with a time limit. When run() itself is seen in a timed wait, the stall lasts 1
 *       s (scaled), once, so a run() that gives up when its timeout expires fails. A stage that
 *       spins instead of blocking is named in every check that holds a stage.
 *   <li>"after its last item, each stage passes the end on and ends" &mdash; {@link
 *       #everyItemOnceInOrder}: a run that never returns is reported with where each stage waits
 *       (stuck is seen directly: every thread waits and nothing moves); holds just before the end
 *       make the marker meet a full queue (a marker dropped by {@code offer} is caught).
 *   <li>"when run returns, no stage function is running and every thread run started ends" &mdash;
 *       read at the moment of return (the last item's function stays until run()'s caller is seen
 *       waiting for it, so a run() that does not wait for the last stage is caught every time, and
 *       the returned list is copied at that moment), then each stage thread must end within a short
 *       scaled grace (every check); kata's runner reports any other thread left behind.
 *   <li>"if a stage throws, run throws ExecutionException with that very exception as cause:
 *       checked, runtime or Error" &mdash; {@link #failureStopsEveryStage}: each kind, in each
 *       stage, at a generated item; the cause is compared by identity.
 *   <li>"promptly, without waiting for the other stages; it interrupts them, whether they wait on a
 *       full queue, an empty one, or inside their function" &mdash; the same check: the failure is
 *       thrown only once another stage (before or after it) is blocked inside its function on a
 *       latch that never opens, or once the others are seen blocked on their queues; a run that
 *       waits for the stages to drain is stuck and reported so.
 *   <li>"when run throws, every stage has stopped; no stage starts another item" &mdash; the same
 *       check: nothing inside a function at the moment run throws (an interrupted stage leaves its
 *       function only once run's caller is seen waiting for it, so a run that does not wait is
 *       caught every time), every stage thread ends, and no item is started after run ended.
 *   <li>"if the calling thread is interrupted while run waits, run stops every stage and throws
 *       InterruptedException" &mdash; {@link #interruptingTheCallerStopsEveryStage}: the caller is
 *       interrupted while the first, middle or last stage is stalled and the others are blocked on
 *       full or empty queues; then as above.
 * </ol>
 *
 * <p>Known-wrong solutions: see {@link ThreeStagePipeline#wrongSolutions()}. Correct solutions
 * designed unlike the reference (CompletableFutures on virtual threads; monitor buffers, no pill,
 * the caller running the last stage; an executor per stage bounded by semaphores) are test fixtures
 * in kata-cli ({@code alternatives/08}) and must pass every check.
 */
@PuzzleChecks(timeLimitSeconds = 30)
public class ThreeStagePipelineChecks {

  /**
   * How long a stage stays slow, once, when run() is seen waiting with a time limit; before
   * TimeScale.
   */
  private static final long CALLER_PROBE_MILLIS = 1_000;

  // Numbers the starter's prose states too: StarterProseTest holds the two to each other.
  /** The most items a generated run passes through the pipeline. */
  static final int MOST_ITEMS = 200;

  /** The smallest queue capacity a generated run uses. */
  static final int SMALLEST_CAPACITY = 1;

  /** The largest queue capacity a generated run uses. */
  static final int LARGEST_CAPACITY = 8;

  private static final Map<String, String> EXPECTED =
      Map.of(
          WatchedStages.OWN_THREAD,
          "each stage's function called on one thread of its own, for one item at a time",
          WatchedStages.IN_ORDER,
          "each stage gets items 0, 1, 2, ... of the stage before it, each once, and nothing"
              + " else",
          WatchedStages.BLOCKS,
          "a stage blocks in take() or put(), without a time limit, until an item or room"
              + " comes",
          WatchedStages.STOPPED,
          "every stage stopped before run() returned or threw");

  @Test
  @Order(1)
  @DisplayName(
      "every item passes each stage exactly once, in input order, each stage on a thread of its"
          + " own")
  void everyItemOnceInOrder(Pipeline solution) {
    PropertyChecks.forAll(
        25,
        integers().between(0, MOST_ITEMS),
        integers().between(SMALLEST_CAPACITY, LARGEST_CAPACITY),
        longs().all(),
        (n, c, seed) -> {
          SplittableRandom random = new SplittableRandom(seed);
          WatchedStages stages = new WatchedStages(n, c, learnerPackage(solution));
          StringBuilder holds = new StringBuilder();
          for (int i = 0; i < 2 && n > 0; i++) {
            int stage = 1 + random.nextInt(3);
            int item = random.nextInt(n);
            stages.at(stage, item, new Hold());
            holds
                .append(i == 0 ? "" : ", ")
                .append("stage ")
                .append(stage)
                .append(" at item ")
                .append(item);
          }
          // Hold the later stages just before the end, so the end-of-input marker meets a full
          // queue.
          stages.at(2, n - c - 1, new Hold()).at(3, n - c - 1, new Hold());
          String scenario =
              n
                  + " items, capacity "
                  + c
                  + (holds.isEmpty() ? "" : ", held until the others wait: " + holds);
          PipelineRun run = PipelineRun.start(solution, stages);
          try {
            requireCompleted(run, scenario);
          } finally {
            run.cleanUp();
          }
        });
  }

  @Test
  @Order(2)
  @DisplayName(
      "a slow stage holds back the stages before it: each queue fills to its capacity, and then"
          + " they wait")
  void slowLastStageHoldsBackTheFirst(Pipeline solution) {
    PropertyChecks.forAll(
        10,
        integers().between(SMALLEST_CAPACITY, LARGEST_CAPACITY),
        integers().between(2, 3),
        integers().between(0, 6),
        (c, slow, j) -> {
          int n = j + 2 * c + 8;
          WatchedStages stages =
              new WatchedStages(n, c, learnerPackage(solution)).at(slow, j, new Stall());
          String scenario =
              n + " items, capacity " + c + ", stage " + slow + " stalled at item " + j;
          PipelineRun run = PipelineRun.start(solution, stages);
          try {
            awaitStalled(run, slow, j, scenario);
            for (int attempt = 0; ; attempt++) {
              stages.settle(slow);
              requireNoFinding(stages, scenario);
              String problem = leadProblem(stages, slow, j);
              if (problem == null) {
                break;
              }
              if (attempt == 2) {
                throw Invariant.violated(
                    "a queue holds up to "
                        + c
                        + " items, and a stage waits when it is full, and only then ("
                        + scenario
                        + ")",
                    "each stage before stage "
                        + slow
                        + " "
                        + c
                        + " or "
                        + (c + 1)
                        + " items ahead of the next (its queue full, one item in hand), then"
                        + " blocked",
                    problem + ";" + stages.describeStages());
              }
            }
            stages.releaseStall();
            requireCompleted(run, scenario);
          } finally {
            run.cleanUp();
          }
        });
  }

  @Test
  @Order(3)
  @DisplayName(
      "a slow stage is not the end of the input: the stages after it wait, without a time limit")
  void slowStageIsNotTheEndOfInput(Pipeline solution) {
    AtomicBoolean callerProbed = new AtomicBoolean();
    PropertyChecks.forAll(
        8,
        integers().between(SMALLEST_CAPACITY, LARGEST_CAPACITY),
        integers().between(1, 2),
        integers().between(0, 6),
        (c, slow, j) -> {
          int n = j + c + 6;
          WatchedStages stages =
              new WatchedStages(n, c, learnerPackage(solution)).at(slow, j, new Stall());
          if (slow == 1) {
            stages.watchNewThreads(); // the stages after it may not have had an item yet
          }
          String scenario =
              n + " items, capacity " + c + ", stage " + slow + " stalled at item " + j;
          PipelineRun run = PipelineRun.start(solution, stages);
          try {
            awaitStalled(run, slow, j, scenario);
            stages.settle(slow);
            requireNoFinding(stages, scenario);
            if (run.caller.getState() == Thread.State.TIMED_WAITING
                && !callerProbed.getAndSet(true)) {
              // run() itself waits with a time limit: keep the stage slow for longer than a
              // plausible one,
              // once, to see that run() takes a quiet moment for a slow stage, not for the end.
              scenario +=
                  ", slow for "
                      + TimeScale.millis(CALLER_PROBE_MILLIS)
                      + " ms while run() waited with a time limit"
                      + WatchedStages.topFrame(run.caller);
              long until =
                  System.nanoTime()
                      + TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(CALLER_PROBE_MILLIS));
              while (!run.ended() && System.nanoTime() < until) {
                LockSupport.parkNanos(1_000_000);
              }
            }
            stages.releaseStall();
            requireCompleted(run, scenario);
            stages.requireNoTimedWaitBeforeFirstItem();
            requireNoFinding(stages, scenario);
          } finally {
            run.cleanUp();
          }
        });
  }

  @Test
  @Order(4)
  @DisplayName(
      "a failure in any stage is thrown at once, as the cause of an ExecutionException, and every"
          + " stage stops")
  void failureStopsEveryStage(Pipeline solution) {
    PropertyChecks.forAll(
        30,
        integers().between(1, MOST_ITEMS),
        integers().between(SMALLEST_CAPACITY, LARGEST_CAPACITY),
        longs().all(),
        (n, c, seed) -> {
          FailureScenario scenario = FailureScenario.generate(n, c, seed);
          WatchedStages stages = new WatchedStages(n, c, learnerPackage(solution));
          Throwable failure = scenario.failure();
          stages.at(
              scenario.failing(), scenario.failingItem(), new Fail(failure, scenario.stalled()));
          if (scenario.stalled() > 0) {
            stages.at(scenario.stalled(), scenario.stalledItem(), new Stall());
          }
          PipelineRun run = PipelineRun.start(solution, stages);
          try {
            Ending ending = run.await();
            String invariant =
                "when a stage throws, run() throws at once, and every stage stops ("
                    + scenario
                    + ")";
            String expected =
                "ExecutionException caused by the "
                    + failure.getClass().getSimpleName()
                    + " stage "
                    + scenario.failing()
                    + " threw";
            if (ending != Ending.ENDED) {
              throw Invariant.violated(
                  invariant,
                  expected,
                  notEnded(run, ending, "stage " + scenario.failing() + " threw")
                      + (scenario.stalled() > 0
                          ? ". Interrupt the other stages: stage "
                              + scenario.stalled()
                              + " is blocked inside its function and will never finish on its own"
                          : ""));
            }
            Throwable thrown = run.thrown();
            if (thrown == null) {
              throw Invariant.violated(
                  invariant,
                  expected,
                  "run() returned " + size(run.result()) + " results: the failure was lost");
            }
            if (!(thrown instanceof ExecutionException) || thrown.getCause() != failure) {
              throw Invariant.violated(invariant, expected, describeWrongFailure(thrown, failure));
            }
            requireStopped(run, invariant, "run() threw");
          } finally {
            run.cleanUp();
          }
        });
  }

  @Test
  @Order(5)
  @DisplayName("interrupting the caller stops every stage, and run throws InterruptedException")
  void interruptingTheCallerStopsEveryStage(Pipeline solution) {
    PropertyChecks.forAll(
        12,
        integers().between(SMALLEST_CAPACITY, LARGEST_CAPACITY),
        integers().between(1, 3),
        integers().between(0, 6),
        (c, slow, j) -> {
          int n = j + 2 * c + 8;
          WatchedStages stages =
              new WatchedStages(n, c, learnerPackage(solution)).at(slow, j, new Stall());
          String scenario =
              n
                  + " items, capacity "
                  + c
                  + ", caller interrupted while stage "
                  + slow
                  + " is stalled at item "
                  + j
                  + " and the others wait";
          PipelineRun run = PipelineRun.start(solution, stages);
          try {
            awaitStalled(run, slow, j, scenario);
            stages.settle(slow);
            run.caller.interrupt();
            Ending ending = run.await();
            String invariant =
                "an interrupted caller stops every stage, and run() throws InterruptedException ("
                    + scenario
                    + ")";
            String expected = "InterruptedException, every stage stopped";
            if (ending != Ending.ENDED) {
              throw Invariant.violated(
                  invariant,
                  expected,
                  notEnded(run, ending, "its caller was interrupted")
                      + ". The interrupt was swallowed or ignored: stop the stages and throw"
                      + " InterruptedException");
            }
            Throwable thrown = run.thrown();
            if (thrown == null) {
              throw Invariant.violated(
                  invariant,
                  expected,
                  "run() returned "
                      + size(run.result())
                      + " results, though it was interrupted before the input was through");
            }
            if (!(thrown instanceof InterruptedException)) {
              throw Invariant.violated(
                  invariant,
                  expected,
                  "run() threw "
                      + thrown
                      + (thrown.getCause() != null ? " caused by " + thrown.getCause() : "")
                      + ": the caller's interrupt is a cancellation, not a stage's failure");
            }
            requireStopped(run, invariant, "run() threw");
          } finally {
            run.cleanUp();
          }
        });
  }

  // ---- scenarios ---------------------------------------------------------------------------

  /**
   * Stage {@code failing} throws at {@code failingItem}, once stage {@code stalled} (0: none) is
   * stalled.
   */
  record FailureScenario(
      int items,
      int capacity,
      int failing,
      int failingItem,
      String kind,
      int stalled,
      int stalledItem) {

    static FailureScenario generate(int n, int c, long seed) {
      SplittableRandom random = new SplittableRandom(seed);
      int failing = 1 + random.nextInt(3);
      String kind = List.of("checked", "runtime", "error").get(random.nextInt(3));
      int stalled = n < 2 || random.nextInt(4) == 0 ? 0 : pickOther(failing, random);
      if (stalled == 0) {
        return new FailureScenario(n, c, failing, random.nextInt(n), kind, 0, -1);
      }
      // The stalled stage must reach its item while the failing one waits at its own: at most
      // `capacity` items may have to wait between them, whatever the design.
      // failing at k needs k items handed on; the stalled one took j + 1 of them
      if (stalled > failing) {
        int j = random.nextInt(n - 1);
        int k = j + 1 + random.nextInt(Math.min(c, n - 1 - j));
        return new FailureScenario(n, c, failing, k, kind, stalled, j);
      }
      // the stalled stage is before the failing one: it must get past k
      int k = random.nextInt(n - 1);
      int j = k + 1 + random.nextInt(Math.min(c, n - 1 - k));
      return new FailureScenario(n, c, failing, k, kind, stalled, j);
    }

    private static int pickOther(int stage, SplittableRandom random) {
      int other = 1 + random.nextInt(2);
      return other >= stage ? other + 1 : other;
    }

    Throwable failure() {
      String message = "thrown by the check in stage " + failing + " at item " + failingItem;
      return switch (kind) {
        case "checked" -> new StageFailedException(message);
        case "runtime" -> new IllegalStateException(message);
        default -> new StageError(message);
      };
    }

    @Override
    public String toString() {
      String what =
          switch (kind) {
            case "checked" -> "a checked exception";
            case "runtime" -> "a RuntimeException";
            default -> "an Error";
          };
      return items
          + " items, capacity "
          + capacity
          + ", stage "
          + failing
          + " throws "
          + what
          + " at item "
          + failingItem
          + (stalled > 0
              ? " while stage " + stalled + " is blocked inside its function on item " + stalledItem
              : " while the other stages wait on their queues");
    }
  }

  /** The checked exception a stage throws. */
  static final class StageFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    StageFailedException(String message) {
      super(message);
    }
  }

  /** The Error a stage throws: catching Exception does not catch it. */
  static final class StageError extends Error {
    private static final long serialVersionUID = 1L;

    StageError(String message) {
      super(message);
    }
  }

  // ---- verdicts ----------------------------------------------------------------------------

  private static void requireCompleted(PipelineRun run, String scenario) {
    WatchedStages stages = run.stages;
    Ending ending = run.await();
    requireNoFinding(stages, scenario);
    String invariant =
        "every item comes out of the third stage once, in input order, and run() returns ("
            + scenario
            + ")";
    if (ending != Ending.ENDED) {
      String detail =
          stages.thread(3) != null && stages.finished(3) == stages.items
              ? ". The third stage has done every item and still waits: the end of the input never"
                  + " reached it"
              : "";
      throw Invariant.violated(
          invariant,
          "run() returns the " + stages.items + " results",
          notEnded(run, ending, "it started") + detail);
    }
    if (run.thrown() != null) {
      Throwable t = run.thrown();
      throw Invariant.violated(
          invariant,
          "run() returns the " + stages.items + " results",
          "run() threw "
              + t
              + (t.getCause() != null ? " caused by " + t.getCause() : "")
              + ", though no stage failed");
    }
    List<?> got = run.result();
    List<WatchedStages.Token> expected = stages.expectedResults();
    if (got == null || !got.equals(expected)) {
      throw Invariant.violated(
          invariant,
          "the third stage's results for items 0 to " + (stages.items - 1) + ", in order",
          describeDifference(expected, got));
    }
    requireStopped(
        run, "every stage has ended when run() returns (" + scenario + ")", "run() returned");
  }

  /** At the moment run ended no stage was inside its function, and every stage thread ends. */
  private static void requireStopped(PipelineRun run, String invariant, String ended) {
    if (run.inFunctionAtEnd() != null) {
      throw Invariant.violated(
          invariant,
          "no stage inside its function when " + ended,
          ended
              + " while "
              + run.inFunctionAtEnd()
              + " was still inside its function: it did not wait for the stages to stop (after"
              + " shutdownNow() or interrupt(), wait: awaitTermination(), close() or join())");
    }
    List<String> alive = run.awaitStageThreadsEnded();
    requireNoFinding(run.stages, "");
    if (!alive.isEmpty()) {
      throw Invariant.violated(
          invariant,
          "every stage thread ended",
          TimeScale.millis(PipelineRun.GRACE_MILLIS)
              + " ms after "
              + ended
              + ", still alive: "
              + String.join("; ", alive)
              + ". A stage left waiting on a queue that nobody will ever fill or empty must be"
              + " interrupted, and a pool that ran the stages shut down");
    }
  }

  private static void requireNoFinding(WatchedStages stages, String scenario) {
    Finding finding = stages.finding();
    if (finding != null) {
      String expected =
          finding.invariant().startsWith("a queue")
              ? "a stage waits (put()) while the queue to the next"
                  + " stage holds "
                  + stages.capacity
                  + " items"
              : EXPECTED.getOrDefault(finding.invariant(), finding.invariant());
      throw Invariant.violated(
          finding.invariant() + (scenario.isEmpty() ? "" : " (" + scenario + ")"),
          expected,
          finding.observed());
    }
  }

  private static void awaitStalled(PipelineRun run, int stage, int item, String scenario) {
    long deadline =
        System.nanoTime()
            + TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(PipelineRun.FINISH_MILLIS));
    while (!run.stages.stalled(stage)) {
      if (run.ended() || System.nanoTime() > deadline) {
        requireNoFinding(run.stages, scenario);
        throw Invariant.violated(
            "every item reaches every stage (" + scenario + ")",
            "stage " + stage + " receives item " + item,
            run.ended()
                ? "run() "
                    + (run.thrown() != null ? "threw " + run.thrown() : "returned")
                    + " before that"
                : "it never did:" + run.stages.describeStages());
      }
      LockSupport.parkNanos(200_000);
    }
  }

  /**
   * With {@code slow} stalled at item j and the stages before it settled: null, or what is wrong
   * with their leads.
   */
  private static String leadProblem(WatchedStages stages, int slow, int j) {
    int c = stages.capacity;
    for (int stage = slow - 1; stage >= 1; stage--) {
      Thread t = stages.thread(stage);
      int lead = stages.started(stage) - stages.started(stage + 1);
      if (t != null && t.getState() == Thread.State.TERMINATED && lead > c + 1) {
        return "stage "
            + stage
            + " went through all "
            + stages.started(stage)
            + " items and ended while stage "
            + slow
            + " was stalled at item "
            + j
            + ": "
            + lead
            + " items piled up after it. The queue is not bounded";
      }
      if (lead > c + 1) {
        return "stage "
            + stage
            + " ran "
            + lead
            + " items ahead of stage "
            + (stage + 1)
            + " before it waited: its queue"
            + " held more than "
            + c
            + " items";
      }
      if (lead < c) {
        return "stage "
            + stage
            + " was only "
            + lead
            + " item"
            + (lead == 1 ? "" : "s")
            + " ahead of stage "
            + (stage + 1)
            + " when it waited: it waited though its queue had room (a SynchronousQueue, or a queue"
            + " smaller than "
            + c
            + "?)";
      }
    }
    return null;
  }

  private static String notEnded(PipelineRun run, Ending ending, String since) {
    String what =
        ending == Ending.STUCK
            ? "run() never returned: every thread waits and nothing has moved for "
                + TimeScale.millis(PipelineRun.STUCK_MILLIS)
                + " ms since "
                + since
            : "run() was still running "
                + TimeScale.millis(PipelineRun.FINISH_MILLIS)
                + " ms after "
                + since
                + ", and not every thread was waiting (spinning?)";
    String caller = run.caller.getState() + WatchedStages.topFrame(run.caller);
    return what + "; the caller is " + caller + ";" + run.stages.describeStages();
  }

  private static String describeWrongFailure(Throwable thrown, Throwable failure) {
    if (thrown instanceof ExecutionException && thrown.getCause() instanceof InterruptedException) {
      return "ExecutionException caused by "
          + thrown.getCause()
          + ": that is the interrupt of a stage you stopped, not"
          + " the failure that stopped the pipeline. Report the first failure";
    }
    if (thrown instanceof ExecutionException) {
      return "ExecutionException caused by "
          + thrown.getCause()
          + ", not by the stage's own exception ("
          + failure.getClass().getSimpleName()
          + ")"
          + (causedBy(thrown, failure) ? ": it is wrapped twice" : "");
    }
    if (thrown == failure) {
      return "the stage's "
          + failure.getClass().getSimpleName()
          + " itself, not wrapped in an ExecutionException";
    }
    if (thrown instanceof InterruptedException) {
      return "InterruptedException, though nobody interrupted run()'s caller: the stage's failure"
          + " was lost";
    }
    return thrown
        + (causedBy(thrown, failure) ? " (the stage's exception is further down its causes)" : "");
  }

  private static boolean causedBy(Throwable thrown, Throwable expected) {
    for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t == expected) {
        return true;
      }
    }
    return false;
  }

  private static String describeDifference(List<?> expected, List<?> got) {
    if (got == null) {
      return "null";
    }
    for (int i = 0; i < Math.min(expected.size(), got.size()); i++) {
      if (!expected.get(i).equals(got.get(i))) {
        return "at position " + i + ": " + got.get(i) + " instead of " + expected.get(i);
      }
    }
    return got.size() < expected.size()
        ? "only " + got.size() + " results: the rest were lost"
        : got.size() + " results: more than there were items";
  }

  private static String size(List<?> result) {
    return result == null ? "null as its" : String.valueOf(result.size());
  }

  private static String learnerPackage(Pipeline solution) {
    return solution.getClass().getPackageName();
  }
}

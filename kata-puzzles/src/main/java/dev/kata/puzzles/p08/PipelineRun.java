package dev.kata.puzzles.p08;

import dev.kata.api.check.Threads;
import dev.kata.api.check.TimeScale;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One call of the learner's {@code run}, on a thread of the checks' own, so a check can wait for it
 * with a limit, interrupt it, and see what was still running at the very moment it returned.
 */
final class PipelineRun {

  /**
   * How long nothing may move, everything waiting, before a run counts as stuck; before TimeScale.
   */
  static final long STUCK_MILLIS = 500;

  /** The most a run may take in all, before TimeScale; only a spinning run gets near it. */
  static final long FINISH_MILLIS = 5_000;

  /** How long a stage thread gets to end after run returned or threw, before TimeScale. */
  static final long GRACE_MILLIS = 1_000;

  /** How a wait for the run ended. */
  enum Ending {
    /** run returned or threw. */
    ENDED,
    /** Nothing moved for STUCK_MILLIS while every known thread, the caller's included, waited. */
    STUCK,
    /** Still running at FINISH_MILLIS, threads not all waiting: spinning, or far too slow. */
    STILL_RUNNING
  }

  final WatchedStages stages;
  final Thread caller;
  private volatile List<?> result;
  private volatile Throwable thrown;
  private volatile boolean ended;
  private volatile String inFunctionAtEnd;

  private PipelineRun(Pipeline solution, WatchedStages stages) {
    this.stages = stages;
    this.caller =
        Thread.ofPlatform().name("pipeline-caller").daemon(true).unstarted(() -> call(solution));
    stages.caller(caller);
  }

  static PipelineRun start(Pipeline solution, WatchedStages stages) {
    PipelineRun run = new PipelineRun(solution, stages);
    run.caller.start();
    return run;
  }

  private void call(Pipeline solution) {
    try {
      List<?> returned =
          solution.run(
              stages.input(), stages.stage(1), stages.stage(2), stages.stage(3), stages.capacity);
      // the results as they are at the moment of return
      result = returned == null ? null : copy(returned);
    } catch (Throwable t) {
      thrown = t;
    } finally {
      // Read at the moment of return: a stage still inside its function now was not stopped.
      StringBuilder busy = new StringBuilder();
      for (int stage = 1; stage <= 3; stage++) {
        if (stages.inFlight(stage) > 0 && stages.thread(stage) != Thread.currentThread()) {
          busy.append(busy.isEmpty() ? "" : ", ").append("stage ").append(stage);
        }
      }
      inFunctionAtEnd = busy.isEmpty() ? null : busy.toString();
      stages.runEnded();
      ended = true;
    }
  }

  private static List<?> copy(List<?> returned) {
    try {
      return new ArrayList<>(returned);
    } catch (RuntimeException e) { // a list some stage was still changing as run() returned
      List<Object> seen = new ArrayList<>();
      seen.add("(the list changed while it was read: " + e + ")");
      return seen;
    }
  }

  boolean ended() {
    return ended;
  }

  List<?> result() {
    return result;
  }

  Throwable thrown() {
    return thrown;
  }

  /** The stages that were still inside their function when run returned or threw, or null. */
  String inFunctionAtEnd() {
    return inFunctionAtEnd;
  }

  /** Wait until the run ends, is stuck, or runs out of time. */
  Ending await() {
    long deadline =
        System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(FINISH_MILLIS));
    long stuckNanos = TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(STUCK_MILLIS));
    long quietSince = -1;
    int lastProgress = -1;
    while (!ended) {
      long now = System.nanoTime();
      int progress = stages.progress();
      boolean quiet =
          progress == lastProgress
              && (Threads.isWaiting(caller)
                  || stages.thread(1) == caller
                  || stages.thread(2) == caller
                  || stages.thread(3) == caller);
      for (int stage = 1; stage <= 3 && quiet; stage++) {
        quiet = stages.isQuiet(stage);
      }
      lastProgress = progress;
      quietSince = quiet ? (quietSince < 0 ? now : quietSince) : -1;
      if (quietSince >= 0 && now - quietSince > stuckNanos) {
        return Ending.STUCK;
      }
      if (now > deadline) {
        return Ending.STILL_RUNNING;
      }
      LockSupport.parkNanos(1_000_000);
    }
    return Ending.ENDED;
  }

  /**
   * Wait, bounded, for every stage thread other than the caller's to end; describe those that did
   * not.
   */
  List<String> awaitStageThreadsEnded() {
    long deadline =
        System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(GRACE_MILLIS));
    for (int stage = 1; stage <= 3; stage++) {
      Thread t = stages.thread(stage);
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (t != null && t != caller && left > 0) {
        try {
          t.join(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    return stages.aliveStageThreads(caller);
  }

  /** Free everything the check holds, so a failed check leaves as little behind as it can. */
  void cleanUp() {
    stages.releaseStall();
    if (!ended) {
      caller.interrupt();
      try {
        caller.join(TimeScale.millis(GRACE_MILLIS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

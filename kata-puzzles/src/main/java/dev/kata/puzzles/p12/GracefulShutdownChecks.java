package dev.kata.puzzles.p12;

import static org.quicktheories.generators.SourceDSL.integers;

import dev.kata.api.check.CallGate;
import dev.kata.api.check.InterruptProbe;
import dev.kata.api.check.Invariant;
import dev.kata.api.check.Patience;
import dev.kata.api.check.PropertyChecks;
import dev.kata.api.check.PuzzleChecks;
import dev.kata.api.check.Threads;
import dev.kata.api.check.TimeScale;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The checks of puzzle 12. Every task is a {@link HeldTask} the checks release when they choose, so
 * "in flight", "finished within the grace period" and "still running at its end" are facts the
 * checks arrange, not timings they hope for. {@code shutdown} runs on a thread of the checks'
 * ({@link ShutdownCall}), seen waiting before the checks go on, and the tasks' state is recorded
 * the moment it returns. The last check sends a real SIGTERM to a child JVM that runs the learner's
 * class under {@link SigtermHarness}.
 *
 * <p>Contract audit: each sentence of {@link WorkService} and of the starter's GOAL, and the check
 * that fails when it is violated.
 *
 * <table>
 *   <caption>contract sentence → check</caption>
 *   <tr><td>submit: accept a task and start running it at once, on a thread of its own; never
 *       waits in a queue</td><td>{@link #acceptedTasksStartAtOnceAndTheirFuturesTellTheOutcome}
 *       (every task of 2-6 starts while all the others are held)</td></tr>
 *   <tr><td>submit: a future of the task's result, or of what it threw; it may throw any exception
 *       or error</td><td>{@link #acceptedTasksStartAtOnceAndTheirFuturesTellTheOutcome}
 *       (generated RuntimeException, Error, checked exception, the very object as the cause)</td></tr>
 *   <tr><td>submit: RejectedExecutionException once shutdown has begun; the task then never runs</td>
 *       <td>{@link #newWorkIsRejectedOnceShutdownHasBegun}; the SIGTERM check's probe</td></tr>
 *   <tr><td>shutdown: stop accepting work at once</td><td>{@link #newWorkIsRejectedOnceShutdownHasBegun}
 *       (the probe comes while shutdown is seen waiting)</td></tr>
 *   <tr><td>shutdown: wait for the tasks in flight to end; return as soon as every accepted task has
 *       ended, not at the end of the grace period</td>
 *       <td>{@link #workThatEndsWithinTheGraceIsNotInterruptedAndShutdownReturnsWhenItEnds} (shutdown
 *       still waits while one task is held; returns within a margin of the last release, with a
 *       grace of minutes)</td></tr>
 *   <tr><td>shutdown: interrupt the tasks still running at the end of the grace period, not before
 *       </td><td>{@link #workStillRunningAtTheEndOfTheGraceIsInterruptedThen} (interrupt time at or
 *       after the grace, and within half a grace after it, with two or three stuck tasks: one grace
 *       period for the whole shutdown, not one per task) and {@link #workThatEndsWithinTheGraceIsNotInterruptedAndShutdownReturnsWhenItEnds}</td></tr>
 *   <tr><td>shutdown: wait at most another grace for them to end</td>
 *       <td>{@link #aTaskThatIgnoresItsInterruptIsWaitedForAtMostAnotherGrace}</td></tr>
 *   <tr><td>when shutdown returns, every task that honours interrupts has ended, no thread left</td>
 *       <td>{@link #workStillRunningAtTheEndOfTheGraceIsInterruptedThen} (tasks' state recorded at
 *       the return; each interrupted task cleans up until shutdown has returned or waits, so one
 *       that does not wait for them returns while they run, on every run), every check's thread
 *       joins, the runner's thread-leak guard</td></tr>
 *   <tr><td>returns: how many ended before the grace was over (those that ended before shutdown
 *       included), how many were interrupted</td><td>{@link #workStillRunningAtTheEndOfTheGraceIsInterruptedThen}
 *       (generated mix), and the report of every other check</td></tr>
 *   <tr><td>shutdown: interrupted while waiting, throw InterruptedException, the tasks interrupted too</td>
 *       <td>{@link #interruptingTheCallerOfShutdownInterruptsTheTasks}</td></tr>
 *   <tr><td>installSignalHandling: a hook that calls shutdown(grace) at SIGTERM; the task in flight
 *       completes; nothing new is accepted; the process exits on its own within the grace, with 143;
 *       no System.exit or Runtime.halt in the hook</td><td>{@link #aRealSigtermDrainsTheWorkAndTheProcessExits}
 *       (a hook calling System.exit is named as the deadlock it is)</td></tr>
 * </table>
 */
@PuzzleChecks(timeLimitSeconds = 40)
public class GracefulShutdownChecks {

  /** How long a correct solution may take to do what it should, before scaling. */
  private static final long WAIT_MILLIS = 2_000;

  /** A grace period no check waits for: only a solution that waits it out meets it. */
  private static final Duration LONG_GRACE = Duration.ofMinutes(5);

  /** The most points of one submit() that shutdown is made to overtake; any sane one has fewer. */
  private static final int MAX_SUBMIT_POINTS = 100;

  private static final long NEVER = Long.MIN_VALUE;

  /**
   * How long shutdown may take to be seen draining, before scaling; a correct one takes no time.
   */
  static final long DRAIN_SEEN_MILLIS = 10_000;

  /** The grace period of {@link #workStillRunningAtTheEndOfTheGraceIsInterruptedThen}. */
  private static final long GRACE_MILLIS = 800;

  @Test
  @Order(1)
  @DisplayName(
      "accepted tasks start at once, all together, and their futures give what they returned or"
          + " threw")
  void acceptedTasksStartAtOnceAndTheirFuturesTellTheOutcome(WorkService service) {
    PropertyChecks.forAll(
        8,
        integers().between(2, 6),
        integers().all(),
        (n, seed) -> {
          Random random = new Random(seed);
          HeldTask.Script[] scripts = {
            HeldTask.Script.RETURN,
            HeldTask.Script.THROW_RUNTIME,
            HeldTask.Script.THROW_ERROR,
            HeldTask.Script.THROW_CHECKED
          };
          List<HeldTask> tasks = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            tasks.add(new HeldTask("task " + (i + 1), scripts[random.nextInt(scripts.length)]));
          }
          WorkService fresh = newService(service);
          try {
            List<Future<String>> futures = new ArrayList<>();
            for (HeldTask task : tasks) {
              futures.add(fresh.submit(task));
              if (!task.awaitStarted(WAIT_MILLIS)) {
                throw Invariant.violated(
                    "an accepted task starts at once, on a thread of its own",
                    task
                        + " of "
                        + n
                        + " running while the "
                        + (futures.size() - 1)
                        + " before it are held",
                    "it did not start "
                        + Patience.howItEnded()
                        + ": it waited in a queue behind"
                        + " the running tasks (a pool of "
                        + (futures.size() - 1)
                        + " thread(s)?)");
              }
            }
            List<HeldTask> order = new ArrayList<>(tasks);
            Collections.shuffle(order, random);
            for (HeldTask task : order) {
              task.release();
              Future<String> future = futures.get(tasks.indexOf(task));
              requireOutcome(task, future);
            }
            ShutdownReport report = shutdownPromptly(fresh, tasks, "every task had already ended");
            requireReport(report, n, 0, "all " + n + " tasks ended before shutdown began");
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
          } finally {
            tasks.forEach(HeldTask::release);
          }
        });
  }

  @Test
  @Order(2)
  @DisplayName(
      "once shutdown has begun, submit throws RejectedExecutionException and the task never runs")
  void newWorkIsRejectedOnceShutdownHasBegun(WorkService service) throws InterruptedException {
    HeldTask inFlight = new HeldTask("task in flight", HeldTask.Script.RETURN);
    ShutdownCall call = null;
    try {
      submitStarted(service, inFlight);
      call = ShutdownCall.start(service, LONG_GRACE, List.of(inFlight));
      requireDraining(call, List.of(inFlight));
      AtomicBoolean probeRan = new AtomicBoolean();
      String invariant = "once shutdown has begun, new work is rejected";
      try {
        // Nothing is read from this future: that submit returned one at all is the violation.
        Future<String> _ =
            service.submit(
                () -> {
                  probeRan.set(true);
                  return "probe";
                });
        throw Invariant.violated(
            invariant,
            "submit throws RejectedExecutionException while shutdown drains",
            "it accepted a new task while shutdown() was waiting for the work in flight: the door"
                + " was left open"
                + (probeRan.get() ? ", and the task ran" : "")
                + " (call shutdown() on the executor first, then wait)");
      } catch (RejectedExecutionException expected) {
        // the door is closed
      } catch (RuntimeException e) {
        throw Invariant.violated(invariant, "RejectedExecutionException", "submit threw " + e);
      }
      inFlight.release();
      requireReturnsSoon(call, "the last task in flight ended");
      if (probeRan.get()) {
        throw Invariant.violated(
            "a rejected task never runs", "the rejected task not run", "it ran anyway");
      }
      requireReport(requireReturned(call), 1, 0, "one task completed while shutdown was draining");
    } finally {
      inFlight.release();
      if (call != null) {
        call.abandon();
      }
    }
  }

  @Test
  @Order(2)
  @DisplayName(
      "a submit that shutdown overtakes at any point of its course is rejected, or its task ends"
          + " before shutdown returns")
  void submitOvertakenByShutdownAtEveryPoint(CallGate gate) throws InterruptedException {
    gate.beforeEveryCall();
    String invariant = "a task submit() accepts is drained by shutdown; one it rejects never runs";
    for (int point = 1; point <= MAX_SUBMIT_POINTS; point++) {
      WorkService service = gate.newSolution(WorkService.class);
      AtomicLong taskEndedAt = new AtomicLong(NEVER); // System.nanoTime() when the task ended
      AtomicReference<Object> outcome = new AtomicReference<>(); // the Future, or what was thrown
      Thread submitter =
          Thread.ofPlatform()
              .name("check-submitter")
              .daemon(true)
              .unstarted(
                  () -> {
                    try {
                      outcome.set(
                          service.submit(
                              () -> {
                                taskEndedAt.set(System.nanoTime());
                                return "task";
                              }));
                    } catch (Throwable t) {
                      outcome.set(t);
                    }
                  });
      // submit() is held just before its point-th call; shutdown() then runs as far as it can.
      gate.holdAt(submitter, point);
      submitter.start();
      Optional<Thread> held = gate.awaitHeld(Duration.ofMillis(WAIT_MILLIS));
      if (held.isEmpty()) {
        // submit() returned before its point-th call: shutdown overtook it at every point.
        gate.release();
        submitter.join(TimeScale.millis(WAIT_MILLIS));
        ShutdownCall last = ShutdownCall.start(service, LONG_GRACE, List.of());
        last.awaitReturn(TimeScale.millis(WAIT_MILLIS));
        last.abandon();
        return;
      }
      String where = gate.heldAt().map(place -> "in " + place).orElse("inside submit()");
      final int at = point;
      ShutdownCall call = ShutdownCall.start(service, LONG_GRACE, List.of());
      try {
        var _ = call.awaitEndedOrStopped(WAIT_MILLIS);
        boolean returnedWhileHeld = call.hasReturned();
        gate.release();
        submitter.join(TimeScale.millis(WAIT_MILLIS));
        Invariant.require(
            !submitter.isAlive(),
            invariant,
            "submit() returns once shutdown() has run",
            () -> "submit() had not returned " + TimeScale.millis(WAIT_MILLIS) + " ms later");
        Invariant.require(
            call.awaitReturn(TimeScale.millis(WAIT_MILLIS)),
            invariant,
            "shutdown() returns once the work it waits for has ended",
            () ->
                "shutdown() had not returned "
                    + TimeScale.millis(WAIT_MILLIS)
                    + " ms after"
                    + " submit() returned");
        Object result = outcome.get();
        if (result instanceof RejectedExecutionException) {
          Invariant.require(
              taskEndedAt.get() == NEVER,
              invariant,
              "a rejected task never runs",
              () -> "submit() threw RejectedExecutionException, and the task ran anyway");
        } else if (result instanceof Throwable other) {
          throw Invariant.violated(
              invariant, "a Future, or RejectedExecutionException", "submit() threw " + other);
        } else if (taskEndedAt.get() == NEVER || taskEndedAt.get() > call.returnedAt()) {
          boolean ran = returnedWhileHeld && awaitTask(taskEndedAt);
          throw Invariant.violated(
              invariant,
              "shutdown() waits for every task submit() accepted",
              returnedWhileHeld
                  ? "shutdown() returned while submit() was paused "
                      + where
                      + " (before its call number "
                      + at
                      + "); submit() then accepted the task, which "
                      + (ran ? "ran after shutdown() had returned" : "never ran")
                      + ": the check \"has shutdown begun?\" and the registration of the task"
                      + " are two steps, and shutdown() came between them. Make them one atomic"
                      + " step (one lock around both, the lock shutdown() takes to close the door)"
                      + ", or register the task first and check after."
                  : "submit() accepted the task, and shutdown() returned before it had run"
                      + " (shutdown() began while submit() was paused "
                      + where
                      + ")");
        }
      } finally {
        gate.release();
        call.abandon();
      }
    }
  }

  /** Wait, bounded, for the task to have run; tell whether it did. */
  private static boolean awaitTask(AtomicLong taskEndedAt) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(500));
    while (taskEndedAt.get() == NEVER && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    return taskEndedAt.get() != NEVER;
  }

  @Test
  @Order(3)
  @DisplayName(
      "work that ends within the grace period is not interrupted, and shutdown returns as soon as"
          + " it has ended, not at the end of the grace period")
  void workThatEndsWithinTheGraceIsNotInterruptedAndShutdownReturnsWhenItEnds(WorkService service) {
    PropertyChecks.forAll(
        4,
        integers().between(1, 3),
        integers().all(),
        (n, seed) -> {
          Random random = new Random(seed);
          List<HeldTask> tasks = new ArrayList<>();
          HeldTask.Script[] scripts = {
            HeldTask.Script.RETURN,
            HeldTask.Script.THROW_RUNTIME,
            HeldTask.Script.THROW_ERROR,
            HeldTask.Script.THROW_CHECKED
          };
          for (int i = 0; i < n; i++) {
            tasks.add(new HeldTask("task " + (i + 1), scripts[random.nextInt(scripts.length)]));
          }
          WorkService fresh = newService(service);
          ShutdownCall call = null;
          try {
            List<Future<String>> futures = new ArrayList<>();
            for (HeldTask task : tasks) {
              futures.add(fresh.submit(task));
              requireStarted(task);
            }
            call = ShutdownCall.start(fresh, LONG_GRACE, tasks);
            requireDraining(call, tasks);
            List<HeldTask> order = new ArrayList<>(tasks);
            Collections.shuffle(order, random);
            for (int i = 0; i < order.size(); i++) {
              HeldTask task = order.get(i);
              task.release();
              if (!task.awaitEnded(WAIT_MILLIS)) {
                throw Invariant.violated(
                    "a released task ends", task + " ends once released", "it did not end");
              }
              if (i < order.size() - 1 && call.hasReturned()) {
                throw Invariant.violated(
                    "shutdown waits for every task in flight",
                    "shutdown() still waiting while " + (order.size() - 1 - i) + " task(s) run",
                    "it returned after "
                        + (i + 1)
                        + " of "
                        + n
                        + " tasks had ended: the others were still in flight");
              }
            }
            requireReturnsSoon(
                call,
                "the last task in flight ended, with a grace period of "
                    + LONG_GRACE.toMinutes()
                    + " minutes");
            for (HeldTask task : tasks) {
              if (task.wasInterrupted()) {
                throw Invariant.violated(
                    "work that ends within the grace period is not interrupted",
                    "no task interrupted",
                    task + " was interrupted although it ended within the grace period");
              }
            }
            for (HeldTask task : tasks) {
              requireOutcome(task, futures.get(tasks.indexOf(task)));
            }
            requireReport(
                requireReturned(call), n, 0, "all " + n + " tasks ended within the grace period");
            requireThreadsEnd(tasks);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
          } finally {
            tasks.forEach(HeldTask::release);
            abandon(call);
          }
        });
  }

  @Test
  @Order(4)
  @DisplayName(
      "work still running at the end of the grace period is interrupted then, not before, has ended"
          + " when shutdown returns, and the report counts it")
  void workStillRunningAtTheEndOfTheGraceIsInterruptedThen(WorkService service) {
    PropertyChecks.forAll(
        3,
        integers().between(0, 2),
        integers().between(0, 2),
        integers().between(2, 3),
        (before, during, stuck) -> {
          Duration grace = Duration.ofMillis(TimeScale.millis(GRACE_MILLIS));
          List<HeldTask> ended = new ArrayList<>();
          List<HeldTask> inGrace = new ArrayList<>();
          List<HeldTask> stuckTasks = new ArrayList<>();
          for (int i = 0; i < before; i++) {
            ended.add(
                new HeldTask(
                    "task " + (i + 1) + " (ends before shutdown)", HeldTask.Script.RETURN));
          }
          for (int i = 0; i < during; i++) {
            inGrace.add(
                new HeldTask(
                    "task " + (before + i + 1) + " (ends within the grace)",
                    i % 2 == 0 ? HeldTask.Script.THROW_RUNTIME : HeldTask.Script.RETURN));
          }
          for (int i = 0; i < stuck; i++) {
            stuckTasks.add(
                new HeldTask(
                    "task " + (before + during + i + 1) + " (runs until interrupted)",
                    HeldTask.Script.STUCK_CLEANING_UP));
          }
          List<HeldTask> all = new ArrayList<>(ended);
          all.addAll(inGrace);
          all.addAll(stuckTasks);
          WorkService fresh = newService(service);
          ShutdownCall call = null;
          try {
            for (HeldTask task : all) {
              submitStarted(fresh, task);
            }
            for (HeldTask task : ended) {
              task.release();
              task.awaitEnded(WAIT_MILLIS);
            }
            call = ShutdownCall.start(fresh, grace, all);
            requireDraining(call, all);
            for (HeldTask task : inGrace) {
              task.release();
              task.awaitEnded(WAIT_MILLIS);
            }
            // Once the grace is over and every task still running is interrupted, the tasks clean
            // up until shutdown has returned or waits: one that does not wait for its interrupted
            // tasks returns while they still run, on every run. Then they may end.
            long bound = grace.toMillis() + TimeScale.millis(WAIT_MILLIS);
            long waitedFrom = System.nanoTime();
            ShutdownCall running = call;
            if (Patience.until(
                () ->
                    running.hasReturned() || stuckTasks.stream().allMatch(HeldTask::wasInterrupted),
                GRACE_MILLIS + WAIT_MILLIS)) {
              var _ = call.awaitEndedOrStopped(WAIT_MILLIS);
            }
            stuckTasks.forEach(HeldTask::endCleanup);
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - waitedFrom);
            if (!call.awaitReturn(Math.max(1, bound - waited))) {
              boolean anyInterrupted = stuckTasks.stream().anyMatch(HeldTask::wasInterrupted);
              throw Invariant.violated(
                  "the grace period is bounded: shutdown returns soon after it",
                  "shutdown(" + grace.toMillis() + " ms) returns within " + bound + " ms",
                  "still waiting after "
                      + bound
                      + " ms"
                      + (anyInterrupted
                          ? ""
                          : ": the "
                              + stuck
                              + " task(s) still running were never interrupted (shutdownNow() after"
                              + " the grace period?)"));
            }
            if (call.thrown() != null) {
              throw Invariant.violated(
                  "shutdown returns a report", "a report", "it threw " + call.thrown());
            }
            for (HeldTask task : inGrace) {
              if (task.wasInterrupted()) {
                throw Invariant.violated(
                    "work that ends within the grace period is not interrupted",
                    "no task interrupted before the grace period is over",
                    task + " was interrupted");
              }
            }
            for (HeldTask task : stuckTasks) {
              if (!task.wasInterrupted()) {
                throw Invariant.violated(
                    "work still running at the end of the grace period is interrupted",
                    task + " interrupted",
                    "it was never interrupted: shutdown() returned and left it running");
              }
              long after = TimeUnit.NANOSECONDS.toMillis(task.interruptedAt() - call.startedAt());
              if (after < grace.toMillis() - 1) {
                throw Invariant.violated(
                    "work is interrupted only at the end of the grace period",
                    task + " interrupted " + grace.toMillis() + " ms or more after shutdown began",
                    "it was interrupted "
                        + after
                        + " ms after shutdown began, with time left to finish"
                        + (after < 20
                            ? ": interrupted at once (shutdownNow() instead of shutdown()?)"
                            : ""));
              }
              // One grace period for the whole shutdown, not one per task: a get(grace) per
              // future, one after the other, interrupts a whole grace period late or more. A timed
              // wait that ends is followed by the interrupts within milliseconds; the bound allows
              // half a grace.
              long lateBound = grace.toMillis() + grace.toMillis() / 2;
              Invariant.require(
                  after <= lateBound,
                  "one grace period for the whole shutdown: the tasks still running at its end are"
                      + " interrupted then",
                  task + " interrupted about " + grace.toMillis() + " ms after shutdown began",
                  () ->
                      "it was interrupted "
                          + after
                          + " ms after shutdown began, with "
                          + stuck
                          + " tasks still running: each task got a grace period of its own (a"
                          + " get(grace) per future, one after the other?). Wait for all of them"
                          + " against one deadline");
            }
            if (!call.runningAtReturn().isEmpty()) {
              throw Invariant.violated(
                  "when shutdown returns, every task that honours interrupts has ended",
                  "no task running when shutdown() returns",
                  call.runningAtReturn()
                      + " still running: interrupted"
                      + " but not waited for (awaitTermination after shutdownNow?)");
            }
            requireReport(
                call.report(),
                before + during,
                stuck,
                before
                    + " task(s) ended before shutdown, "
                    + during
                    + " within the grace period, "
                    + stuck
                    + " ran until interrupted");
            requireThreadsEnd(all);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
          } finally {
            all.forEach(HeldTask::release);
            abandon(call);
          }
        });
  }

  @Test
  @Order(5)
  @DisplayName("a task that ignores its interrupt is waited for at most another grace period")
  void aTaskThatIgnoresItsInterruptIsWaitedForAtMostAnotherGrace(WorkService service)
      throws InterruptedException {
    Duration grace = Duration.ofMillis(TimeScale.millis(300));
    HeldTask deaf = new HeldTask("a task that ignores interrupts", HeldTask.Script.DEAF);
    ShutdownCall call = null;
    try {
      submitStarted(service, deaf);
      call = ShutdownCall.start(service, grace, List.of(deaf));
      long bound = 2 * grace.toMillis() + TimeScale.millis(WAIT_MILLIS);
      if (!call.awaitReturn(bound)) {
        throw Invariant.violated(
            "shutdown waits at most another grace period after interrupting",
            "shutdown("
                + grace.toMillis()
                + " ms) returns within "
                + bound
                + " ms even if a task ignores interrupts",
            "still waiting after "
                + bound
                + " ms"
                + (deaf.wasInterrupted()
                    ? ": it waits without a bound for the interrupted task to end"
                    : ": the task was never interrupted"));
      }
      if (call.thrown() != null) {
        throw Invariant.violated(
            "shutdown returns a report", "a report", "it threw " + call.thrown());
      }
      requireReport(
          call.report(), 0, 1, "the one task was still running at the end of the grace period");
    } finally {
      deaf.release();
      abandon(call);
    }
    requireThreadsEnd(List.of(deaf));
  }

  @Test
  @Order(6)
  @DisplayName(
      "interrupting the caller of shutdown makes it throw InterruptedException and interrupts the"
          + " tasks")
  void interruptingTheCallerOfShutdownInterruptsTheTasks(WorkService service)
      throws InterruptedException {
    HeldTask stuck = new HeldTask("a task that runs until interrupted", HeldTask.Script.STUCK);
    try {
      submitStarted(service, stuck);
      InterruptProbe.Outcome outcome =
          InterruptProbe.interruptWhenBlocked(
                  "shutdown()", () -> service.shutdown(LONG_GRACE), () -> true)
              .requireHonoured();
      if (outcome.kind() != InterruptProbe.Kind.THREW) {
        throw Invariant.violated(
            "an interrupted shutdown() throws InterruptedException",
            "InterruptedException",
            "it returned " + outcome.value() + " with the interrupt flag set");
      }
      if (!stuck.awaitInterrupted(WAIT_MILLIS)) {
        throw Invariant.violated(
            "when shutdown() stops waiting, it interrupts the tasks still running",
            "the running task interrupted",
            "it was not interrupted "
                + Patience.howItEnded()
                + ": nobody will ever stop it (shutdownNow() before rethrowing?)");
      }
    } finally {
      stuck.release();
    }
    requireThreadsEnd(List.of(stuck));
  }

  @Test
  @Order(7)
  @DisplayName(
      "a real SIGTERM: the task in flight completes, new work is rejected, and the process exits on"
          + " its own within the grace period")
  void aRealSigtermDrainsTheWorkAndTheProcessExits(WorkService service) throws Exception {
    SigtermRun.check(service.getClass());
  }

  // ---------------------------------------------------------------- helpers

  /** A service of the same class, so a property's examples do not share one. */
  private static WorkService newService(WorkService prototype) {
    try {
      var constructor = prototype.getClass().getDeclaredConstructor();
      constructor.setAccessible(true);
      return constructor.newInstance();
    } catch (InvocationTargetException e) {
      throw new AssertionError(
          "the constructor of " + prototype.getClass().getName() + " threw " + e.getCause(),
          e.getCause());
    } catch (ReflectiveOperationException e) {
      // The runner created the first one the same way: this is the puzzle's fault, not the
      // learner's.
      throw new LinkageError(
          "the checks cannot create another " + prototype.getClass().getName() + ": " + e, e);
    }
  }

  /**
   * Submit a held task and wait until it runs. Its future is not read: the task records its own
   * outcome, which is what these checks judge (the futures are judged by the first check).
   */
  private static void submitStarted(WorkService service, HeldTask task)
      throws InterruptedException {
    Future<String> _ = service.submit(task);
    requireStarted(task);
  }

  private static void requireStarted(HeldTask task) throws InterruptedException {
    if (!task.awaitStarted(WAIT_MILLIS)) {
      throw Invariant.violated(
          "an accepted task starts at once",
          task + " running",
          "it did not start " + Patience.howItEnded());
    }
  }

  /** Shutdown must be seen waiting while tasks are held; say what it did if not. */
  private static void requireDraining(ShutdownCall call, List<HeldTask> tasks)
      throws InterruptedException {
    // A correct shutdown is seen waiting at once; the long limit only protects against a starved
    // machine. One that never waits (it spins) is let through: what it does next is judged.
    Threads.Seen seen = call.awaitWaiting(DRAIN_SEEN_MILLIS);
    HeldTask interrupted = firstInterrupted(tasks);
    if (interrupted != null) {
      throw Invariant.violated(
          "shutdown lets the work in flight finish within the grace period",
          "the tasks in flight not interrupted when shutdown begins",
          interrupted
              + " was interrupted as soon as shutdown began: the work in flight was dropped"
              + " (shutdownNow() before the grace period is over?)");
    }
    if (seen == Threads.Seen.ENDED) {
      List<HeldTask> running = tasks.stream().filter(t -> t.hasStarted() && !t.hasEnded()).toList();
      if (call.thrown() != null) {
        throw Invariant.violated(
            "shutdown waits for the work in flight",
            "shutdown() waiting",
            "it threw " + call.thrown());
      }
      throw Invariant.violated(
          "shutdown waits for the work in flight before it returns",
          "shutdown() still waiting while " + running.size() + " task(s) run",
          "it returned at once with "
              + running
              + " still in flight: nothing waited for the work to drain"
              + " (awaitTermination?)");
    }
  }

  private static HeldTask firstInterrupted(List<HeldTask> tasks) {
    return tasks.stream().filter(HeldTask::wasInterrupted).findFirst().orElse(null);
  }

  private static void requireReturnsSoon(ShutdownCall call, String when)
      throws InterruptedException {
    long bound = TimeScale.millis(WAIT_MILLIS);
    if (!call.awaitReturn(bound)) {
      throw Invariant.violated(
          "shutdown returns as soon as every accepted task has ended",
          "shutdown() returns within " + bound + " ms after " + when,
          "it was still waiting ("
              + call.stateNow()
              + ") after "
              + bound
              + " ms: it waits out the grace period"
              + " instead of returning when the work is done");
    }
  }

  private static ShutdownReport requireReturned(ShutdownCall call) {
    if (call.thrown() != null) {
      throw Invariant.violated(
          "shutdown returns a report", "a report", "it threw " + call.thrown());
    }
    return call.report();
  }

  /** Shut down a service whose tasks have all ended: it returns at once. */
  private static ShutdownReport shutdownPromptly(
      WorkService service, List<HeldTask> tasks, String when) throws InterruptedException {
    ShutdownCall call = ShutdownCall.start(service, LONG_GRACE, tasks);
    try {
      requireReturnsSoon(call, when);
      return requireReturned(call);
    } finally {
      call.abandon();
    }
  }

  private static void requireReport(
      ShutdownReport report, int completed, int interrupted, String situation) {
    ShutdownReport expected = new ShutdownReport(completed, interrupted);
    if (!expected.equals(report)) {
      throw Invariant.violated(
          "the report counts what completed in time and what was interrupted (" + situation + ")",
          expected,
          report);
    }
  }

  private static void requireOutcome(HeldTask task, Future<String> future)
      throws InterruptedException {
    String invariant = "a task's future gives what the task returned or threw";
    if (future == null) {
      throw Invariant.violated(invariant, "a future", "submit returned null");
    }
    try {
      String value = future.get(TimeScale.millis(WAIT_MILLIS), TimeUnit.MILLISECONDS);
      if (task.failure != null) {
        throw Invariant.violated(
            invariant, task + " fails with " + task.failure, "it gave " + value);
      }
      if (!task.name.equals(value)) {
        throw Invariant.violated(invariant, "\"" + task.name + "\"", "\"" + value + "\"");
      }
    } catch (ExecutionException e) {
      if (task.failure == null) {
        throw Invariant.violated(
            invariant, "\"" + task.name + "\"", "it failed with " + e.getCause());
      }
      if (e.getCause() != task.failure) {
        throw Invariant.violated(
            invariant,
            "a failure caused by " + task.failure + " itself",
            "caused by " + e.getCause());
      }
    } catch (TimeoutException e) {
      throw Invariant.violated(
          invariant,
          task + "'s future done once it ended",
          "still not done " + TimeScale.millis(WAIT_MILLIS) + " ms after");
    }
  }

  private static void requireThreadsEnd(List<HeldTask> tasks) throws InterruptedException {
    long deadline =
        System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(WAIT_MILLIS));
    for (HeldTask task : tasks) {
      Thread thread = task.thread();
      if (thread == null) {
        continue;
      }
      thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      if (thread.isAlive()) {
        throw Invariant.violated(
            "no thread of the service is left after shutdown",
            "the thread that ran " + task + " ends",
            "\""
                + thread.getName()
                + "\" still alive ("
                + thread.getState()
                + ") "
                + TimeScale.millis(WAIT_MILLIS)
                + " ms after shutdown returned");
      }
    }
  }

  private static void abandon(ShutdownCall call) {
    if (call == null) {
      return;
    }
    try {
      call.abandon();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

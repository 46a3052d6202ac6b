package dev.kata.puzzles.p05;

import dev.kata.api.check.TimeScale;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Run one {@link Scenario} of a solution as a cancellable task, the way a caller of {@code upload}
 * would: a {@link FutureTask} on a thread of its own, cancelled with {@code cancel(true)} at the
 * scenario's point, and record what the upload did and the state at the very moment it returned.
 *
 * <p>No sleep anywhere. The check cancels when the connection's checkpoint opens (the learner's
 * thread is inside the blocking call) and then waits, bounded, for the task to end: a correct
 * solution ends at once, and only one that ignores the cancellation reaches the bound.
 */
final class UploadRun {

  /** How long the learner's code may take to reach the point where the check cancels it. */
  static final long REACH_MILLIS = 5_000;
  /** How long a cancelled or finished upload may take to return. */
  static final long STOP_MILLIS = 5_000;

  final Scenario scenario;
  final ScriptedConnection connection;
  private final CountDownLatch checkpoint = new CountDownLatch(1);
  private final CountDownLatch exited = new CountDownLatch(1);

  // Written by the task thread before exited.countDown(), read after it: the latch orders them.
  private boolean returned;
  private Throwable thrown;
  private boolean flagAtExit;
  private int closesAtExit;

  private boolean neverReached;
  private boolean hung;
  private String hungState;

  private UploadRun(Scenario scenario) {
    this.scenario = scenario;
    this.connection = new ScriptedConnection(scenario, checkpoint);
  }

  /** Run the scenario to its end and return what happened; never hangs. */
  static UploadRun run(Uploader solution, Scenario scenario) {
    UploadRun run = new UploadRun(scenario);
    run.execute(solution);
    return run;
  }

  private void execute(Uploader solution) {
    List<String> records = scenario.recordList();
    Callable<Void> body = () -> {
      connection.callerIs(Thread.currentThread());
      if (scenario.event() == Scenario.Event.CANCEL_BEFORE_OPEN) {
        // Cancelled before upload even starts: wait here (not in the learner's code) for cancel(true).
        checkpoint.countDown();
        while (!Thread.currentThread().isInterrupted()) {
          LockSupport.park(this);
        }
      }
      try {
        solution.upload(connection, records);
        returned = true;
      } catch (Throwable t) {
        thrown = t;
      } finally {
        flagAtExit = Thread.currentThread().isInterrupted();
        closesAtExit = connection.closes();
        exited.countDown();
        checkpoint.countDown(); // an upload that ends before the cancel point must not keep the check waiting
      }
      return null;
    };
    FutureTask<Void> task = new FutureTask<>(body);
    connection.cancelWith(() -> task.cancel(true));
    Thread thread = Thread.ofPlatform().name("upload-task").daemon(true).unstarted(task);
    thread.start();
    try {
      Scenario.Event event = scenario.event();
      if (event == Scenario.Event.CANCEL_BEFORE_OPEN || event == Scenario.Event.CANCEL_IN_OPEN
          || event == Scenario.Event.CANCEL_IN_SEND) {
        if (!checkpoint.await(TimeScale.millis(REACH_MILLIS), TimeUnit.MILLISECONDS)) {
          neverReached = true;
        } else if (exited.getCount() > 0) {
          task.cancel(true); // the learner's thread is inside open()/send(), or about to call upload
        }
      }
      if (!neverReached && !exited.await(TimeScale.millis(STOP_MILLIS), TimeUnit.MILLISECONDS)) {
        hung = true;
      }
      if (neverReached || hung) {
        hungState = describeStuck(thread);
        connection.release();
        thread.interrupt();
      }
      thread.join(TimeScale.millis(STOP_MILLIS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      connection.release();
      thread.interrupt();
      throw new AssertionError("kata's check was interrupted while it waited for upload()", e);
    }
  }

  /** Where the stuck thread is: its state and the first frame of the learner's code. */
  private static String describeStuck(Thread thread) {
    StackTraceElement[] stack = thread.getStackTrace();
    String where = "";
    for (StackTraceElement frame : stack) {
      String cls = frame.getClassName();
      if (!cls.startsWith("java.") && !cls.startsWith("jdk.") && !cls.startsWith("dev.kata.")) {
        where = " in " + frame;
        break;
      }
    }
    return "thread \"" + thread.getName() + "\" was " + thread.getState() + where;
  }

  boolean returned() {
    return returned;
  }

  Throwable thrown() {
    return thrown;
  }

  boolean flagAtExit() {
    return flagAtExit;
  }

  int closesAtExit() {
    return closesAtExit;
  }

  boolean neverReached() {
    return neverReached;
  }

  boolean hung() {
    return hung;
  }

  String hungState() {
    return hungState;
  }
}

package dev.kata.puzzles.p05;

import dev.kata.api.check.TimeScale;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/**
 * Run one {@link Scenario} of a solution as a cancellable task, the way a caller of {@code upload}
 * would: a {@link FutureTask}, cancelled with {@code cancel(true)} at the scenario's point, and
 * record what the upload did and the state at the very moment it returned.
 *
 * <p>No sleep anywhere. To cancel a blocked open() or send(), the task runs on a thread of its own
 * and the check cancels it when the connection's checkpoint opens (the learner's thread is inside
 * the blocking call), then waits, bounded, for the task to end: a correct solution ends at once,
 * and only one that ignores the cancellation reaches the bound. Every other point is reached from
 * inside (the task cancels itself before upload, the connection cancels it between two calls or in
 * close), so those tasks run on the check's own thread.
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
  private FutureTask<Void> task; // set before it runs; read by its own callable and the connection

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
    Scenario.Event event = scenario.event();
    Callable<Void> body =
        () -> {
          connection.callerIs(Thread.currentThread());
          if (event == Scenario.Event.CANCEL_BEFORE_OPEN) {
            task.cancel(true); // cancelled before upload even starts: its thread begins interrupted
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
            // an upload that ends before the cancel point must not keep the check waiting
            checkpoint.countDown();
          }
          return null;
        };
    task = new FutureTask<>(body);
    connection.cancelWith(() -> task.cancel(true));
    if (event != Scenario.Event.CANCEL_IN_OPEN && event != Scenario.Event.CANCEL_IN_SEND) {
      // Nobody needs to cancel from outside: the connection (or the task itself) delivers
      // cancel(true)
      // from inside. Run the task on this thread: no thread to start, no hand-off to wait for, so a
      // loaded machine does not slow the checks down. A solution that hangs here meets the check's
      // time limit, which reports where it is stuck.
      task.run();
      // the upload's interrupt was recorded; the check's thread must not keep it
      Thread.interrupted();
      return;
    }
    Thread thread = Thread.ofPlatform().name("upload-task").daemon(true).unstarted(task);
    thread.start();
    try {
      if (!checkpoint.await(TimeScale.millis(REACH_MILLIS), TimeUnit.MILLISECONDS)) {
        neverReached = true;
      } else if (exited.getCount() > 0) {
        task.cancel(true); // the learner's thread is inside open() or send(), at the check's latch
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

package dev.kata.puzzles.p05;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The checks' connection: it plays one {@link Scenario}, records every call and every misuse, and
 * steers the cancellation without a single sleep.
 *
 * <ul>
 *   <li>Like every blocking JDK method, {@code open()} and {@code send()} throw {@link
 *       InterruptedException} if the thread is already interrupted when they are called.
 *   <li>At the scenario's blocking point (the open, or the send of record {@code at}) the call
 *       counts down {@link #checkpoint} and waits on a latch nobody opens: only an interrupt ends
 *       the wait. The check cancels when the checkpoint opens, so the interrupt lands inside that
 *       very call, on every run.
 *   <li>"After work" and "during close" cancellations are delivered by the call itself (it runs the
 *       check's cancel action, {@code Future.cancel(true)}, before returning): the interrupt
 *       arrives exactly between two of the learner's statements.
 *   <li>A call made after the upload was cancelled or failed is recorded, and does not block, so a
 *       solution that carries on ends quickly and is reported for what it did.
 * </ul>
 *
 * <p>State is guarded by {@code this}; the blocking waits happen outside the monitor so the check
 * can read the state while the learner's thread waits.
 */
final class ScriptedConnection implements Connection {

  private final Scenario scenario;
  private final CountDownLatch checkpoint;
  private final CountDownLatch never = new CountDownLatch(1);
  private volatile Runnable cancel = () -> {};
  private volatile Thread caller;

  private final List<String> calls = new ArrayList<>();
  private final List<String> sent = new ArrayList<>();
  private final List<String> misuse = new ArrayList<>();
  private final List<String> offThread = new ArrayList<>();
  private boolean opened;
  private int opens;
  private int closes;
  private boolean stopped; // cancelled (interrupt delivered) or failed: nothing more may be sent
  // cancel(true) arrived between calls; the next blocking call must see it
  private String cancelPending;
  private String stopReason;
  private volatile boolean blocked;
  private volatile boolean released;
  private Throwable closeThrew;
  private Throwable injected;

  ScriptedConnection(Scenario scenario, CountDownLatch checkpoint) {
    this.scenario = scenario;
    this.checkpoint = checkpoint;
  }

  /** Set the action that cancels the running upload: {@code Future.cancel(true)} of its task. */
  void cancelWith(Runnable cancel) {
    this.cancel = cancel;
  }

  /** Set the thread that calls {@code upload}: every call must come from it. */
  void callerIs(Thread thread) {
    this.caller = thread;
  }

  @Override
  public void open() throws IOException, InterruptedException {
    synchronized (this) {
      record("open()");
      opens++;
      if (opens > 1) {
        misuse.add("open() was called " + opens + " times");
      }
      if (closes > 0) {
        misuse.add("open() was called after close()");
      }
      if (Thread.interrupted()) {
        stop(
            "the interrupt reached open()",
            "✗ InterruptedException: the thread was already cancelled");
        throw new InterruptedException("cancelled before open()");
      }
      if (scenario.event() == Scenario.Event.OPEN_FAILS) {
        injected = scenario.failure().create("open()");
        stop("open() failed", "✗ throws " + Verdict.describe(injected));
        throwUnchecked(injected);
      }
    }
    if (scenario.event() == Scenario.Event.CANCEL_IN_OPEN && opens == 1) {
      block("open()");
    }
    synchronized (this) {
      opened = true;
      if (scenario.event() == Scenario.Event.CANCEL_AFTER_SEND && scenario.records() == 0) {
        selfCancel("cancel(true) right after open(), with no record to send");
      }
    }
  }

  @Override
  public void send(String record) throws IOException, InterruptedException {
    int index;
    synchronized (this) {
      record("send(" + record + ")");
      if (!opened) {
        misuse.add("send(" + record + ") was called on a connection that was not open");
      }
      if (closes > 0) {
        misuse.add("send(" + record + ") was called after close()");
      }
      if (stopped) {
        misuse.add("send(" + record + ") was called after " + stopReason);
        if (Thread.interrupted()) {
          throw new InterruptedException("cancelled");
        }
        return; // do not block: let it carry on, and report what it did
      }
      if (Thread.interrupted()) {
        stop(
            "the interrupt reached send(" + record + ")",
            "✗ InterruptedException: the thread was already cancelled");
        throw new InterruptedException("cancelled before send()");
      }
      if (cancelPending != null) {
        misuse.add(
            "send("
                + record
                + ") was called after "
                + cancelPending
                + ", with the interrupt flag cleared");
        return;
      }
      index = sent.size();
      if (scenario.event() == Scenario.Event.SEND_FAILS && index == scenario.at()) {
        injected = scenario.failure().create("send(" + record + ")");
        stop("send(" + record + ") failed", "✗ throws " + Verdict.describe(injected));
        throwUnchecked(injected);
      }
    }
    if (scenario.event() == Scenario.Event.CANCEL_IN_SEND && index == scenario.at()) {
      block("send(" + record + ")");
    }
    synchronized (this) {
      sent.add(record);
      if (scenario.event() == Scenario.Event.CANCEL_AFTER_SEND && index == scenario.at()) {
        selfCancel("cancel(true) right after send(" + record + ") returned");
      }
    }
  }

  @Override
  public synchronized void close() throws IOException {
    record("close()");
    closes++;
    if (!opened) {
      misuse.add(
          opens == 0
              ? "close() was called though open() was never called"
              : "close() was called though open() had not succeeded: there was nothing to close");
    }
    if (closes > 1) {
      misuse.add("close() was called " + closes + " times");
      return;
    }
    if (scenario.event() == Scenario.Event.CANCEL_IN_CLOSE) {
      selfCancel("cancel(true) while close() runs");
    }
    if (scenario.closeFailure() != Scenario.Failure.NONE) {
      closeThrew = scenario.closeFailure().create("close()");
      calls.set(calls.size() - 1, "close() ✗ throws " + Verdict.describe(closeThrew));
      throwUnchecked(closeThrew);
    }
  }

  /** Wait on a latch nobody opens: only an interrupt (the check's cancel) ends it. */
  private void block(String call) throws InterruptedException {
    blocked = true;
    checkpoint.countDown();
    try {
      never.await();
    } catch (InterruptedException e) {
      synchronized (this) {
        stop(
            "cancel(true) interrupted " + call,
            "✗ blocked, then cancel(true): InterruptedException");
      }
      throw e;
    } finally {
      blocked = false;
    }
    if (released) {
      throw new IllegalStateException(
          call + " was abandoned by the check after the upload ignored its cancellation");
    }
  }

  private void selfCancel(String what) {
    cancelPending = what;
    cancel.run();
    calls.set(calls.size() - 1, calls.get(calls.size() - 1) + " ← " + what);
  }

  private void stop(String reason, String mark) {
    stopped = true;
    stopReason = reason;
    int last = calls.size() - 1;
    calls.set(last, calls.get(last) + " " + mark);
  }

  private void record(String call) {
    calls.add(call);
    Thread current = Thread.currentThread();
    if (caller != null && current != caller && offThread.size() < 3) {
      offThread.add(
          call.replaceAll(" .*", "")
              + " ran on thread \""
              + current.getName()
              + "\", not on the thread that"
              + " called upload (\""
              + caller.getName()
              + "\")");
    }
  }

  /** Throw any throwable from a method that declares IOException: the checks inject all kinds. */
  @SuppressWarnings("unchecked")
  private static <T extends Throwable> void throwUnchecked(Throwable t) throws T {
    throw (T) t;
  }

  /** Let a call the check abandoned end, so no thread is left behind. */
  void release() {
    released = true;
    never.countDown();
  }

  boolean blocked() {
    return blocked;
  }

  synchronized boolean opened() {
    return opened;
  }

  synchronized int opens() {
    return opens;
  }

  synchronized int closes() {
    return closes;
  }

  synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  synchronized List<String> sent() {
    return List.copyOf(sent);
  }

  synchronized List<String> misuse() {
    return List.copyOf(misuse);
  }

  synchronized List<String> offThread() {
    return List.copyOf(offThread);
  }

  synchronized Throwable closeThrew() {
    return closeThrew;
  }

  /** The failure open() or send() threw, or null. */
  synchronized Throwable injected() {
    return injected;
  }

  synchronized boolean stopped() {
    return stopped;
  }
}

package dev.kata.puzzles.p05;

import dev.kata.api.check.Futures;
import dev.kata.api.check.Invariant;
import dev.kata.api.check.TimeScale;
import java.util.Arrays;
import java.util.List;

/**
 * Judge one {@link UploadRun} against every sentence of {@link Uploader#upload}, and name the first
 * one it broke, in the learner's terms, with the calls the connection saw.
 *
 * <p>The order of the rules is the order a learner should fix them in: a hang first, then calls
 * from the wrong thread, misuse of the connection, the connection left open, the records, the
 * exception, the interrupt.
 */
final class Verdict {

  private Verdict() {}

  static void judge(UploadRun run) {
    Scenario s = run.scenario;
    ScriptedConnection c = run.connection;
    String context = " (" + s + ")";
    String calls =
        "  calls the connection saw: "
            + (c.calls().isEmpty() ? "none" : String.join(" · ", c.calls()));

    if (run.neverReached()) {
      String point =
          switch (s.event()) {
            case CANCEL_IN_OPEN -> "open()";
            case CANCEL_IN_SEND -> "send(r" + s.at() + ")";
            default -> "upload()";
          };
      throw Invariant.violated(
          "upload() calls open(), then send() for each record" + context,
          "upload() reaches " + point,
          "it neither reached "
              + point
              + " nor returned within "
              + TimeScale.millis(UploadRun.REACH_MILLIS)
              + " ms: "
              + run.hungState(),
          calls);
    }
    if (run.hung()) {
      if (s.event().cancels()) {
        throw Invariant.violated(
            "a cancelled upload stops promptly" + context,
            "upload() ends soon after cancel(true): it stops sending and gives the connection back",
            "it was still running "
                + TimeScale.millis(UploadRun.STOP_MILLIS)
                + " ms after cancel(true): "
                + run.hungState()
                + ". Catching InterruptedException and waiting or working again ignores the"
                + " cancellation",
            calls);
      }
      throw Invariant.violated(
          "upload() returns once its work is done" + context,
          "it returns",
          "it was still running after "
              + TimeScale.millis(UploadRun.STOP_MILLIS)
              + " ms: "
              + run.hungState(),
          calls);
    }
    if (!c.offThread().isEmpty()) {
      throw Invariant.violated(
          "every call on the connection is made by the thread that called upload()" + context,
          "open(), send() and close() run on the caller's thread, where cancel(true) interrupts"
              + " them",
          c.offThread().getFirst()
              + ": a cancellation of the caller does not reach it, and the upload is not"
              + " done when upload() returns",
          calls);
    }
    if (!c.misuse().isEmpty()) {
      String first = c.misuse().getFirst();
      throw Invariant.violated(
          misuseRule(first) + context, misuseExpected(first), first + misuseAdvice(first), calls);
    }
    if (c.opened() && run.closesAtExit() == 0) {
      String observed =
          c.closes() > 0
              ? "the connection was still open when upload() returned; it was closed only"
                  + " afterwards, elsewhere"
              : "the connection was opened and never closed" + leftOpenBecause(run);
      throw Invariant.violated(
          "an opened connection is closed exactly once, before upload() returns" + context,
          "close() called once, whatever happened",
          observed,
          calls);
    }
    if (s.event().opens() && !c.opened()) {
      throw Invariant.violated(
          "upload() opens the connection" + context,
          "open() called and succeeded",
          c.opens() == 0 ? "open() was never called" : "open() did not succeed",
          calls);
    }
    List<String> expectedSent =
        switch (s.event()) {
          case NONE, CANCEL_IN_CLOSE -> s.recordList();
          case CANCEL_AFTER_SEND -> s.recordList().subList(0, Math.min(s.records(), s.at() + 1));
          case CANCEL_IN_SEND, SEND_FAILS -> s.recordList().subList(0, s.at());
          default -> List.of();
        };
    if (!c.sent().equals(expectedSent)) {
      throw Invariant.violated(
          "every record is sent once, in order" + context,
          expectedSent.isEmpty() ? "no record sent" : "sent " + expectedSent,
          firstDifference(expectedSent, c.sent()),
          calls);
    }
    if (s.event().cancels()) {
      judgeCancelled(run, context, calls);
    } else {
      judgeNotCancelled(run, context, calls);
    }
  }

  private static void judgeNotCancelled(UploadRun run, String context, String calls) {
    ScriptedConnection c = run.connection;
    Throwable work = c.injected();
    Throwable close = c.closeThrew();
    Throwable expected = work != null ? work : close;
    Throwable thrown = run.thrown();
    String what =
        work != null
            ? (run.scenario.event() == Scenario.Event.OPEN_FAILS ? "open()" : "send()")
            : "close()";
    if (expected == null && thrown != null) {
      throw Invariant.violated(
          "upload() returns normally when nothing fails and nothing cancels it" + context,
          "it returns",
          "it threw " + describe(thrown),
          calls);
    }
    if (expected != null && thrown != expected) {
      String observed;
      if (thrown == null) {
        observed =
            "upload() returned normally: the failure of "
                + what
                + " was swallowed, and the caller believes"
                + " the upload succeeded";
      } else if (work != null && thrown == close) {
        observed =
            "it threw close()'s failure "
                + describe(close)
                + " instead: the failure of "
                + what
                + " was lost"
                + (Arrays.asList(close.getSuppressed()).contains(work)
                    ? " (it was attached to close()'s as suppressed, the" + " wrong way round)"
                    : "")
                + ". A finally block that throws replaces the exception in flight";
      } else if (Futures.causedBy(thrown, expected)) {
        observed =
            "it threw " + describe(thrown) + ", which wraps it: throw the original, unchanged";
      } else {
        observed = "it threw " + describe(thrown) + " instead";
      }
      throw Invariant.violated(
          "the failure of " + what + " reaches the caller unchanged" + context,
          "upload() throws " + describe(expected) + ", the very exception " + what + " threw",
          observed,
          calls);
    }
    if (work != null && close != null && !Arrays.asList(work.getSuppressed()).contains(close)) {
      throw Invariant.violated(
          "when the work failed and close() failed too, the close failure is attached as"
              + " suppressed"
              + context,
          describe(work) + " with " + describe(close) + " in getSuppressed()",
          "getSuppressed() holds "
              + Arrays.stream(work.getSuppressed()).map(Verdict::describe).toList()
              + ": close()'s failure was lost. try-with-resources does this for you; by hand, catch"
              + " it and call addSuppressed",
          calls);
    }
    if (run.flagAtExit()) {
      throw Invariant.violated(
          "the interrupt flag is left clear when nothing cancelled the upload" + context,
          "the thread not interrupted when upload() ends",
          "the thread's interrupt flag was set, though nobody"
              + " cancelled it: the next blocking call of this thread will fail",
          calls);
    }
  }

  private static void judgeCancelled(UploadRun run, String context, String calls) {
    ScriptedConnection c = run.connection;
    Throwable close = c.closeThrew();
    Throwable thrown = run.thrown();
    boolean threwInterrupted = thrown instanceof InterruptedException;
    if (thrown != null && !threwInterrupted && thrown != close) {
      throw Invariant.violated(
          "a cancelled upload throws InterruptedException or returns with the interrupt flag"
              + " set"
              + context,
          "InterruptedException, or a return with the flag set",
          "it threw "
              + describe(thrown)
              + (wrapsInterrupt(thrown)
                  ? ", which wraps the InterruptedException: the caller cannot tell it was"
                      + " cancelled. Let it propagate as it is, or return with the flag set"
                  : ""),
          calls);
    }
    if (!threwInterrupted && !run.flagAtExit()) {
      String observed;
      if (thrown == null) {
        observed =
            "upload() returned normally and the thread's interrupt flag was clear: the cancellation"
                + " was swallowed, so the code that cancelled it cannot tell. Let the"
                + " InterruptedException propagate, or restore the flag with"
                + " Thread.currentThread().interrupt()";
      } else {
        observed =
            "it threw close()'s failure "
                + describe(close)
                + " with the interrupt flag clear: the"
                + " InterruptedException it replaced was lost";
      }
      throw Invariant.violated(
          "the interrupt is not lost" + context,
          "InterruptedException leaves upload(), or the interrupt flag is set when it returns",
          observed,
          calls);
    }
    if (close != null
        && thrown != close
        && !(threwInterrupted && Arrays.asList(thrown.getSuppressed()).contains(close))) {
      throw Invariant.violated(
          "close()'s failure is not lost, even after a cancellation" + context,
          "upload() throws "
              + describe(close)
              + ", or an InterruptedException with it in getSuppressed()",
          thrown == null
              ? "upload() returned normally: close()'s failure was swallowed"
              : "it threw " + describe(thrown) + " without it: close()'s failure was lost",
          calls);
    }
  }

  private static boolean wrapsInterrupt(Throwable thrown) {
    for (Throwable t = thrown.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
      if (t instanceof InterruptedException) {
        return true;
      }
    }
    return false;
  }

  private static String leftOpenBecause(UploadRun run) {
    Throwable thrown = run.thrown();
    if (thrown == null) {
      return run.flagAtExit()
          ? ", though upload() returned: the thread was interrupted at that point, and the code"
              + " skipped close(). Cleanup must run on a cancelled thread too: that is when it"
              + " matters most"
          : "";
    }
    return ": "
        + describe(thrown)
        + " left upload() and skipped the close()"
        + (thrown instanceof Error
            ? " (an Error is not an Exception: catch (Exception e) does not see it)"
            : "")
        + ". Close in finally, or with try-with-resources";
  }

  static String misuseRule(String misuse) {
    if (misuse.startsWith("open() was called") && misuse.contains("times")) {
      return "open() is called once";
    }
    if (misuse.startsWith("close() was called") && misuse.contains("times")) {
      return "the connection is closed exactly once";
    }
    if (misuse.startsWith("close()")) {
      return "a connection that did not open is never closed";
    }
    if (misuse.startsWith("open()")) {
      return "open() is called once, before anything else";
    }
    if (misuse.contains("after cancel")
        || misuse.contains("after the interrupt")
        || misuse.contains("failed")) {
      return "nothing is sent after the upload was cancelled or failed";
    }
    return "records are sent only while the connection is open";
  }

  static String misuseExpected(String misuse) {
    if (misuse.startsWith("close()") && !misuse.contains("times")) {
      return "no close() unless open() succeeded";
    }
    if (misuse.contains("after cancel") || misuse.contains("after the interrupt")) {
      return "stop at the cancellation: no call after it but close()";
    }
    if (misuse.contains("failed")) {
      return "stop at the failure: no call after it but close()";
    }
    return "open() once, then send() for each record, then close() once";
  }

  static String misuseAdvice(String misuse) {
    if (misuse.endsWith("with the interrupt flag cleared")) {
      return ": something cleared the flag (Thread.interrupted() does, and so does catching"
          + " InterruptedException) and the work went on, so the cancellation was swallowed."
          + " Test it with isInterrupted(), or let the next blocking call throw";
    }
    if (misuse.startsWith("close()") && !misuse.contains("times")) {
      return ". Call open() before the try whose finally (or try-with-resources) closes: a failed"
          + " or interrupted open() has nothing to close";
    }
    if (misuse.contains("after cancel") || misuse.contains("after the interrupt")) {
      return ": the InterruptedException was caught and the work went on, so the cancellation was"
          + " ignored";
    }
    if (misuse.contains("close() was called") && misuse.contains("times")) {
      return ": close in exactly one place, the finally block or try-with-resources";
    }
    return "";
  }

  private static String firstDifference(List<String> expected, List<String> sent) {
    for (int i = 0; i < Math.min(expected.size(), sent.size()); i++) {
      if (!expected.get(i).equals(sent.get(i))) {
        return "send number "
            + (i + 1)
            + " was \""
            + sent.get(i)
            + "\" instead of \""
            + expected.get(i)
            + "\"";
      }
    }
    if (sent.size() < expected.size()) {
      return sent.isEmpty()
          ? "nothing was sent"
          : "only " + sent + " was sent: \"" + expected.get(sent.size()) + "\" never was";
    }
    return "sent " + sent + ": \"" + sent.get(expected.size()) + "\" too";
  }

  /** Name an exception as a learner reads it: its simple type and message. */
  static String describe(Throwable t) {
    if (t == null) {
      return "nothing";
    }
    String type = t instanceof Scenario.InjectedError ? "Error" : t.getClass().getSimpleName();
    return t.getMessage() == null ? type : type + "(\"" + t.getMessage() + "\")";
  }
}

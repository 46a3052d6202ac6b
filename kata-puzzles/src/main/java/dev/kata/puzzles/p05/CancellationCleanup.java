package dev.kata.puzzles.p05;

import com.google.auto.service.AutoService;
import dev.kata.api.Hints;
import dev.kata.api.KataPuzzle;
import dev.kata.api.Puzzle;
import dev.kata.api.WrongSolution;
import java.util.List;

/**
 * Puzzle 05: interruption is cancellation; a cancelled worker gives back what it holds and keeps
 * the interrupt.
 */
@AutoService(Puzzle.class)
@KataPuzzle(
    id = "05",
    slug = "cancellation-cleanup",
    title = "Cancellation and cleanup",
    difficulty = 2,
    prerequisites = "04",
    concepts = {
      "interruption as cancellation",
      "keep the interrupt",
      "release in finally",
      "suppressed exceptions"
    },
    apis = {
      "Future.cancel(true)",
      "InterruptedException",
      "Thread.interrupt",
      "try-with-resources",
      "Throwable.addSuppressed"
    },
    objective =
        "Open a connection, send records, and close it exactly once whatever happens: cancelled at"
            + " any point, or failing; and never lose the interrupt or a failure.")
public final class CancellationCleanup implements Puzzle {

  @Override
  public Class<?> contract() {
    return Uploader.class;
  }

  @Override
  public String solutionFile() {
    return "p05_cancellation_cleanup/RecordUploader.java";
  }

  @Override
  public List<Class<?>> checks() {
    return List.of(CancellationCleanupChecks.class);
  }

  @Override
  public Hints hints() {
    return new Hints(
        "Java cancels a thread by interrupting it: a blocked call then throws InterruptedException,"
            + " which also clears the thread's interrupt flag. Whoever catches it owns the"
            + " cancellation: stop, give back what you hold, and tell the caller (rethrow, or set"
            + " the flag again). Cleanup that must always happen belongs where every way out of the"
            + " method passes: normal return, exception, Error, interrupt.",
        "try-with-resources closes a resource on every way out and, if close() throws while another"
            + " exception is leaving, attaches it with addSuppressed. Java 9+ accepts an existing"
            + " variable: try (connection) { ... }. Thread.currentThread().interrupt() restores the"
            + " flag if you catch InterruptedException and do not rethrow it.",
        """
        // outside the try: an open() that fails or is interrupted has nothing to close
        connection.open();
        try (connection) { for (String r : records) { connection.send(r); } }
        // declare throws InterruptedException and let it propagate: no catch needed\
        """);
  }

  @Override
  public List<WrongSolution> wrongSolutions() {
    return List.of(
        new WrongSolution(
            "close-not-in-finally",
            "calls close() after the work, not in finally, so a cancelled or failed upload leaves"
                + " the connection open"),
        new WrongSolution(
            "carries-on-after-interrupt",
            "catches InterruptedException around each send and carries on with the next record"),
        new WrongSolution(
            "swallowed-interrupt",
            "catches InterruptedException and returns without restoring the interrupt flag"),
        new WrongSolution(
            "open-inside-try",
            "calls open() inside the try whose finally closes, so a failed or interrupted open() is"
                + " closed"),
        new WrongSolution("closes-twice", "closes at the end of the try and again in finally"),
        new WrongSolution(
            "close-failure-hides-work-failure",
            "closes in a plain finally, so a close() that throws replaces the work's failure"),
        new WrongSolution(
            "catch-exception-not-error",
            "closes in catch (Exception e) and after the loop instead of finally, so an Error skips"
                + " close()"),
        new WrongSolution(
            "wraps-failures",
            "wraps every failure in a RuntimeException, so the caller never sees the original"
                + " exception"),
        new WrongSolution(
            "suppressed-backwards",
            "attaches the work's failure to close()'s and throws close()'s, the wrong way round"),
        new WrongSolution(
            "clears-flag-before-close",
            "clears the interrupt flag before closing \"so that close() is not disturbed\", and"
                + " never sets it again."),
        new WrongSolution(
            "close-on-another-thread",
            "hands close() to a background thread so a slow close does not delay the caller. The"
                + " connection is still open when upload() returns, and a close() failure reaches"
                + " nobody."),
        new WrongSolution(
            "close-only-on-success-or-interrupt",
            "thinks of the two ways out it knows, success and cancellation, and closes on both; an"
                + " IOException or RuntimeException from send() leaves the connection open."),
        new WrongSolution(
            "close-skipped-when-interrupted",
            "\"don't do I/O on a cancelled thread\": the finally closes only if the thread is not"
                + " interrupted. A cancel that lands after the last send leaves the connection"
                + " open."),
        new WrongSolution(
            "interrupted-io-exception",
            "turns the cancellation into an InterruptedIOException, \"since it is I/O\". That is an"
                + " IOException: the InterruptedException is gone and the flag is clear, so the"
                + " caller sees an I/O failure, not a cancellation."),
        new WrongSolution(
            "interrupted-poll-clears-flag",
            "polls Thread.interrupted() between records and stops, but that call clears the flag,"
                + " and the method then returns normally: the cancellation is swallowed."),
        new WrongSolution(
            "restores-flag-and-continues",
            "restores the interrupt flag, as it has read it should, but then carries on with the"
                + " next record instead of stopping."),
        new WrongSolution(
            "retries-open-once",
            "retries a failed open() once. The contract says open() is called once and its failure"
                + " reaches the caller; a retry also hides the first failure."),
        new WrongSolution(
            "swallows-close-failure",
            "closes in finally but ignores close()'s IOException (\"what could we do about it?\")."
                + " The caller believes the data was flushed and the connection given back."));
  }
}

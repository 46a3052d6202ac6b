package p05_cancellation_cleanup;

import dev.kata.puzzles.p05.Connection;
import dev.kata.puzzles.p05.Uploader;
import java.io.IOException;
import java.util.List;

/*
 * Puzzle 05 · Cancellation and cleanup
 *
 * GOAL
 *   Open a connection, send every record, and close it: exactly once if it opened, never if it
 *   did not, whatever happens. The upload can be cancelled at any moment, and any call can fail.
 *
 * THE CONCEPT
 *   Java has no way to stop a thread from outside. Cancelling a task (Future.cancel(true))
 *   INTERRUPTS its thread: a blocked call then throws InterruptedException, and that throw also
 *   CLEARS the thread's interrupt flag. So whoever catches it owns the cancellation: stop working,
 *   give back what you hold, and tell your caller: let the exception propagate, or set the flag
 *   again. Cleanup that must always happen goes where every way out of the method passes: a
 *   normal return, an exception, an Error, an interrupt.
 *
 * WHAT THE CHECKS PROVE (with their own connection, which blocks and fails where they choose)
 *   - not cancelled: open() once, send() each record once in order, close() once, on your thread;
 *   - cancel(true) before open(), while open() or a send() blocks, just after a send(), during
 *     close(): the connection is closed exactly once if open() succeeded and never if not, before
 *     upload() returns; nothing is sent after the cancel; the interrupt is not lost (either
 *     InterruptedException leaves upload(), or the flag is still set when it returns);
 *   - open() or send() fails with a checked exception, a RuntimeException or an Error: that very
 *     exception reaches the caller, unwrapped, nothing more is sent, and the connection is closed
 *     once if it opened;
 *   - close() fails too: its failure reaches the caller, or, if the work already failed, it is
 *     attached to the work's failure as suppressed (as try-with-resources does).
 *
 * Run:   ./kata run --puzzle 5        Hints:  ./kata hint --puzzle 5 --level 1
 */
public class RecordUploader implements Uploader {

  @Override
  public void upload(Connection connection, List<String> records)
      throws IOException, InterruptedException {
    connection.open();
    for (String record : records) {
      try {
        connection.send(record);
      } catch (InterruptedException e) {
        // TODO: this is a cancellation. Carrying on ignores it, and catching it cleared the
        // interrupt flag.
      }
    }
    // TODO: close() is skipped when send() throws or the upload is cancelled. Close on every way
    // out,
    //       but only a connection whose open() succeeded, and don't let a failing close() hide the
    //       failure that was already leaving the method.
    connection.close();
  }
}

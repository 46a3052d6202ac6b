package p05_cancellation_cleanup;

import dev.kata.puzzles.p05.Connection;
import dev.kata.puzzles.p05.Uploader;
import java.io.IOException;
import java.util.List;

/**
 * Reference solution of puzzle 05.
 *
 * <p>Three decisions, each answering one way the upload can end:
 *
 * <ul>
 *   <li>{@code open()} comes BEFORE the try. If it throws (fails, or is interrupted) there is
 *       nothing to give back, and a close() would act on a connection that never opened.
 *   <li>try-with-resources closes on every way out of the block: normal end, IOException,
 *       RuntimeException, Error, InterruptedException. If close() throws while another exception is
 *       leaving, that one wins and close()'s is attached to it with addSuppressed: the first
 *       failure is the one the caller needs to see. A hand-written finally that calls close() would
 *       let close()'s exception REPLACE the one in flight.
 *   <li>InterruptedException is not caught at all: the method declares it, so a cancellation leaves
 *       upload() as that exception, after the connection was closed. The caller (here, the
 *       FutureTask that was cancelled) learns of it the standard way. Catching it to "handle" it
 *       would clear the thread's interrupt flag and swallow the cancellation.
 * </ul>
 *
 * <p>If the interrupt arrives where no blocking call notices it (after the last send, or inside
 * close()), the method ends normally and the flag is still set, because nothing here clears it: the
 * next blocking call of the caller's thread will see it. Everything runs on the caller's thread, so
 * cancel(true) reaches every call, and the connection is closed before upload() returns.
 */
public class RecordUploader implements Uploader {

  @Override
  public void upload(Connection connection, List<String> records)
      throws IOException, InterruptedException {
    connection.open();
    try (connection) {
      for (String record : records) {
        // interruptible: a cancel(true) here ends the loop with InterruptedException
        connection.send(record);
      }
    }
  }
}

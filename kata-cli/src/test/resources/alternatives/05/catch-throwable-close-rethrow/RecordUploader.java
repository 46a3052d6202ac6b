package p05_cancellation_cleanup;

import dev.kata.puzzles.p05.Connection;
import dev.kata.puzzles.p05.Uploader;
import java.io.IOException;
import java.util.List;

/**
 * CORRECT, unlike the reference: it checks for cancellation itself between records with
 * Thread.interrupted() and turns it into an InterruptedException, closes in a catch (Throwable)
 * that attaches a close failure as suppressed, and closes once more on the success path.
 */
public class RecordUploader implements Uploader {

  @Override
  public void upload(Connection connection, List<String> records)
      throws IOException, InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("cancelled before opening");
    }
    connection.open();
    try {
      for (String record : records) {
        if (Thread.interrupted()) {
          throw new InterruptedException("cancelled between records");
        }
        connection.send(record);
      }
    } catch (Throwable t) {
      try {
        connection.close();
      } catch (Throwable closeFailure) {
        t.addSuppressed(closeFailure);
      }
      throw t;
    }
    connection.close();
  }
}

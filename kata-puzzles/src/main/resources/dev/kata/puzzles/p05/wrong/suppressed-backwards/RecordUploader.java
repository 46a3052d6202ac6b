package p05_cancellation_cleanup;

import dev.kata.puzzles.p05.Connection;
import dev.kata.puzzles.p05.Uploader;
import java.io.IOException;
import java.util.List;

/**
 * WRONG: a hand-made try-with-resources that gets it backwards: when close() fails after the work
 * failed, it attaches the work's failure to close()'s and throws close()'s. The caller sees the
 * close failure first and the real cause only buried in getSuppressed().
 */
public class RecordUploader implements Uploader {

  @Override
  public void upload(Connection connection, List<String> records)
      throws IOException, InterruptedException {
    connection.open();
    Throwable failure = null;
    try {
      for (String record : records) {
        connection.send(record);
      }
    } catch (Throwable t) {
      failure = t;
      throw t;
    } finally {
      try {
        connection.close();
      } catch (Throwable closeFailure) {
        if (failure != null) {
          closeFailure.addSuppressed(failure);
        }
        throw closeFailure;
      }
    }
  }
}

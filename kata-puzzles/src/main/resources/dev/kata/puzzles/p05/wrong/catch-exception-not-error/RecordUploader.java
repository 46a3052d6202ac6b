package p05_cancellation_cleanup;

import dev.kata.puzzles.p05.Connection;
import dev.kata.puzzles.p05.Uploader;
import java.io.IOException;
import java.util.List;

/**
 * WRONG: closes in catch (Exception e) and after the loop instead of in finally. An Error (say an
 * OutOfMemoryError, or an AssertionError from a library) is not an Exception: it skips close().
 */
public class RecordUploader implements Uploader {

  @Override
  public void upload(Connection connection, List<String> records)
      throws IOException, InterruptedException {
    connection.open();
    try {
      for (String record : records) {
        connection.send(record);
      }
    } catch (Exception e) {
      try {
        connection.close();
      } catch (Exception closeFailure) {
        e.addSuppressed(closeFailure);
      }
      throw e;
    }
    connection.close();
  }
}

package p05_cancellation_cleanup;

import dev.kata.puzzles.p05.Connection;
import dev.kata.puzzles.p05.Uploader;
import java.io.IOException;
import java.util.List;

/**
 * WRONG: open() inside the try whose finally closes. A failed or interrupted open() has nothing to
 * close, yet close() is called on a connection that never opened.
 */
public class RecordUploader implements Uploader {

  @Override
  public void upload(Connection connection, List<String> records)
      throws IOException, InterruptedException {
    try (connection) {
      connection.open();
      for (String record : records) {
        connection.send(record);
      }
    }
  }
}

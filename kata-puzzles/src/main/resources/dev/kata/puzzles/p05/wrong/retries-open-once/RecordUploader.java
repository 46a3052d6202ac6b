package p05_cancellation_cleanup;

import dev.kata.puzzles.p05.Connection;
import dev.kata.puzzles.p05.Uploader;
import java.io.IOException;
import java.util.List;

/**
 * WRONG (written apart from the checks): retries a failed open() once. The contract says open() is
 * called once and its failure reaches the caller; a retry also hides the first failure.
 */
public class RecordUploader implements Uploader {

  @Override
  public void upload(Connection connection, List<String> records)
      throws IOException, InterruptedException {
    try {
      connection.open();
    } catch (IOException first) {
      connection.open();
    }
    try (connection) {
      for (String record : records) {
        connection.send(record);
      }
    }
  }
}

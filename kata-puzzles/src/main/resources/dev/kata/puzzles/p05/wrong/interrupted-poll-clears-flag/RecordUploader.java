package p05_cancellation_cleanup;

import dev.kata.puzzles.p05.Connection;
import dev.kata.puzzles.p05.Uploader;
import java.io.IOException;
import java.util.List;

/**
 * WRONG (written apart from the checks): polls Thread.interrupted() between records and stops, but
 * that call clears the flag, and the method then returns normally: the cancellation is swallowed.
 */
public class RecordUploader implements Uploader {

  @Override
  public void upload(Connection connection, List<String> records)
      throws IOException, InterruptedException {
    connection.open();
    try (connection) {
      for (String record : records) {
        if (Thread.interrupted()) {
          return;
        }
        connection.send(record);
      }
    }
  }
}

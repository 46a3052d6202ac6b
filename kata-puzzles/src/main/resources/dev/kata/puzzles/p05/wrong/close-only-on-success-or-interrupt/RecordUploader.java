package p05_cancellation_cleanup;

import dev.kata.puzzles.p05.Connection;
import dev.kata.puzzles.p05.Uploader;
import java.io.IOException;
import java.util.List;

/**
 * WRONG (written apart from the checks): thinks of the two ways out it knows, success and
 * cancellation, and closes on both; an IOException or RuntimeException from send() leaves the
 * connection open.
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
    } catch (InterruptedException e) {
      connection.close();
      throw e;
    }
    connection.close();
  }
}

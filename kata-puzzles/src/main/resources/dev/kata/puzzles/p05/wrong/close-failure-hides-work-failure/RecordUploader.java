package p05_cancellation_cleanup;

import dev.kata.puzzles.p05.Connection;
import dev.kata.puzzles.p05.Uploader;
import java.io.IOException;
import java.util.List;

/**
 * WRONG: closes in a plain finally. If close() throws while the work's failure (or the
 * InterruptedException) is leaving the method, close()'s exception replaces it: the real failure,
 * or the cancellation, is lost.
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
    } finally {
      connection.close();
    }
  }
}

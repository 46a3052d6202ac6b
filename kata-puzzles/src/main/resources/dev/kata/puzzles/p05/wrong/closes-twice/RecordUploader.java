package p05_cancellation_cleanup;

import dev.kata.puzzles.p05.Connection;
import dev.kata.puzzles.p05.Uploader;
import java.io.IOException;
import java.util.List;

/** WRONG: closes at the end of the try "to be sure", and try-with-resources closes again. */
public class RecordUploader implements Uploader {

  @Override
  public void upload(Connection connection, List<String> records)
      throws IOException, InterruptedException {
    connection.open();
    try (connection) {
      for (String record : records) {
        connection.send(record);
      }
      connection.close();
    }
  }
}

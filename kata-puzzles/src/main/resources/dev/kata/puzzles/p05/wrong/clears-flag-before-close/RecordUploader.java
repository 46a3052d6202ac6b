package p05_cancellation_cleanup;

import dev.kata.puzzles.p05.Connection;
import dev.kata.puzzles.p05.Uploader;
import java.io.IOException;
import java.util.List;

/**
 * WRONG (written apart from the checks): clears the interrupt flag before closing "so that close()
 * is not disturbed", and never sets it again.
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
      Thread.interrupted();
      connection.close();
    }
  }
}

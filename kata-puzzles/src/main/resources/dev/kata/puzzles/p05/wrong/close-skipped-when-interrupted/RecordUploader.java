package p05_cancellation_cleanup;

import dev.kata.puzzles.p05.Connection;
import dev.kata.puzzles.p05.Uploader;
import java.io.IOException;
import java.util.List;

/**
 * WRONG (written apart from the checks): "don't do I/O on a cancelled thread": the finally closes
 * only if the thread is not interrupted. A cancel that lands after the last send leaves the
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
    } finally {
      if (!Thread.currentThread().isInterrupted()) {
        connection.close();
      }
    }
  }
}

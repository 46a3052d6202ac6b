package p05_cancellation_cleanup;

import dev.kata.puzzles.p05.Connection;
import dev.kata.puzzles.p05.Uploader;
import java.io.IOException;
import java.util.List;

/**
 * WRONG: stops when interrupted and closes properly, but catching InterruptedException cleared the
 * thread's interrupt flag and it is not restored: the caller can never tell the upload was
 * cancelled.
 */
public class RecordUploader implements Uploader {

  @Override
  public void upload(Connection connection, List<String> records) throws IOException {
    try {
      connection.open();
      try (connection) {
        for (String record : records) {
          connection.send(record);
        }
      }
    } catch (InterruptedException e) {
      // cancelled: nothing left to do, the connection is closed
    }
  }
}

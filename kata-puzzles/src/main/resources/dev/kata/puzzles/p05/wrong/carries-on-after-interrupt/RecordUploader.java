package p05_cancellation_cleanup;

import dev.kata.puzzles.p05.Connection;
import dev.kata.puzzles.p05.Uploader;
import java.io.IOException;
import java.util.List;

/**
 * WRONG: catches InterruptedException around each send and carries on with the next record. The
 * cancellation is ignored (the work goes on) and swallowed (catching it cleared the flag).
 */
public class RecordUploader implements Uploader {

  @Override
  public void upload(Connection connection, List<String> records)
      throws IOException, InterruptedException {
    connection.open();
    try (connection) {
      for (String record : records) {
        try {
          connection.send(record);
        } catch (InterruptedException e) {
          // interrupted: skip this record and go on with the next
        }
      }
    }
  }
}

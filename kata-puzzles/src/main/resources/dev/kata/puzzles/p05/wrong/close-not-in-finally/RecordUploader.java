package p05_cancellation_cleanup;

import dev.kata.puzzles.p05.Connection;
import dev.kata.puzzles.p05.Uploader;
import java.io.IOException;
import java.util.List;

/**
 * WRONG: close() after the work, not in finally. When a send() throws or the upload is cancelled,
 * the exception leaves the method before close() and the connection stays open for good.
 */
public class RecordUploader implements Uploader {

  @Override
  public void upload(Connection connection, List<String> records)
      throws IOException, InterruptedException {
    connection.open();
    for (String record : records) {
      connection.send(record);
    }
    connection.close();
  }
}

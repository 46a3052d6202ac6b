package p05_cancellation_cleanup;

import dev.kata.puzzles.p05.Connection;
import dev.kata.puzzles.p05.Uploader;
import java.io.IOException;
import java.util.List;

/**
 * WRONG (written apart from the checks): turns the cancellation into an InterruptedIOException,
 * "since it is I/O". That is an IOException: the InterruptedException is gone and the flag is
 * clear, so the caller sees an I/O failure, not a cancellation.
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
      throw new java.io.InterruptedIOException("upload cancelled");
    }
  }
}

package p05_cancellation_cleanup;

import dev.kata.puzzles.p05.Connection;
import dev.kata.puzzles.p05.Uploader;
import java.io.IOException;
import java.util.List;

/**
 * WRONG: wraps every failure in a RuntimeException "to add context". The caller no longer gets the
 * exception that happened: an IOException or an InterruptedException (a cancellation!) becomes an
 * unchecked one it does not expect.
 */
public class RecordUploader implements Uploader {

  @Override
  public void upload(Connection connection, List<String> records) {
    try {
      connection.open();
      try (connection) {
        for (String record : records) {
          connection.send(record);
        }
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      throw new RuntimeException("upload failed", e);
    }
  }
}

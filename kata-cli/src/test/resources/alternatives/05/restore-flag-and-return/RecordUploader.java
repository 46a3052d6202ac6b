package p05_cancellation_cleanup;

import dev.kata.puzzles.p05.Connection;
import dev.kata.puzzles.p05.Uploader;
import java.io.IOException;
import java.util.List;

/**
 * CORRECT, unlike the reference: a cancellation is not an error here. On InterruptedException it
 * stops, restores the interrupt flag and returns normally; it also polls the flag between records
 * (isInterrupted() does not clear it). try-with-resources still closes, so a close() failure
 * reaches the caller, with the flag set.
 */
public class RecordUploader implements Uploader {

  @Override
  public void upload(Connection connection, List<String> records) throws IOException {
    try {
      connection.open();
    } catch (InterruptedException e) {
      // cancelled before the connection opened: nothing to close
      Thread.currentThread().interrupt();
      return;
    }
    try (connection) {
      for (String record : records) {
        if (Thread.currentThread().isInterrupted()) {
          return;
        }
        try {
          connection.send(record);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return; // the try-with-resources closes on the way out
        }
      }
    }
  }
}

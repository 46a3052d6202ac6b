package p05_cancellation_cleanup;

import dev.kata.puzzles.p05.Connection;
import dev.kata.puzzles.p05.Uploader;
import java.io.IOException;
import java.util.List;

/**
 * WRONG (written apart from the checks): hands close() to a background thread so a slow close does
 * not delay the caller. The connection is still open when upload() returns, and a close() failure
 * reaches nobody.
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
      Thread closer =
          new Thread(
              () -> {
                try {
                  connection.close();
                } catch (IOException e) {
                  // logged elsewhere, in the real thing
                }
              });
      closer.start();
    }
  }
}

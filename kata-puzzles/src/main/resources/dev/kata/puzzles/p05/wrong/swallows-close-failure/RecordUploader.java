package p05_cancellation_cleanup;

import dev.kata.puzzles.p05.Connection;
import dev.kata.puzzles.p05.Uploader;
import java.io.IOException;
import java.util.List;

/**
 * WRONG (written apart from the checks): closes in finally but ignores close()'s IOException ("what
 * could we do about it?"). The caller believes the data was flushed and the connection given back.
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
      try {
        connection.close();
      } catch (IOException ignored) {
        // nothing sensible to do
      }
    }
  }
}

package p05_cancellation_cleanup;

import dev.kata.puzzles.p05.Connection;
import dev.kata.puzzles.p05.Uploader;
import java.io.IOException;
import java.util.List;

/**
 * CORRECT, unlike the reference: no try-with-resources. An explicit finally does what it does by
 * hand: remember the failure in flight, and attach close()'s failure to it instead of letting it
 * replace it. InterruptedException propagates like any other failure.
 */
public class RecordUploader implements Uploader {

  @Override
  public void upload(Connection connection, List<String> records)
      throws IOException, InterruptedException {
    connection.open();
    Throwable inFlight = null;
    try {
      for (String record : records) {
        connection.send(record);
      }
    } catch (Throwable t) {
      inFlight = t;
      throw t;
    } finally {
      if (inFlight == null) {
        connection.close();
      } else {
        try {
          connection.close();
        } catch (Throwable closeFailure) {
          inFlight.addSuppressed(closeFailure);
        }
      }
    }
  }
}

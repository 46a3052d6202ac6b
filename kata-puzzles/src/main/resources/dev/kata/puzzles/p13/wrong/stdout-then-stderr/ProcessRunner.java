package p13_subprocess;

import dev.kata.puzzles.p13.ChildRunner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Wrong: reads stdout to its end, then stderr. A child that fills stderr first blocks on the full
 * pipe.
 */
public class ProcessRunner implements ChildRunner {

  @Override
  public Result run(List<String> command, Duration timeout)
      throws IOException, InterruptedException, TimeoutException {
    Process child = new ProcessBuilder(command).start();
    try (ExecutorService reader = Executors.newVirtualThreadPerTaskExecutor()) {
      try {
        child.getOutputStream().close();
        // One reader, one stream after the other: "the streams are read in the background, so it's
        // fine".
        Future<String[]> both =
            reader.submit(
                () -> new String[] {text(child.getInputStream()), text(child.getErrorStream())});
        if (!child.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
          throw new TimeoutException("timed out");
        }
        String[] texts = both.get();
        return new Result(child.exitValue(), texts[0], texts[1]);
      } catch (ExecutionException e) {
        throw new IOException(e.getCause());
      } finally {
        List<ProcessHandle> descendants = child.descendants().toList();
        child.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
      }
    }
  }

  private static String text(InputStream stream) throws IOException {
    return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
  }
}

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
 * Wrong: waits for the child to end before reading. A child with more to say than a pipe holds
 * never ends.
 */
public class ProcessRunner implements ChildRunner {

  @Override
  public Result run(List<String> command, Duration timeout)
      throws IOException, InterruptedException, TimeoutException {
    Process child = new ProcessBuilder(command).start();
    try {
      child.getOutputStream().close();
      if (!child.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new TimeoutException("timed out");
      }
      // "Once it has ended, all its output is there to read."
      return new Result(
          child.exitValue(), text(child.getInputStream()), text(child.getErrorStream()));
    } finally {
      List<ProcessHandle> descendants = child.descendants().toList();
      child.destroyForcibly();
      descendants.forEach(ProcessHandle::destroyForcibly);
    }
  }

  private static String text(InputStream stream) throws IOException {
    return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
  }
}

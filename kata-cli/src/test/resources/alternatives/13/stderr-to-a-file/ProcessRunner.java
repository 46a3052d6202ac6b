package p13_subprocess;

import dev.kata.puzzles.p13.ChildRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A correct design unlike the reference: stderr goes to a temporary file, which never fills, so
 * only stdout needs a reader; the child's stdin comes from an empty file.
 */
public class ProcessRunner implements ChildRunner {

  @Override
  public Result run(List<String> command, Duration timeout)
      throws IOException, InterruptedException, TimeoutException {
    Path errors = Files.createTempFile("child-stderr", ".txt");
    Path nothing = Files.createTempFile("child-stdin", ".txt");
    try (ExecutorService reader = Executors.newSingleThreadExecutor()) {
      Process child =
          new ProcessBuilder(command)
              .redirectError(errors.toFile())
              .redirectInput(nothing.toFile())
              .start();
      try {
        Future<byte[]> out = reader.submit(() -> child.getInputStream().readAllBytes());
        if (!child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new TimeoutException("timed out: " + command);
        }
        String stdout = new String(out.get(), StandardCharsets.UTF_8);
        return new Result(
            child.exitValue(), stdout, Files.readString(errors, StandardCharsets.UTF_8));
      } catch (ExecutionException e) {
        throw new IOException(e.getCause());
      } finally {
        for (ProcessHandle p : child.descendants().toList()) {
          p.destroyForcibly();
        }
        child.destroyForcibly();
      }
    } finally {
      Files.deleteIfExists(errors);
      Files.deleteIfExists(nothing);
    }
  }
}

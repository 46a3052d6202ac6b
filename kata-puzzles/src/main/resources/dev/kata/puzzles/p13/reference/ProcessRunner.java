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
 * Reference solution of puzzle 13.
 *
 * <p>A child's stdout and stderr are pipes: the OS buffers a few kilobytes of each, then the
 * child's next write blocks until someone reads. Read one stream to its end first and the child can
 * fill the other and stop, waiting for you, while you wait for it: a deadlock across two processes.
 * So each stream gets a reader of its own, started before anything waits. The caller's thread only
 * waits, with a timeout, for the child to end; and on every way out of that wait (a timeout, an
 * interrupt, a failure) a {@code finally} kills what the call started.
 */
public class ProcessRunner implements ChildRunner {

  @Override
  public Result run(List<String> command, Duration timeout)
      throws IOException, InterruptedException, TimeoutException {
    // stdout and stderr stay apart: no redirectErrorStream
    Process child = new ProcessBuilder(command).start();
    // One virtual thread per stream. Closing the executor waits for both readers: no thread
    // outlives
    // the call. It is closed after the finally below, so the readers meet the end of their streams.
    try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
      try {
        // the child's stdin: we have nothing to say, so it reads the end
        child.getOutputStream().close();
        Future<String> stdout = readers.submit(() -> text(child.getInputStream()));
        Future<String> stderr = readers.submit(() -> text(child.getErrorStream()));
        // waitFor(timeout) is interruptible and returns false when the time is up.
        if (!child.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
          throw new TimeoutException("the child ran longer than " + timeout + ": " + command);
        }
        // The child has ended; the readers end with its streams. exitValue() happens-after the
        // exit.
        return new Result(child.exitValue(), stdout.get(), stderr.get());
      } catch (ExecutionException e) {
        throw new IOException("could not read the child's output", e.getCause());
      } finally {
        // a no-op for a child that has ended; the only way out after a timeout or interrupt
        killTree(child);
      }
    }
  }

  /** Read a stream to its end, then decode it: decoding chunk by chunk would split characters. */
  private static String text(InputStream stream) throws IOException {
    return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
  }

  /**
   * Kill the child and everything it started. Ask for the descendants first: once the child is
   * dead, its children are re-parented (to init) and no longer in its tree, so asking afterwards
   * misses them. destroyForcibly() is SIGKILL on Unix: a child cannot ignore it, as it can
   * destroy()'s SIGTERM.
   */
  private static void killTree(Process child) {
    List<ProcessHandle> descendants = child.descendants().toList();
    child.destroyForcibly();
    for (ProcessHandle descendant : descendants) {
      descendant.destroyForcibly();
    }
  }
}

package p13_subprocess;

import dev.kata.puzzles.p13.ChildRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

/*
 * Puzzle 13 · Talk to a child process
 *
 * GOAL
 *   run() starts a command as a child process and returns its exit code, its standard output and
 *   its standard error, each as UTF-8 text, exactly as written. A child that runs longer than the
 *   timeout is killed, with everything it started; so is one whose caller is interrupted. Nothing
 *   the call started outlives it.
 *
 * THE CONCEPT
 *   A child's stdout and stderr are pipes, and a pipe holds only a few kilobytes. When it is full,
 *   the child's next write waits until someone reads. Read stdout to its end before touching
 *   stderr, and a child with a lot to say on stderr stops, waiting for you, while you wait for it:
 *   both processes wait forever. Read both at once. And a child is a resource, like a thread: kill
 *   it on every way out, forcibly (it may ignore a polite request), and its children with it.
 *
 * WHAT THE CHECKS PROVE (with real child processes: java, running a small scripted program)
 *   - exit codes, and the text of each stream, are exact (multi-byte characters, \r\n, no final
 *     newline); stdin is empty, so a child reading it goes on;
 *   - 1 MiB to stderr, then 1 MiB to stdout, then both interleaved: all captured, apart;
 *   - a child that never ends (and ignores SIGTERM) is killed after the timeout, with its own
 *     child; run() throws TimeoutException, not before the timeout, not long after;
 *   - interrupted while waiting: the child and its child are killed, InterruptedException thrown;
 *   - only what the call started is killed; two calls at once each get their own child's output;
 *   - no child process and no thread is left behind.
 *
 * Run:   ./kata run --puzzle 13       Hints:  ./kata hint --puzzle 13 --level 1
 */
public class ProcessRunner implements ChildRunner {

  @Override
  public Result run(List<String> command, Duration timeout)
      throws IOException, InterruptedException, TimeoutException {
    Process child = new ProcessBuilder(command).start();
    // TODO: this reads stdout to its end, then stderr: a child with a lot to say on stderr blocks
    //       on a full pipe while you wait on stdout. Read both streams at the same time.
    String stdout = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String stderr = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    // TODO: the child's stdin is never closed: a child that reads it waits forever.
    // TODO: waitFor() has no timeout and the child is never killed: on a timeout or an interrupt,
    //       kill it and its descendants forcibly, then throw. Do that on every way out (finally).
    return new Result(child.waitFor(), stdout, stderr);
  }
}

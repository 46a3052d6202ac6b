package dev.kata.puzzles.p13;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Run a command as a child process and collect what it writes, without ever leaving it behind.
 *
 * <p>The checks run real child processes: {@code java} from the check JVM's own {@code java.home},
 * running a small program that writes what the check asks for (a megabyte to each stream, text in
 * any script, an exit code), reads its standard input, ignores a polite request to stop, starts a
 * child of its own, or never ends.
 */
public interface ChildRunner {

  /** What a child did: its exit code and everything it wrote to each stream. */
  record Result(int exitCode, String stdout, String stderr) {}

  /**
   * Start {@code command}, wait for it to end, and return its exit code and output.
   *
   * <ol>
   *   <li>Start {@code command} as a child process: its first element is the program, the rest its
   *       arguments. Its standard input is empty: the child reading it sees the end at once.
   *   <li>Read the child's standard output and standard error at the same time, each to its end,
   *       while the child runs: a child may write megabytes to either, in any order, and a pipe
   *       holds only a few kilobytes.
   *   <li>Return when the child has ended and both streams are read: its exit code, and each
   *       stream's text on its own (never merged), exactly as written, every character and line
   *       separator, decoded as UTF-8.
   *   <li>If the child has not ended within {@code timeout} of the call, kill it and every
   *       descendant it has started, forcibly (a child may ignore a polite request to stop), and
   *       throw {@link TimeoutException}. Not before {@code timeout} has passed.
   *   <li>If the calling thread is interrupted while waiting, kill the child and its descendants
   *       the same way and throw {@link InterruptedException}.
   *   <li>Nothing started by the call outlives it: when {@code run} returns or throws, the child
   *       and its descendants have been killed or have ended, and the threads it started end. Kill
   *       only what this call started: other processes of the JVM are none of its business.
   *   <li>{@code run} may be called by several threads at once: each call has its own child.
   * </ol>
   *
   * @param command the program and its arguments; never null or empty
   * @param timeout how long the child may run; positive
   * @return the child's exit code, standard output and standard error
   * @throws IOException if the child cannot be started or its output cannot be read
   * @throws InterruptedException if the calling thread was interrupted while waiting
   * @throws TimeoutException if the child ran longer than {@code timeout}
   */
  Result run(List<String> command, Duration timeout)
      throws IOException, InterruptedException, TimeoutException;
}

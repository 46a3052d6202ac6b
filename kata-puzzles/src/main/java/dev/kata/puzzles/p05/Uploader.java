package dev.kata.puzzles.p05;

import java.io.IOException;
import java.util.List;

/**
 * Upload records over a connection that must always be given back, even when the upload is
 * cancelled or fails.
 *
 * <p>The checks run {@link #upload} as a task and cancel it with {@code Future.cancel(true)} at a
 * point they choose: before {@code open()}, while {@code open()} or a {@code send()} is blocked,
 * just after a {@code send()} returned, or during {@code close()}. Interruption is Java's
 * cancellation: a cancelled upload stops, gives the connection back, and lets its caller know it
 * was cancelled.
 */
public interface Uploader {

  /**
   * Open {@code connection}, send every record in order, then close it.
   *
   * <ol>
   *   <li>Call {@code open()} once, then {@code send()} once per record, in the order of {@code
   *       records}, then {@code close()}; all of them on the thread that called {@code upload}.
   *   <li>The connection is closed exactly once if {@code open()} succeeded, and never if it did
   *       not (it failed or was interrupted), whatever else happens; and it is already closed when
   *       {@code upload} returns or throws.
   *   <li>Cancellation: if the thread is interrupted, stop: send nothing more. Then either throw
   *       {@link InterruptedException}, or return with the thread's interrupt flag set. Never lose
   *       the interrupt, and stop promptly (blocked calls are interruptible).
   *   <li>A failure of {@code open()} or {@code send()}, whatever its kind (a checked exception, a
   *       {@link RuntimeException} or an {@link Error}), reaches the caller unchanged: the same
   *       exception object, not wrapped. Nothing is sent after it.
   *   <li>If {@code close()} fails, its failure reaches the caller too; but if the work had already
   *       failed, the work's failure is thrown and the close failure is attached to it as
   *       suppressed, as try-with-resources does. (After a cancellation, the close failure is
   *       either thrown with the interrupt flag set, or suppressed by the {@code
   *       InterruptedException}.)
   *   <li>Not cancelled and nothing failed: {@code upload} returns normally, every record sent
   *       once, and the interrupt flag is left clear.
   * </ol>
   *
   * @param connection the connection to use, not open yet; never null
   * @param records the records to send, in order; may be empty
   * @throws IOException the failure of {@code open()}, {@code send()} or {@code close()}
   * @throws InterruptedException if cancelled (unless it returns with the interrupt flag set)
   */
  void upload(Connection connection, List<String> records) throws IOException, InterruptedException;
}

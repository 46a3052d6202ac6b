package dev.kata.puzzles.p05;

import java.io.IOException;

/**
 * A connection to a remote service that must be given back: opened once, used, closed once.
 *
 * <p>The checks hand in their own connection. It records every call, blocks where they choose,
 * fails where they choose, and tells them when your code is waiting in {@link #open()} or {@link
 * #send(String)} so that they can cancel it exactly there.
 */
public interface Connection extends AutoCloseable {

  /**
   * Open the connection. May block, and like every blocking JDK method it throws {@link
   * InterruptedException} if the thread is interrupted before or while it waits.
   *
   * @throws IOException if the connection cannot be opened; then it is not open and must not be
   *     closed
   * @throws InterruptedException if the thread is interrupted (cancelled); then it is not open
   */
  void open() throws IOException, InterruptedException;

  /**
   * Send one record over the open connection. May block, and throws {@link InterruptedException} if
   * the thread is interrupted before or while it waits.
   *
   * @throws IOException if sending fails
   * @throws InterruptedException if the thread is interrupted (cancelled)
   */
  void send(String record) throws IOException, InterruptedException;

  /**
   * Close the connection and give back what it holds. Call it once, and only after a successful
   * {@link #open()}. It does not block and does not throw {@link InterruptedException}.
   *
   * @throws IOException if closing fails; the connection is given back all the same
   */
  @Override
  void close() throws IOException;
}

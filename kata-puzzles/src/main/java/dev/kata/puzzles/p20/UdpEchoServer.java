package dev.kata.puzzles.p20;

import java.io.IOException;

/**
 * A UDP echo server: connectionless, it answers every datagram to the address it came from.
 *
 * <p>Every datagram received, of any length and content, is sent back unchanged to its sender's
 * address and port, from the server's own port. Many clients may send at once.
 */
public interface UdpEchoServer extends AutoCloseable {

  /**
   * Bind a datagram socket to an ephemeral port of the loopback address, start serving in the
   * background, and return at once.
   *
   * <p>When this method returns, datagrams sent to the port are received and echoed. Called once
   * per server.
   *
   * @return the port the server receives on
   * @throws IOException if the socket cannot be bound
   */
  int start() throws IOException;

  /**
   * Stop the server.
   *
   * <p>When this method returns, the server's socket is closed: the port can be bound again, and no
   * datagram sent to it is echoed any more. The server's thread ends. If the calling thread is
   * interrupted, close() still closes everything, and the thread's interrupt status is kept.
   *
   * @throws IOException if closing fails
   */
  @Override
  void close() throws IOException;
}

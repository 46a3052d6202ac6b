package dev.kata.puzzles.p11;

import java.io.IOException;

/**
 * A TCP echo server for a line protocol, serving every client at once.
 *
 * <p>The protocol: a client sends lines, each ending with {@code '\n'}; the server sends every
 * complete line back to that client, unchanged and {@code '\n'} included, as soon as its {@code
 * '\n'} has arrived, and in the order received. The text is UTF-8 and may hold any character but
 * {@code '\r'}; a line may be longer than any buffer. TCP keeps no message boundaries: one read may
 * return part of a line, or several lines at once. Bytes after a client's last {@code '\n'} when it
 * closes its side are not a line; what the server does with them is not specified, but it then
 * closes that connection and its thread ends.
 */
public interface EchoServer extends AutoCloseable {

  /**
   * Bind a server socket to an ephemeral port of the loopback address, start serving, and return at
   * once.
   *
   * <p>When this method returns, clients can connect. Every connection is served on a thread of its
   * own, so a client that sends nothing never delays another; many clients may be connected at
   * once. Called once per server.
   *
   * @return the port the server listens on
   * @throws IOException if the server socket cannot be bound
   */
  int start() throws IOException;

  /**
   * Stop the server: stop accepting, and close every connection still open.
   *
   * <p>When this method returns, the server socket is closed: no connection is accepted any more.
   * Every connection socket is closed too: every client sees its connection end. Right after, the
   * port can be bound again, and every connection thread ends. If the calling thread is
   * interrupted, close() still closes everything, and the thread's interrupt status is kept.
   *
   * @throws IOException if closing fails
   */
  @Override
  void close() throws IOException;
}

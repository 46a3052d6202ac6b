package dev.kata.puzzles.p20;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A client of a UDP echo server that retransmits lost requests and matches replies to requests.
 * Several threads may call {@link #request} at once.
 */
public interface UdpClient extends AutoCloseable {

  /**
   * Send {@code payload} to the server and return the payload the server echoed.
   *
   * <p>The request gets a sequence number that no earlier request of this client had, and each of
   * its datagrams carries that number before the payload. One datagram is sent; if no reply came
   * {@code perTry} after it was sent, the same datagram is sent again, up to {@code attempts}
   * datagrams in all. The reply is the first datagram that comes from the server's address and
   * carries this request's number: a reply to any attempt of this request counts, even one that
   * comes after a later attempt was sent. A datagram with another number (a late reply to an
   * earlier request, say) or from another address is never taken as the reply.
   *
   * <p>Requests from several threads proceed at once: a request waiting for its reply never delays
   * another's, and each gets its own reply.
   *
   * <p>If no reply came within {@code perTry} of the last attempt, the request throws {@link
   * SocketTimeoutException} and sends nothing more. If the calling thread is interrupted while the
   * request waits, it throws {@link InterruptedException} and sends nothing more, and the client
   * serves later requests as before.
   *
   * @param payload the bytes to send, not changed by this call; at most 1024 bytes
   * @param perTry how long to wait for a reply after each datagram, positive
   * @param attempts how many datagrams to send at most, at least 1
   * @return a new array holding the echoed payload
   * @throws SocketTimeoutException if no reply came after {@code attempts} datagrams
   * @throws IOException if the client's socket fails or is closed
   * @throws InterruptedException if the calling thread is interrupted while waiting
   */
  byte[] request(byte[] payload, Duration perTry, int attempts)
      throws IOException, InterruptedException;

  /**
   * Close the client's socket and end any thread it started. When this method returns, the client's
   * socket is closed. A request waiting when close() is called throws {@link IOException}. If the
   * calling thread is interrupted, close() still closes everything, and the thread's interrupt
   * status is kept.
   *
   * @throws IOException if closing fails
   */
  @Override
  void close() throws IOException;
}

package dev.kata.puzzles.p20;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A UDP echo service: a server, and a client that retransmits on timeout and matches replies to
 * requests.
 *
 * <p>The protocol: every datagram is an 8-byte sequence number (big-endian, as {@code
 * ByteBuffer.putLong} writes it) followed by the payload. The server sends every datagram it
 * receives back to its sender, unchanged. UDP promises nothing: a datagram may be lost, delivered
 * twice, delayed, or overtaken by a later one.
 */
public interface UdpEcho {

  /**
   * Create a server, not yet started.
   *
   * @return a new server
   */
  UdpEchoServer newServer();

  /**
   * Create a client of the server at {@code server}, with a socket bound to an ephemeral port of
   * the loopback address. Several threads may use one client at once.
   *
   * @param server the server's address, on the loopback address
   * @return a new client, to be closed by the caller
   * @throws IOException if its socket cannot be opened
   */
  UdpClient newClient(InetSocketAddress server) throws IOException;
}

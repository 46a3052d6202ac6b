package p20_udp_echo;

import dev.kata.puzzles.p20.UdpClient;
import dev.kata.puzzles.p20.UdpEcho;
import dev.kata.puzzles.p20.UdpEchoServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/*
 * Puzzle 20 · UDP datagrams
 *
 * GOAL
 *   A UDP echo server and its client. Every datagram is an 8-byte sequence number then a payload.
 *   The server (start() binds an ephemeral loopback port and returns it) sends every datagram back
 *   to whoever sent it; close() frees the port. The client's request(payload, perTry, attempts)
 *   numbers the request, sends it, sends it again each time no reply came within perTry, and after
 *   `attempts` datagrams throws SocketTimeoutException. Its reply is the first datagram from the
 *   server carrying its number. Many threads may call request() on one client at once, and each
 *   gets its own reply. An interrupt or close() ends a waiting request.
 *
 * THE CONCEPT
 *   UDP delivers datagrams, not streams, and promises nothing: one may be lost, come twice, or
 *   come late, after a later one. So the client retransmits on a timeout, and must recognise its
 *   reply: a late reply to an earlier request looks just like the one it waits for, except for
 *   its number. The server keeps no connections: each datagram carries its sender's address.
 *
 * WHAT THE CHECKS PROVE (real datagram sockets on 127.0.0.1, and a lossy link the checks steer)
 *   - the server echoes every datagram to its own sender, 40 clients at once, and close() frees
 *     the port;
 *   - a request whose datagram or reply is lost is sent again, the same datagram;
 *   - a reply that comes one try late still counts; a late or duplicated reply to an earlier
 *     request, or a datagram from a stranger, is never returned;
 *   - with everything lost: exactly `attempts` datagrams, then SocketTimeoutException, on time;
 *   - 6 threads on one client all wait at once and each gets its own reply, released in an order
 *     the checks choose;
 *   - an interrupt ends a waiting request and the client serves on; close() ends waiting requests;
 *   - no socket and no thread is left behind.
 *
 * Run:   ./kata run --puzzle 20       Hints:  ./kata hint --puzzle 20 --level 1
 */
public class DatagramEcho implements UdpEcho {

  @Override
  public UdpEchoServer newServer() {
    return new Server();
  }

  @Override
  public UdpClient newClient(InetSocketAddress server) throws IOException {
    return new Client(server);
  }

  static final class Server implements UdpEchoServer {

    @Override
    public int start() throws IOException {
      // TODO: bind a DatagramChannel to port 0 of InetAddress.getLoopbackAddress(), here.
      // TODO: start a thread that receives each datagram and sends it back to its sender.
      return 0;
    }

    @Override
    public void close() throws IOException {
      // TODO: close the channel and wait for the thread to end, keeping the interrupt status.
    }
  }

  static final class Client implements UdpClient {

    private final InetSocketAddress server;

    Client(InetSocketAddress server) throws IOException {
      this.server = server;
      // TODO: open a DatagramChannel on an ephemeral loopback port; start whatever receives.
    }

    @Override
    public byte[] request(byte[] payload, Duration perTry, int attempts)
        throws IOException, InterruptedException {
      // TODO: a new number; send [number, payload]; wait at most perTry for the reply with that
      // TODO: number from `server`; send again, up to `attempts` datagrams; then time out.
      throw new UnsupportedOperationException(
          "request() is not written yet (server: " + server + ")");
    }

    @Override
    public void close() throws IOException {
      // TODO: close the socket, end the threads you started, end the requests still waiting.
    }
  }
}

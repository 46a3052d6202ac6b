package p11_tcp_echo;

import dev.kata.puzzles.p11.EchoServer;
import java.io.IOException;

/*
 * Puzzle 11 · TCP streams
 *
 * GOAL
 *   A line echo server. start() binds an ephemeral port on the loopback address, starts serving in
 *   the background and returns the port. Every complete line a client sends ('\n' included) comes
 *   straight back to that client, unchanged and in order. close() stops accepting, closes every
 *   connection, frees the port and ends every connection thread, keeping the caller's interrupt status.
 *
 * THE CONCEPT
 *   A server that serves one client until it leaves makes every other client wait: each
 *   connection needs a thread of its own, and virtual threads make that cheap. TCP carries a
 *   stream of bytes, not messages: one read() may return half a line or three lines, and -1 at
 *   the end of the stream. And every socket you open is yours to close, also when the client
 *   leaves in the middle of a line and when the server stops with clients still connected.
 *
 * WHAT THE CHECKS PROVE (real sockets on 127.0.0.1)
 *   - start() returns a fresh loopback port, ready for clients;
 *   - a line split over several reads comes back whole, several lines in one read come back as
 *     several lines, a character split between reads comes back intact;
 *   - 200 clients connected at once are all answered, while all stay connected;
 *   - 4 MB of lines, some longer than any buffer, come back while the client keeps sending;
 *   - a client that leaves mid-line sees its connection closed, and no connection thread crashes;
 *   - close() frees the port, ends every connection, leaves no socket and no thread behind.
 *
 * Run:   ./kata run --puzzle 11       Hints:  ./kata hint --puzzle 11 --level 1
 */
public class LineEchoServer implements EchoServer {

  @Override
  public int start() throws IOException {
    // TODO: bind a ServerSocket to port 0 of InetAddress.getLoopbackAddress(), here, before
    // returning.
    // TODO: start a thread that accepts connections and serves each on a virtual thread of its own.
    // TODO: serving: read bytes in a loop until -1, hold them until a '\n' arrives, then write the
    // line back.
    return 0;
  }

  @Override
  public void close() throws IOException {
    // TODO: close the server socket, then every connection still open, before returning.
  }
}

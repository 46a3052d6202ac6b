package p11_tcp_echo;

import dev.kata.puzzles.p11.EchoServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * WRONG: close() interrupts the connection threads (shutdownNow) and returns. An interrupted
 * virtual thread blocked in a socket read closes that socket, but only when it next runs, which may
 * be after close() returned: at the return, clients are still connected.
 */
public class LineEchoServer implements EchoServer {

  private ServerSocket server;
  private Thread acceptor;
  private final ExecutorService connections = Executors.newVirtualThreadPerTaskExecutor();

  @Override
  public int start() throws IOException {
    // Bound here, on the caller's thread: when start() returns, the kernel already queues
    // connections for us, so a client may connect at once. Port 0 asks for an ephemeral port;
    // the loopback address keeps the server off every other network.
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = Thread.ofPlatform().name("echo-acceptor").start(this::acceptAll);
    return server.getLocalPort();
  }

  /** Accept until close() closes the server socket; each connection is served on its own thread. */
  private void acceptAll() {
    try {
      while (true) {
        Socket socket = server.accept(); // throws once close() has closed the server socket
        try {
          connections.execute(() -> serve(socket));
        } catch (RejectedExecutionException closing) {
          closeQuietly(socket); // accepted while close() ran
        }
      }
    } catch (IOException stopped) {
      // close() closed the server socket: stop accepting
    }
  }

  /**
   * Echo each complete line. TCP delivers a stream of bytes: one read() may return half a line or
   * several lines, so bytes are held until their '\n' arrives. Framing on bytes, not characters,
   * never splits a UTF-8 character: '\n' is never part of a multi-byte sequence.
   */
  private static void serve(Socket socket) {
    try (socket) { // closed on every path: the client left, it reset, or close() closed it
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      byte[] buffer = new byte[8192];
      ByteArrayOutputStream pending = new ByteArrayOutputStream(); // a line whose '\n' is to come
      int n;
      while ((n = in.read(buffer)) != -1) { // -1 is the end of the stream: the client has left
        int end = lastNewline(buffer, n);
        if (end >= 0) { // lines complete: what was held, and this read up to its last '\n'
          pending.write(buffer, 0, end + 1);
          pending.writeTo(out); // every complete line, in one write
          pending.reset();
        } // no '\n' in this read: answer nothing yet
        // the start of a line to come (all, if end < 0)
        pending.write(buffer, end + 1, n - end - 1);
      }
      // Bytes after the last '\n' are not a line: they are dropped with the connection.
    } catch (IOException e) {
      // the client reset the connection, or close() closed the socket: it is over either way
    }
  }

  private static int lastNewline(byte[] buffer, int length) {
    for (int i = length - 1; i >= 0; i--) {
      if (buffer[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  @Override
  public void close() throws IOException {
    server.close();
    // BUG: an interrupt only asks each connection thread to close its socket and end. Nothing
    // waits for them, so close() returns with the connections still open.
    connections.shutdownNow();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing a connection fails only if it is broken already; nothing is left to release
    }
  }
}

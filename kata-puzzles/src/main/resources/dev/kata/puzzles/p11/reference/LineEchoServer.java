package p11_tcp_echo;

import dev.kata.puzzles.p11.EchoServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Reference solution of puzzle 11: one platform thread accepts, one virtual thread per connection
 * serves, and the accept thread owns every connection it hands out: it closes them all and waits
 * for their threads before it ends.
 */
public class LineEchoServer implements EchoServer {

  private ServerSocket server;
  private Thread acceptor;

  @Override
  public int start() throws IOException {
    // Bound here, on the caller's thread: when start() returns, the kernel already queues
    // connections for us, so a client may connect at once. Port 0 asks for an ephemeral port;
    // the loopback address keeps the server off every other network.
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = Thread.ofPlatform().name("echo-acceptor").start(this::acceptAll);
    return server.getLocalPort();
  }

  /**
   * Accept until close() closes the server socket; then close every connection handed out and wait
   * for every connection thread to end. Only this thread touches {@code open}, so it needs no lock;
   * and since nothing is accepted after the loop ends, the list is complete when it is closed.
   */
  private void acceptAll() {
    List<Socket> open = new ArrayList<>();
    // A thread per connection: a client that sends nothing blocks only its own thread. Virtual
    // threads make that cheap even for thousands of clients. Leaving this block waits for all.
    try (ExecutorService connections = Executors.newVirtualThreadPerTaskExecutor()) {
      try {
        while (true) {
          Socket socket = server.accept(); // throws once close() has closed the server socket
          open.removeIf(Socket::isClosed); // forget connections whose clients have left
          open.add(socket);
          connections.execute(() -> serve(socket));
        }
      } catch (IOException stopped) {
        // close() closed the server socket: stop accepting
      } finally {
        for (Socket socket : open) {
          // a connection thread blocked in read() wakes with a SocketException
          closeQuietly(socket);
        }
      }
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
    server.close(); // accept() throws: the acceptor stops, closes every connection, waits for them
    // Wait for the acceptor: it closes the connections, so only once it has ended is every one of
    // them closed, as the contract promises at the return. Without the join, close() would return
    // while the acceptor is still at work, and a client could still be connected. An interrupt
    // must not cut the wait short: it is remembered and restored afterwards.
    boolean interrupted = false;
    while (true) {
      try {
        acceptor.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing a connection fails only if it is broken already; nothing is left to release
    }
  }
}

package p11_tcp_echo;

import dev.kata.puzzles.p11.EchoServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * WRONG: takes shutting a socket down for closing it. When a client leaves, its connection is shut
 * down, so the client sees the end, but never closed, and close() skips it as done: every
 * connection leaks a descriptor, kept in the server's static registry of connections.
 */
public class LineEchoServer implements EchoServer {

  private ServerSocket server;
  private Thread acceptor;
  // every one, for stats
  private static final Set<Socket> CONNECTIONS = ConcurrentHashMap.newKeySet();

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
    // A thread per connection: a client that sends nothing blocks only its own thread. Virtual
    // threads make that cheap even for thousands of clients. Leaving this block waits for all.
    try (ExecutorService connections = Executors.newVirtualThreadPerTaskExecutor()) {
      try {
        while (true) {
          Socket socket = server.accept(); // throws once close() has closed the server socket
          CONNECTIONS.add(socket);
          connections.execute(() -> serve(socket));
        }
      } catch (IOException stopped) {
        // close() closed the server socket: stop accepting
      } finally {
        for (Socket socket : CONNECTIONS) {
          // shut down when its client left: done with, or so it seems
          if (!socket.isOutputShutdown()) {
            closeQuietly(socket);
          }
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
    try {
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
      socket.shutdownOutput(); // the client sees the end; the socket itself stays open
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
    // Wait for the acceptor too, so everything is released when close() returns: more than the
    // contract asks (a socket a thread is blocked reading is only really released when that thread
    // wakes up, a moment later), but what a caller likes. An interrupt must not cut the wait short:
    // it is remembered and restored afterwards.
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

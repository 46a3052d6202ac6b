package p11_tcp_echo;

import dev.kata.puzzles.p11.EchoServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * WRONG: a connection is closed only after read() returns -1. When the client resets it instead,
 * read() throws, the thread dies, and the socket stays open until close(): one leaked descriptor
 * per client that left abruptly.
 */
public class LineEchoServer implements EchoServer {

  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final Set<Thread> workers = ConcurrentHashMap.newKeySet();
  private ServerSocket server;
  private Thread acceptor;

  @Override
  public int start() throws IOException {
    server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    acceptor = Thread.ofPlatform().name("echo-acceptor").start(this::acceptLoop);
    return server.getLocalPort();
  }

  private void acceptLoop() {
    while (true) {
      Socket s;
      try {
        s = server.accept();
      } catch (IOException e) {
        return; // server socket closed
      }
      sockets.add(s);
      workers.add(Thread.ofVirtual().name("echo-conn").start(() -> serve(s)));
    }
  }

  private void serve(Socket s) {
    try {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      ByteArrayOutputStream pending = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) != -1) {
        int start = 0;
        for (int i = 0; i < n; i++) {
          if (buf[i] == '\n') {
            pending.write(buf, start, i + 1 - start);
            pending.writeTo(out);
            pending.reset();
            start = i + 1;
          }
        }
        pending.write(buf, start, n - start);
        out.flush();
      }
      // the client has closed its side: we are done with this connection
      s.close();
      sockets.remove(s);
      workers.remove(Thread.currentThread());
    } catch (IOException e) {
      if (s.isClosed()) {
        return; // closed by close()
      }
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    boolean interrupted = false;
    try {
      server.close();
      interrupted |= joinUninterruptibly(acceptor);
      for (Socket s : sockets) {
        s.close();
      }
      for (Thread t : workers) {
        interrupted |= joinUninterruptibly(t);
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static boolean joinUninterruptibly(Thread t) {
    boolean interrupted = false;
    while (true) {
      try {
        t.join();
        return interrupted;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
  }
}

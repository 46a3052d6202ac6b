package p11_tcp_echo;

import dev.kata.puzzles.p11.EchoServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * WRONG: close() closes the server socket, then every connection in a shared set, without waiting
 * for the accepting thread. A connection that accept() had just returned, but that the accepting
 * thread had not yet added to the set, is missed: it is added and served after close() returned,
 * and its client is never disconnected.
 */
public class LineEchoServer implements EchoServer {

  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private ServerSocket server;

  @Override
  public int start() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofPlatform().name("echo-acceptor").start(this::acceptAll);
    return server.getLocalPort();
  }

  private void acceptAll() {
    try {
      while (true) {
        Socket socket = server.accept();
        open.add(socket); // BUG: close() may have walked the set already
        Thread.ofVirtual().start(() -> serve(socket));
      }
    } catch (IOException stopped) {
      // the server socket is closed
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      byte[] buffer = new byte[8192];
      ByteArrayOutputStream pending = new ByteArrayOutputStream();
      int n;
      while ((n = in.read(buffer)) != -1) {
        for (int i = 0; i < n; i++) {
          pending.write(buffer[i]);
          if (buffer[i] == '\n') {
            pending.writeTo(out);
            pending.reset();
          }
        }
      }
    } catch (IOException e) {
      // the client left or close() closed the socket
    } finally {
      open.remove(socket);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : open) { // BUG: the accepting thread may still be adding one
      try {
        socket.close();
      } catch (IOException e) {
        // already broken
      }
    }
  }
}

package p11_tcp_echo;

import dev.kata.puzzles.p11.EchoServer;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A correct design unlike the reference: text framing with BufferedReader.readLine (which decodes
 * UTF-8 across reads by itself), a virtual acceptor, and a registry of connections guarded by the
 * server's monitor, which close() seals, closes and then joins thread by thread.
 */
public class LineEchoServer implements EchoServer {

  private final Map<Socket, Thread> connections = new HashMap<>(); // guarded by this
  private boolean closed; // guarded by this
  private ServerSocket server;
  private Thread acceptor;

  @Override
  public int start() throws IOException {
    server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    acceptor = Thread.ofVirtual().start(this::acceptAll);
    return server.getLocalPort();
  }

  private void acceptAll() {
    while (true) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        return;
      }
      synchronized (this) {
        if (closed) { // accepted just as close() sealed the registry: nobody else will close it
          try {
            socket.close();
          } catch (IOException ignored) {
            // nothing more to release
          }
          return;
        }
        connections.put(socket, Thread.ofVirtual().start(() -> serve(socket)));
      }
    }
  }

  private void serve(Socket socket) {
    try (socket;
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        Writer out =
            new BufferedWriter(
                new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        out.write(line);
        out.write('\n');
        out.flush(); // not "when nothing more is ready": the rest of a line may be held already
      }
    } catch (IOException e) {
      // reset by the client, or closed by close()
    } finally {
      synchronized (this) {
        connections.remove(socket);
      }
    }
  }

  @Override
  public void close() throws IOException {
    List<Map.Entry<Socket, Thread>> open;
    synchronized (this) {
      closed = true;
      open = new ArrayList<>(connections.entrySet());
    }
    server.close();
    for (Map.Entry<Socket, Thread> connection : open) {
      connection.getKey().close();
    }
    boolean interrupted = false;
    for (Thread thread : joinList(open)) {
      while (true) {
        try {
          thread.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private List<Thread> joinList(List<Map.Entry<Socket, Thread>> open) {
    List<Thread> threads = new ArrayList<>();
    threads.add(acceptor);
    open.forEach(e -> threads.add(e.getValue()));
    return threads;
  }
}

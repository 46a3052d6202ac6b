import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Other traffic on the loopback interface while the stress run checks the socket puzzles: a
 * separate process (run with {@code java LoopbackTraffic.java}) that streams TCP both ways on four
 * connections, opens and closes a hundred short connections a second (ephemeral ports taken and
 * released, as a busy machine does), and ping-pongs UDP datagrams. It runs until its standard input
 * closes, then prints what it moved and exits.
 */
public class LoopbackTraffic {

  static final AtomicLong TCP_BYTES = new AtomicLong();
  static final AtomicLong CONNECTIONS = new AtomicLong();
  static final AtomicLong DATAGRAMS = new AtomicLong();
  static volatile boolean running = true;

  public static void main(String[] args) throws Exception {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    ServerSocket server = new ServerSocket(0, 200, loopback);
    daemon(() -> acceptAndEcho(server));
    for (int i = 0; i < 4; i++) {
      daemon(() -> stream(server.getLocalPort()));
    }
    daemon(() -> churn(server.getLocalPort()));
    DatagramSocket a = new DatagramSocket(new InetSocketAddress(loopback, 0));
    DatagramSocket b = new DatagramSocket(new InetSocketAddress(loopback, 0));
    daemon(() -> pingPong(a, b.getLocalSocketAddress()));
    daemon(() -> pingPong(b, a.getLocalSocketAddress()));
    System.out.println("loopback traffic running");
    System.out.flush();
    InputStream in = System.in;
    while (in.read() != -1) {
      // until the stress run closes our standard input
    }
    running = false;
    System.out.printf(
        "loopback traffic: %d MB over TCP, %d short connections, %d datagrams%n",
        TCP_BYTES.get() >> 20, CONNECTIONS.get(), DATAGRAMS.get());
    System.exit(0);
  }

  static void daemon(ThrowingRunnable body) {
    Thread.ofPlatform()
        .daemon(true)
        .start(
            () -> {
              try {
                body.run();
              } catch (Exception e) {
                if (running) {
                  System.err.println("loopback traffic: " + e);
                }
              }
            });
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  static void acceptAndEcho(ServerSocket server) throws IOException {
    while (running) {
      Socket socket = server.accept();
      daemon(
          () -> {
            try (socket) {
              InputStream in = socket.getInputStream();
              OutputStream out = socket.getOutputStream();
              byte[] buffer = new byte[65_536];
              int n;
              while ((n = in.read(buffer)) != -1) {
                out.write(buffer, 0, n);
              }
            }
          });
    }
  }

  static void stream(int port) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      byte[] chunk = new byte[65_536];
      while (running) {
        out.write(chunk);
        int read = 0;
        while (read < chunk.length) {
          int n = in.read(chunk, read, chunk.length - read);
          if (n == -1) {
            return;
          }
          read += n;
        }
        TCP_BYTES.addAndGet(2L * chunk.length);
      }
    }
  }

  static void churn(int port) throws Exception {
    while (running) {
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
        socket.getOutputStream().write(1);
        socket.getInputStream().read();
      }
      CONNECTIONS.incrementAndGet();
      Thread.sleep(10);
    }
  }

  static void pingPong(DatagramSocket socket, SocketAddress peer) throws IOException {
    byte[] payload = new byte[1024];
    socket.setSoTimeout(100);
    while (running) {
      socket.send(new DatagramPacket(payload, payload.length, peer));
      DATAGRAMS.incrementAndGet();
      try {
        socket.receive(new DatagramPacket(new byte[2048], 2048));
      } catch (SocketTimeoutException lost) {
        // a datagram lost under load: send the next
      }
    }
  }
}

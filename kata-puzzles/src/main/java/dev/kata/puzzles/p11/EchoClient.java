package dev.kata.puzzles.p11;

import dev.kata.api.check.Invariant;
import dev.kata.api.check.OpenSockets;
import dev.kata.api.check.TimeScale;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * The checks' own client: a real TCP connection to the learner's server on the loopback address,
 * declared the check's so kata's socket guard never blames the learner for it. Every read is
 * bounded by a scaled timeout, which only a wrong server ever reaches.
 */
final class EchoClient implements AutoCloseable {

  /**
   * How long a reply may take before the server is said not to answer; never reached by a correct
   * one.
   */
  static final long REPLY_MILLIS = 5_000;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final String name;

  private EchoClient(Socket socket, String name) throws IOException {
    this.socket = socket;
    this.name = name;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** Connect to the server's port; a refused connection is the learner's failure, said so. */
  static EchoClient connect(int port, String name) {
    Socket socket = new Socket();
    try {
      // each write leaves at once, as one segment: the check decides the splits
      socket.setTcpNoDelay(true);
      socket.connect(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
          (int) TimeScale.millis(REPLY_MILLIS));
      OpenSockets.ownedByCheck(socket);
      socket.setSoTimeout((int) TimeScale.millis(REPLY_MILLIS));
      return new EchoClient(socket, name);
    } catch (IOException e) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // nothing was opened
      }
      throw Invariant.violated(
          "when start() returns, clients can connect to the port it returned",
          name + " connected to 127.0.0.1:" + port,
          "the connection failed: "
              + e.getMessage()
              + " (is the server socket bound, to the loopback address, before start() returns?)");
    }
  }

  String name() {
    return name;
  }

  int localPort() {
    return socket.getLocalPort();
  }

  void send(String text) {
    send(text.getBytes(StandardCharsets.UTF_8));
  }

  void send(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      throw Invariant.violated(
          "the server keeps a connection open while its client is connected",
          name + " sends " + bytes.length + " bytes",
          "the write failed: " + e.getMessage() + " (the server closed or reset the connection)");
    }
  }

  void shutdownOutput() throws IOException {
    socket.shutdownOutput();
  }

  /**
   * Read the next line, '\n' included, and require it to be {@code expected}.
   *
   * @param invariant the invariant a missing or different line breaks
   */
  void expectLine(String expected, String invariant) {
    byte[] line = readLine();
    String observed;
    if (line == null) {
      observed = "no line came back within " + TimeScale.millis(REPLY_MILLIS) + " ms";
    } else if (line.length == 0) {
      observed = "the server closed the connection instead";
    } else {
      observed = show(new String(line, StandardCharsets.UTF_8));
      if (observed.equals(show(expected))) {
        return;
      }
    }
    throw Invariant.violated(invariant, name + " receives " + show(expected), observed);
  }

  /**
   * Read up to and including the next '\n'.
   *
   * @return the line's bytes; empty at the end of the stream before any byte; null when nothing
   *     more came within the reply time (bytes read so far are lost)
   */
  byte[] readLine() {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    try {
      while (true) {
        int b = in.read();
        if (b == -1) {
          return line.size() == 0 ? new byte[0] : line.toByteArray();
        }
        line.write(b);
        if (b == '\n') {
          return line.toByteArray();
        }
      }
    } catch (SocketTimeoutException e) {
      return null;
    } catch (IOException e) {
      return new byte[0]; // reset by the server: the connection has ended
    }
  }

  /**
   * Wait for the server to end the connection, skipping whatever it still sends.
   *
   * @return true once the stream ended or was reset; false if it stayed open for the reply time
   */
  boolean awaitEnd() {
    try {
      while (in.read() != -1) {
        // bytes before the end: what the server does with an unfinished line is not specified
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset: ended too
    }
  }

  InputStream input() {
    return in;
  }

  OutputStream output() {
    return out;
  }

  /**
   * Leave abruptly: close with a linger of zero, so the server gets a reset (RST) instead of the
   * end of the stream, and its next read or write fails with an IOException.
   */
  void reset() {
    try {
      socket.setSoLinger(true, 0);
    } catch (IOException e) {
      // the socket is closed below either way
    }
    close();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing the check's own socket cannot fail in a way that matters to the verdict
    }
  }

  /** Show a line with its '\n' visible. */
  static String show(String text) {
    return '"' + text.replace("\n", "\\n").replace("\r", "\\r") + '"';
  }
}

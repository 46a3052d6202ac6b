package p20_udp_echo;

import dev.kata.puzzles.p20.UdpClient;
import dev.kata.puzzles.p20.UdpEcho;
import dev.kata.puzzles.p20.UdpEchoServer;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * WRONG: the sequence number is a volatile long bumped with {@code ++lastNumber}, a read and a
 * write: two requests that start at once may both read the same value and send the same number, and
 * the later one's entry in the map replaces the earlier one's.
 */
public class DatagramEcho implements UdpEcho {

  /** Room for any UDP datagram. */
  private static final int MAX_DATAGRAM = 65_536;

  @Override
  public UdpEchoServer newServer() {
    return new Server();
  }

  @Override
  public UdpClient newClient(InetSocketAddress server) throws IOException {
    return new Client(server);
  }

  /** Join t, however often this thread is interrupted; keep the interrupt status. */
  static void joinKeepingInterrupt(Thread t) {
    boolean interrupted = false;
    while (true) {
      try {
        t.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  static final class Server implements UdpEchoServer {

    private DatagramChannel channel;
    private Thread thread;

    @Override
    public synchronized int start() throws IOException {
      DatagramChannel ch = DatagramChannel.open();
      try {
        ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      } catch (IOException | RuntimeException e) {
        ch.close();
        throw e;
      }
      channel = ch;
      thread = new Thread(() -> serve(ch), "udp-echo-server");
      thread.setDaemon(true);
      thread.start();
      return ((InetSocketAddress) ch.getLocalAddress()).getPort();
    }

    private static void serve(DatagramChannel ch) {
      ByteBuffer buf = ByteBuffer.allocate(MAX_DATAGRAM);
      while (ch.isOpen()) {
        buf.clear();
        try {
          SocketAddress from = ch.receive(buf);
          buf.flip();
          ch.send(buf, from);
        } catch (ClosedChannelException e) {
          return;
        } catch (IOException e) {
          // one bad datagram must not stop the server
        }
      }
    }

    @Override
    public synchronized void close() throws IOException {
      if (channel == null) {
        return;
      }
      try {
        channel.close();
      } finally {
        joinKeepingInterrupt(thread); // the socket is really released once the thread has left
      }
    }
  }

  static final class Client implements UdpClient {

    private final InetSocketAddress server;
    private final DatagramSocket socket;
    private final Thread receiver;
    private final Map<Long, CompletableFuture<byte[]>> pending = new ConcurrentHashMap<>();
    private volatile long lastNumber;
    private volatile boolean closed;

    Client(InetSocketAddress server) throws IOException {
      this.server = server;
      this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      this.receiver = new Thread(this::receiveLoop, "udp-client-receiver");
      receiver.setDaemon(true);
      receiver.start();
    }

    private boolean fromServer(SocketAddress from) {
      return from instanceof InetSocketAddress a
          && a.getPort() == server.getPort()
          && a.getAddress().equals(server.getAddress());
    }

    private void receiveLoop() {
      byte[] buf = new byte[MAX_DATAGRAM];
      DatagramPacket packet = new DatagramPacket(buf, buf.length);
      while (true) {
        packet.setData(buf);
        try {
          socket.receive(packet);
        } catch (IOException e) {
          if (socket.isClosed()) {
            break;
          }
          continue;
        }
        if (!fromServer(packet.getSocketAddress()) || packet.getLength() < Long.BYTES) {
          continue;
        }
        long number = ByteBuffer.wrap(buf, 0, Long.BYTES).getLong();
        CompletableFuture<byte[]> waiting = pending.get(number);
        if (waiting != null) {
          waiting.complete(Arrays.copyOfRange(buf, Long.BYTES, packet.getLength()));
        }
      }
      failAll();
    }

    private void failAll() {
      for (CompletableFuture<byte[]> f : pending.values()) {
        f.completeExceptionally(new SocketException("client closed"));
      }
    }

    @Override
    public byte[] request(byte[] payload, Duration perTry, int attempts)
        throws IOException, InterruptedException {
      long number = ++lastNumber;
      byte[] datagram =
          ByteBuffer.allocate(Long.BYTES + payload.length).putLong(number).put(payload).array();
      DatagramPacket out = new DatagramPacket(datagram, datagram.length, server);
      CompletableFuture<byte[]> reply = new CompletableFuture<>();
      pending.put(number, reply);
      try {
        if (closed) {
          throw new SocketException("client closed");
        }
        long perTryNanos = nanos(perTry);
        for (int sent = 0; sent < attempts; sent++) {
          if (Thread.interrupted()) {
            throw new InterruptedException("request " + number + " interrupted");
          }
          socket.send(out);
          try {
            return reply.get(perTryNanos, TimeUnit.NANOSECONDS);
          } catch (TimeoutException e) {
            // no reply within perTry: send the same datagram again
          } catch (ExecutionException e) {
            throw asIo(e.getCause());
          }
        }
        throw new SocketTimeoutException(
            "no reply to request " + number + " after " + attempts + " datagrams");
      } finally {
        pending.remove(number);
      }
    }

    private static long nanos(Duration d) {
      try {
        return d.toNanos();
      } catch (ArithmeticException e) {
        return Long.MAX_VALUE;
      }
    }

    private static IOException asIo(Throwable t) {
      return t instanceof IOException io ? io : new IOException(t);
    }

    @Override
    public void close() throws IOException {
      closed = true;
      socket.close();
      joinKeepingInterrupt(receiver);
      failAll();
    }
  }
}

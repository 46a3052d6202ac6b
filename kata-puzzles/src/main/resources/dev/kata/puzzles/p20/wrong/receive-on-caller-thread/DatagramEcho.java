package p20_udp_echo;

import dev.kata.puzzles.p20.UdpClient;
import dev.kata.puzzles.p20.UdpEcho;
import dev.kata.puzzles.p20.UdpEchoServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * WRONG: one socket for the client, and every requesting thread receives on it for itself, dropping
 * a datagram with another request's number: when two requests wait at once, whichever thread
 * receives first throws the other's reply away.
 */
public class DatagramEcho implements UdpEcho {

  @Override
  public UdpEchoServer newServer() {
    return new Server();
  }

  @Override
  public UdpClient newClient(InetSocketAddress server) throws IOException {
    return new Client(server);
  }

  static final class Server implements UdpEchoServer {

    private DatagramChannel channel;
    private Thread thread;

    @Override
    public int start() throws IOException {
      channel = DatagramChannel.open();
      channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      DatagramChannel serving = channel;
      thread =
          Thread.ofPlatform()
              .name("udp-echo-server")
              .start(
                  () -> {
                    ByteBuffer buffer = ByteBuffer.allocate(65_535);
                    try {
                      while (true) {
                        buffer.clear();
                        SocketAddress sender = serving.receive(buffer);
                        buffer.flip();
                        serving.send(buffer, sender);
                      }
                    } catch (IOException closed) {
                      // closed
                    }
                  });
      return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    @Override
    public void close() throws IOException {
      channel.close();
      boolean interrupted = false;
      while (true) {
        try {
          thread.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static final class Client implements UdpClient {

    private final InetSocketAddress server;
    private final DatagramChannel channel;
    private final AtomicLong sequence = new AtomicLong();
    private final Set<Selector> waiting = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    Client(InetSocketAddress server) throws IOException {
      this.server = server;
      channel = DatagramChannel.open();
      channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      channel.configureBlocking(false);
    }

    @Override
    public byte[] request(byte[] payload, Duration perTry, int attempts)
        throws IOException, InterruptedException {
      long number = sequence.incrementAndGet();
      ByteBuffer datagram = ByteBuffer.allocate(Long.BYTES + payload.length);
      datagram.putLong(number).put(payload).flip();
      Selector selector = Selector.open();
      waiting.add(selector);
      try (selector) {
        if (closed) {
          throw new AsynchronousCloseException();
        }
        channel.register(selector, SelectionKey.OP_READ);
        ByteBuffer in = ByteBuffer.allocate(Long.BYTES + 1025);
        for (int attempt = 1; attempt <= attempts; attempt++) {
          channel.send(datagram.duplicate(), server);
          long deadline = System.nanoTime() + perTry.toNanos();
          for (long left = perTry.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            selector.select(Math.max(1, left / 1_000_000));
            selector.selectedKeys().clear();
            if (Thread.interrupted()) {
              throw new InterruptedException("request interrupted");
            }
            if (closed) {
              throw new AsynchronousCloseException();
            }
            SocketAddress from;
            while ((from = channel.receive(in.clear())) != null) {
              in.flip();
              if (server.equals(from) && in.remaining() >= Long.BYTES && in.getLong() == number) {
                byte[] reply = new byte[in.remaining()];
                in.get(reply);
                return reply;
              } // another number: a late reply, surely; dropped
            }
          }
        }
        throw new SocketTimeoutException("no reply after " + attempts + " attempts");
      } catch (ClosedSelectorException e) {
        throw new AsynchronousCloseException();
      } finally {
        waiting.remove(selector);
      }
    }

    @Override
    public void close() throws IOException {
      closed = true;
      waiting.forEach(Selector::wakeup);
      channel.close();
    }
  }
}

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
 * A correct alternative to the reference: the server is a classic DatagramSocket with a receive
 * loop on a virtual thread; the client has no thread and no shared socket. Each request opens a
 * non-blocking DatagramChannel of its own and waits on a Selector of its own, so replies never need
 * to be handed between threads, an interrupt wakes select() without closing anything, and a late
 * reply to a request that has ended reaches a closed port.
 */
public class DatagramEcho implements UdpEcho {

  @Override
  public UdpEchoServer newServer() {
    return new Server();
  }

  @Override
  public UdpClient newClient(InetSocketAddress server) {
    return new Client(server);
  }

  static final class Server implements UdpEchoServer {

    private DatagramSocket socket;
    private Thread thread;

    @Override
    public int start() throws IOException {
      socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      DatagramSocket serving = socket;
      thread =
          Thread.ofVirtual()
              .name("udp-echo")
              .start(
                  () -> {
                    DatagramPacket packet = new DatagramPacket(new byte[65_535], 65_535);
                    try {
                      while (true) {
                        packet.setLength(65_535);
                        serving.receive(packet);
                        // the packet still holds the sender's address and port
                        serving.send(packet);
                      }
                    } catch (IOException closed) {
                      // close() closed the socket
                    }
                  });
      return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      socket.close();
      boolean interrupted = Thread.interrupted();
      try {
        while (true) {
          try {
            thread.join();
            break;
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /** One request's socket and the selector it waits on. */
  record Request(DatagramChannel channel, Selector selector) {}

  static final class Client implements UdpClient {

    private final InetSocketAddress server;
    private final AtomicLong sequence = new AtomicLong(System.nanoTime());
    private final Set<Request> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    Client(InetSocketAddress server) {
      this.server = server;
    }

    @Override
    public byte[] request(byte[] payload, Duration perTry, int attempts)
        throws IOException, InterruptedException {
      long number = sequence.getAndIncrement();
      ByteBuffer datagram = ByteBuffer.allocate(Long.BYTES + payload.length);
      datagram.putLong(number).put(payload).flip();
      Request request = new Request(DatagramChannel.open(), Selector.open());
      open.add(request); // before looking at closed: close() either sees it or is seen
      try (DatagramChannel channel = request.channel();
          Selector selector = request.selector()) {
        requireOpen();
        channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        channel.configureBlocking(false);
        channel.register(selector, SelectionKey.OP_READ);
        ByteBuffer in = ByteBuffer.allocate(Long.BYTES + 1025); // this request's own
        for (int attempt = 1; attempt <= attempts; attempt++) {
          channel.send(datagram.duplicate(), server); // every attempt: the same number
          long deadline = System.nanoTime() + perTry.toNanos();
          for (long left = perTry.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            selector.select(Math.max(1, left / 1_000_000)); // an interrupt wakes it
            selector.selectedKeys().clear();
            if (Thread.interrupted()) {
              throw new InterruptedException("request interrupted");
            }
            requireOpen();
            SocketAddress from;
            while ((from = channel.receive(in.clear())) != null) {
              in.flip();
              if (server.equals(from) && in.remaining() >= Long.BYTES && in.getLong() == number) {
                byte[] reply = new byte[in.remaining()];
                in.get(reply);
                return reply;
              } // anything else is a stranger's or a duplicate: not the reply
            }
          }
        }
        throw new SocketTimeoutException("no reply after " + attempts + " attempts");
      } catch (ClosedSelectorException e) {
        throw new AsynchronousCloseException(); // close() closed this request's selector
      } finally {
        open.remove(request);
      }
    }

    private void requireOpen() throws AsynchronousCloseException {
      if (closed) {
        throw new AsynchronousCloseException();
      }
    }

    @Override
    public void close() throws IOException {
      closed = true;
      for (Request request : open) {
        // The selector first: a channel still registered is only really closed when its key is
        // deregistered, and closing the selector does that (and wakes a select() in progress).
        request.selector().close();
        request.channel().close();
      }
    }
  }
}

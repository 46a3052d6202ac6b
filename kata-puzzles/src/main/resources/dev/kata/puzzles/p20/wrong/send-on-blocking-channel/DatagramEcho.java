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
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * WRONG: the client's channel stays in blocking mode, and each requesting thread sends on it
 * itself. A DatagramChannel is an InterruptibleChannel: a thread interrupted just before it sends a
 * retransmission closes the channel, so the request fails with ClosedByInterruptException and every
 * later request of the client fails too.
 */
public class DatagramEcho implements UdpEcho {

  /** The largest datagram of the protocol: a sequence number and 1024 bytes of payload. */
  static final int MAX_DATAGRAM = Long.BYTES + 1024;

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
      // Bound here, before returning: from now on the kernel queues datagrams for us.
      channel = DatagramChannel.open();
      channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      DatagramChannel serving = channel;
      thread = Thread.ofPlatform().name("udp-echo-server").start(() -> serve(serving));
      return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    /** Echo until close() closes the channel, which wakes receive() with an exception. */
    private static void serve(DatagramChannel channel) {
      ByteBuffer buffer = ByteBuffer.allocate(65_535); // only this thread uses it
      try {
        while (true) {
          buffer.clear();
          SocketAddress sender = channel.receive(buffer); // who sent it: there is no connection
          buffer.flip();
          channel.send(buffer, sender); // to that sender, never to an address kept from before
        }
      } catch (IOException closed) {
        // close() closed the channel (AsynchronousCloseException): the server stops
      }
    }

    @Override
    public void close() throws IOException {
      channel.close();
      // Wait for the thread, so the socket, which a thread blocked in receive() holds until it
      // wakes, is released when close() returns. An interrupt must not cut the wait short: the
      // status is taken now, and given back once the wait is over.
      boolean interrupted = Thread.interrupted();
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

  /** A request waiting for the reply with its number. */
  record Waiting(long number, CompletableFuture<byte[]> reply) {}

  static final class Client implements UdpClient {

    private final InetSocketAddress server;
    private final DatagramChannel channel;
    private final Thread receiver;

    /**
     * Requests handed to the receiver: each requesting thread puts its own here before it sends,
     * and only the receiver takes them out, into a map that no other thread ever touches.
     */
    private final BlockingQueue<Waiting> handover = new LinkedBlockingQueue<>();

    private final AtomicLong sequence = new AtomicLong();

    Client(InetSocketAddress server) throws IOException {
      this.server = server;
      this.channel = DatagramChannel.open();
      channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      // Blocking: the receiver waits in receive() itself, and close() wakes it.
      this.receiver = Thread.ofPlatform().name("udp-client-receiver").start(this::receiveAll);
    }

    @Override
    public byte[] request(byte[] payload, Duration perTry, int attempts)
        throws IOException, InterruptedException {
      long number = sequence.incrementAndGet(); // unique per request, atomically: many callers
      CompletableFuture<byte[]> reply = new CompletableFuture<>();
      // Handed over before the first send: the reply may come at once. The queue's put happens
      // before the send, the send before the receive of the reply, and the receiver looks at the
      // queue after that receive, so it always knows the request by then.
      handover.add(new Waiting(number, reply));
      try {
        ByteBuffer datagram = ByteBuffer.allocate(Long.BYTES + payload.length);
        datagram.putLong(number).put(payload).flip();
        for (int attempt = 1; attempt <= attempts; attempt++) {
          // Every attempt: the same number. A full send buffer (0 bytes sent) is one more lost
          // datagram, which the next attempt makes up for.
          channel.send(datagram.duplicate(), server);
          try {
            // A timed wait: a lost datagram must not block us forever. A reply to any earlier
            // attempt completes the same future, so a late reply still counts.
            return reply.get(perTry.toNanos(), TimeUnit.NANOSECONDS);
          } catch (TimeoutException lost) {
            // the request or its reply was lost (or is late): send it again
          } catch (ExecutionException e) {
            throw new IOException("the client's socket is closed", e.getCause());
          }
        }
        throw new SocketTimeoutException(
            "no reply after " + attempts + " attempts of " + perTry.toMillis() + " ms");
      } finally {
        // ended (or answered): the receiver forgets it, a late reply is dropped
        reply.cancel(false);
      }
    }

    /**
     * The only thread that receives, so each datagram is looked at once and handed to the request
     * waiting for its number. It blocks in receive(), which close() wakes by closing the channel.
     */
    private void receiveAll() {
      ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM); // only this thread uses it
      Map<Long, CompletableFuture<byte[]>> waiting = new HashMap<>(); // only this thread, too
      try {
        while (true) {
          SocketAddress from;
          while ((from = channel.receive(buffer.clear())) != null) { // blocks until one comes
            buffer.flip();
            if (!server.equals(from) || buffer.remaining() < Long.BYTES) {
              continue; // not from the server, or not of the protocol: not a reply
            }
            takeOver(waiting);
            CompletableFuture<byte[]> reply = waiting.remove(buffer.getLong());
            if (reply != null) { // null: a late or duplicate reply to a request that has ended
              byte[] payload = new byte[buffer.remaining()]; // a copy: the buffer is reused next
              buffer.get(payload);
              reply.complete(payload); // removed: a second copy of the reply finds nobody
            }
          }
        }
      } catch (IOException failure) {
        // close() closed the channel (or the socket failed): every request still waiting ends
        // with an IOException
        takeOver(waiting);
        waiting.values().forEach(r -> r.completeExceptionally(failure));
      }
    }

    /** Take the requests handed over since last time; forget those that have ended. */
    private void takeOver(Map<Long, CompletableFuture<byte[]>> waiting) {
      for (Waiting w = handover.poll(); w != null; w = handover.poll()) {
        waiting.put(w.number(), w.reply());
      }
      waiting.values().removeIf(CompletableFuture::isDone);
    }

    @Override
    public void close() throws IOException {
      channel.close(); // a request sending from now on fails at once
      boolean interrupted = Thread.interrupted(); // the wait is not cut short; given back after it
      while (true) {
        try {
          receiver.join();
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
}

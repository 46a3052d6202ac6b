package dev.kata.puzzles.p20;

import dev.kata.api.check.Patience;
import dev.kata.api.check.TimeScale;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The check's lossy link: a relay on the loopback address between the learner's client and an echo
 * server, which drops, duplicates, holds and releases datagrams on command, never at random. The
 * client is given the relay's address as the server's. Requests go through one socket to the
 * server; each reply goes back to the address its sequence number's request came from. Every
 * datagram is recorded, so a check counts what the client sent and when.
 */
// close() joins the check's own threads: an InterruptedException there is the check's to see,
// not one a try-with-resources hides (javac's "try" lint)
@SuppressWarnings("try")
final class LossyRelay implements AutoCloseable {

  /** What the relay does with one datagram. */
  enum Fate {
    /** Forward it. */
    PASS,
    /** Lose it. */
    DROP,
    /** Keep it until {@link #release} sends it on. */
    HOLD,
    /** Forward it twice. */
    TWICE
  }

  /**
   * One datagram that reached the relay.
   *
   * @param seq its sequence number, or -1 when it is shorter than 8 bytes
   * @param attempt 1 for the first datagram with this number in this direction, 2 for the next...
   * @param client the client's address the request came from (for a reply: its request's)
   * @param nanos when it reached the relay
   */
  record Datagram(
      boolean request, long seq, int attempt, byte[] bytes, InetSocketAddress client, long nanos) {

    byte[] payload() {
      return bytes.length < Long.BYTES
          ? new byte[0]
          : Arrays.copyOfRange(bytes, Long.BYTES, bytes.length);
    }
  }

  /** Decides a datagram's fate; runs on the relay's thread, so it may release held datagrams. */
  interface Rule {
    Fate fate(Datagram datagram);
  }

  private final DatagramChannel front;
  private final DatagramChannel back;
  private final InetSocketAddress backend;
  private final Object lock = new Object();
  private final List<Datagram> requests = new ArrayList<>();
  private final List<Datagram> replies = new ArrayList<>();
  private final List<Datagram> held = new ArrayList<>();
  private final Map<Long, InetSocketAddress> clientOf = new HashMap<>();
  private volatile Rule onRequest = d -> Fate.PASS;
  private volatile Rule onReply = d -> Fate.PASS;
  private int markers;
  private final Thread up;
  private final Thread down;

  private LossyRelay(int backendPort) throws IOException {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    backend = new InetSocketAddress(loopback, backendPort);
    front = DatagramChannel.open().bind(new InetSocketAddress(loopback, 0));
    back = DatagramChannel.open().bind(new InetSocketAddress(loopback, 0));
    up = Thread.ofPlatform().daemon().name("check-relay-requests").start(this::relayRequests);
    down = Thread.ofPlatform().daemon().name("check-relay-replies").start(this::relayReplies);
  }

  /** Start a relay in front of the echo server on {@code backendPort}. */
  static LossyRelay inFrontOf(int backendPort) throws IOException {
    return new LossyRelay(backendPort);
  }

  /** The address to give the client as the server's. */
  InetSocketAddress address() throws IOException {
    return new InetSocketAddress(
        InetAddress.getLoopbackAddress(), ((InetSocketAddress) front.getLocalAddress()).getPort());
  }

  void onRequest(Rule rule) {
    onRequest = rule;
  }

  void onReply(Rule rule) {
    onReply = rule;
  }

  /** Every request datagram so far, in the order they reached the relay. */
  List<Datagram> requests() {
    synchronized (lock) {
      return List.copyOf(requests);
    }
  }

  List<Datagram> requestsNumbered(long seq) {
    return requests().stream().filter(d -> d.seq() == seq).toList();
  }

  /**
   * Wait, within a scaled bound, until {@code count} request datagrams matching {@code which} have
   * reached the relay.
   *
   * @return true if they did
   */
  boolean awaitRequests(Predicate<Datagram> which, int count, long baseMillis)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeScale.millis(baseMillis) * 1_000_000;
    synchronized (lock) {
      while (requests.stream().filter(which).count() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        lock.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  /**
   * Wait, within a scaled bound, until {@code count} replies are held.
   *
   * @return true if they are
   */
  boolean awaitHeld(int count, long baseMillis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeScale.millis(baseMillis) * 1_000_000;
    synchronized (lock) {
      while (held.size() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        lock.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  /**
   * Make sure every datagram sent to the relay before this call has been recorded: a marker sent
   * now queues behind them, and the relay handles its datagrams in order. The marker is dropped.
   *
   * @return true if the marker came through within the scaled bound
   */
  boolean sync(long baseMillis) throws IOException, InterruptedException {
    byte[] marker = new byte[] {'s', 'y', 'n', 'c', (byte) markers++};
    Rule previous = onRequest;
    try (DatagramChannel probe = DatagramChannel.open()) {
      probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      onRequest = d -> Arrays.equals(d.bytes(), marker) ? Fate.DROP : previous.fate(d);
      probe.send(ByteBuffer.wrap(marker), address());
      return awaitRequests(d -> Arrays.equals(d.bytes(), marker), 1, baseMillis);
    } finally {
      onRequest = previous;
    }
  }

  /** Send on every held datagram matching {@code which}, in the order they were held. */
  void release(Predicate<Datagram> which) {
    List<Datagram> go = new ArrayList<>();
    synchronized (lock) {
      for (Datagram d : held) {
        if (which.test(d)) {
          go.add(d);
        }
      }
      held.removeAll(go);
    }
    for (Datagram d : go) {
      forward(d);
    }
  }

  /** Send on every held datagram. */
  void releaseAll() {
    release(d -> true);
  }

  private void relayRequests() {
    relay(front, true);
  }

  private void relayReplies() {
    relay(back, false);
  }

  private void relay(DatagramChannel from, boolean request) {
    ByteBuffer buffer = ByteBuffer.allocate(65_535);
    try {
      while (true) {
        buffer.clear();
        // Only code of this JVM sends to the relay: while it waits here, it waits for another.
        SocketAddress sender = Patience.waitForLearner(() -> from.receive(buffer));
        buffer.flip();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        long seq = bytes.length < Long.BYTES ? -1 : ByteBuffer.wrap(bytes).getLong();
        Datagram datagram;
        synchronized (lock) {
          List<Datagram> seen = request ? requests : replies;
          int attempt = 1 + (int) seen.stream().filter(d -> d.seq() == seq).count();
          InetSocketAddress client;
          if (request) {
            client = (InetSocketAddress) sender;
            clientOf.put(seq, client);
          } else {
            client = clientOf.get(seq);
          }
          datagram = new Datagram(request, seq, attempt, bytes, client, System.nanoTime());
          seen.add(datagram);
          lock.notifyAll();
        }
        if (!request && datagram.client() == null) {
          continue; // a reply to nothing the relay sent: the check's echo never does that
        }
        Fate fate = (request ? onRequest : onReply).fate(datagram);
        switch (fate) {
          case PASS -> forward(datagram);
          case TWICE -> {
            forward(datagram);
            forward(datagram);
          }
          case HOLD -> {
            synchronized (lock) {
              held.add(datagram);
              lock.notifyAll(); // awaitHeld may have looked between the record and the hold
            }
          }
          case DROP -> {
            // lost
          }
        }
      }
    } catch (IOException closed) {
      // close() closed the channel: the relay stops
    }
  }

  private void forward(Datagram d) {
    try {
      if (d.request()) {
        back.send(ByteBuffer.wrap(d.bytes()), backend);
      } else {
        front.send(ByteBuffer.wrap(d.bytes()), d.client());
      }
    } catch (IOException e) {
      // the relay is closing: the datagram is lost, as on any link
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    front.close();
    back.close();
    up.join();
    down.join();
  }
}

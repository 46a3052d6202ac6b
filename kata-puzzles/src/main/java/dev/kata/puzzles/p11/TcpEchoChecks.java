package dev.kata.puzzles.p11;

import dev.kata.api.check.CallGate;
import dev.kata.api.check.Carriers;
import dev.kata.api.check.Invariant;
import dev.kata.api.check.OpenSockets;
import dev.kata.api.check.OpenSockets.OpenSocket;
import dev.kata.api.check.PuzzleChecks;
import dev.kata.api.check.Threads;
import dev.kata.api.check.TimeScale;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The checks of puzzle 11, on real sockets on the loopback address with ephemeral ports. The
 * check's client decides how the stream is split: with TCP_NODELAY each write leaves as one
 * segment, and a write holding the start of a line goes out only after the reply to an earlier line
 * in the same write proves the server has read it, so a partial read is provoked, not hoped for.
 * Concurrency is proven by connections held open at once, each answered while all the others stay
 * connected; never by timing. Every wait is bounded and scaled, and only a wrong server reaches a
 * bound.
 *
 * <p>Contract audit: each sentence of {@link EchoServer} and of the starter's GOAL, and the check
 * that fails when it is violated.
 *
 * <table>
 *   <caption>contract sentence → check</caption>
 *   <tr><td>bind a server socket to an ephemeral port of the loopback address; return the port</td>
 *       <td>{@link #startBindsAFreshLoopbackPort}: two servers get two ports; nothing listens on
 *       another address (Linux: the listening socket's address; elsewhere: a connection through a
 *       non-loopback address must be refused, or the part is skipped and says why)</td></tr>
 *   <tr><td>start serving, and return at once; when it returns, clients can connect</td>
 *       <td>every check connects as soon as start() returns; a start() that serves on the caller's
 *       thread hits the check's time limit, with its stack</td></tr>
 *   <tr><td>every complete line is sent back, unchanged, '\n' included, in order</td>
 *       <td>{@link #splitLinesComeBackWhole}, {@link #largePayloadComesBack}</td></tr>
 *   <tr><td>as soon as its '\n' has arrived (while the client stays connected)</td>
 *       <td>every check waits for each reply with the connection open:
 *       {@link #splitLinesComeBackWhole}, {@link #largePayloadComesBack}</td></tr>
 *   <tr><td>one read may return part of a line or several lines; a line may be longer than any
 *       buffer; the text is UTF-8</td>
 *       <td>{@link #splitLinesComeBackWhole} (a line split across reads, three lines in one read, a
 *       character split across reads), {@link #largePayloadComesBack} (lines of 300 KB)</td></tr>
 *   <tr><td>every connection is served on a thread of its own; many clients may be connected at
 *       once; a client that sends nothing never delays another</td>
 *       <td>{@link #manyClientsAtOnce}: 200 connections held open, each answered while all earlier
 *       ones stay open and idle; the first connection that got no answer is named</td></tr>
 *   <tr><td>after a client closes its side, the server closes that connection and its thread ends
 *       </td><td>{@link #clientLeavingMidLine}: the client sees the end of its stream; no thread
 *       dies of an exception ({@link CrashWatch}); the runner's socket guard finds a connection
 *       never closed, its thread guard a thread that never ends (spinning at -1 included)</td></tr>
 *   <tr><td>(the same,) when the client resets the connection instead</td>
 *       <td>{@link #clientResettingMidLine}: the server's side of a connection whose client sent a
 *       reset (RST) mid-line is closed within a bounded wait; a server that closes only after
 *       read() returned -1 keeps it open (Linux: read from the open descriptors; elsewhere skipped,
 *       saying why)</td></tr>
 *   <tr><td>close(): stop accepting; when it returns the server socket is closed, no connection
 *       is accepted any more</td><td>{@link #closeReleasesEverything}: a connection attempt right
 *       after close() returns is refused</td></tr>
 *   <tr><td>every connection socket is closed too: every client sees its connection end</td>
 *       <td>{@link #closeReleasesEverything}: three clients, one of them mid-line</td></tr>
 *   <tr><td>(the same,) when this method returns</td>
 *       <td>{@link #connectionsClosedWhenCloseReturns}: every carrier of the virtual-thread
 *       scheduler is held ({@link Carriers}) while close() runs, until it returns or waits; the
 *       server's sockets are listed the moment it returns, and none may be open. A close() that
 *       interrupts its virtual connection threads and returns leaves them open on every run
 *       (Linux: read from the open descriptors; elsewhere skipped, saying why)</td></tr>
 *   <tr><td>every connection socket is closed too (one that accept() returned while close() ran)
 *       </td><td>{@link #connectionAcceptedWhileClosing}: the accepting thread is held right
 *       after accept() returns ({@link CallGate}) until close() has returned or waits (for it); the
 *       connection must then end (skipped, with a reason, for a solution that does not call
 *       ServerSocket.accept())</td></tr>
 *   <tr><td>right after, the port can be bound again, and every connection thread ends</td>
 *       <td>{@link #closeReleasesEverything} (a bind within a bounded wait); the runner's thread
 *       and socket guards after every check</td></tr>
 *   <tr><td>if the caller is interrupted, close() still closes everything and keeps the
 *       interrupt status</td><td>{@link #closeReleasesEverything} calls close() interrupted;
 *       {@link #connectionAcceptedWhileClosing} interrupts close() while it waits for the held
 *       accepting thread, so that the wait surely throws</td></tr>
 *   <tr><td>GOAL: closing what you open</td><td>kata's socket guard after every check</td></tr>
 * </table>
 */
@PuzzleChecks(timeLimitSeconds = 20)
@ExtendWith(CrashWatch.class)
public class TcpEchoChecks {

  // Numbers the starter's prose states too: StarterProseTest holds the two to each other.
  /** How many clients {@link #manyClientsAtOnce} keeps connected at once. */
  static final int CLIENTS_AT_ONCE = 200;

  /** How many mebibytes of lines {@link #largePayloadComesBack} sends. */
  static final int PAYLOAD_MEBIBYTES = 4;

  private static final String ECHO = "every complete line comes back to its client, unchanged";
  private static final String SPLIT = "a line is echoed whole, however TCP splits the stream";
  private static final String CONCURRENT = "every connection is served on a thread of its own";
  private static final String LEAVE = "when a client leaves, the server closes its connection";
  private static final String CLOSE = "close() closes every connection of the server";

  @Test
  @Order(1)
  @DisplayName("start() binds a fresh ephemeral port on the loopback address, ready for clients")
  void startBindsAFreshLoopbackPort(EchoServer first, EchoServer second, TestReporter reporter)
      throws IOException {
    try {
      int a = first.start();
      int b = second.start();
      Invariant.require(
          a > 0 && a < 65_536 && b > 0 && b < 65_536,
          "start() returns the port the server listens on",
          "two ports in 1..65535",
          () -> "start() returned " + a + " and " + b);
      Invariant.require(
          a != b,
          "start() binds an ephemeral port (port 0), never a fixed one",
          "two servers on two ports",
          () -> "both servers returned port " + a);
      try (EchoClient one = EchoClient.connect(a, "a client of the first server");
          EchoClient two = EchoClient.connect(b, "a client of the second server")) {
        one.send("ping\n");
        two.send("pong\n");
        one.expectLine("ping\n", ECHO);
        two.expectLine("pong\n", ECHO);
      }
      requireLoopbackOnly(a, reporter);
    } finally {
      stopQuietly(second);
      stopQuietly(first);
    }
  }

  @Test
  @Order(2)
  @DisplayName("a line split by TCP comes back whole; several lines in one read come back as lines")
  void splitLinesComeBackWhole(EchoServer server) throws IOException {
    int port = server.start();
    try (EchoClient client = EchoClient.connect(port, "the client")) {
      // One segment: the server's read returns "first\nhel" at once. "first\n" coming back proves
      // that read happened, so the server now holds "hel", and "lo\n" reaches a later read.
      client.send("first\nhel");
      client.expectLine("first\n", ECHO);
      client.send("lo\n");
      client.expectLine("hello\n", SPLIT + " (\"first\\nhel\" then \"lo\\n\" were two reads)");
      client.send("one\ntwo\nthree\n");
      client.expectLine("one\n", SPLIT + " (three lines came in one read)");
      client.expectLine("two\n", SPLIT + " (three lines came in one read)");
      client.expectLine("three\n", SPLIT + " (three lines came in one read)");
      // "été" is C3 A9 74 C3 A9: the first read ends between the two bytes of 'é'.
      byte[] ete = "\u00e9t\u00e9\n".getBytes(StandardCharsets.UTF_8);
      byte[] head = concat("second\n".getBytes(StandardCharsets.UTF_8), Arrays.copyOf(ete, 1));
      client.send(head);
      client.expectLine("second\n", ECHO);
      client.send(Arrays.copyOfRange(ete, 1, ete.length));
      client.expectLine(
          "\u00e9t\u00e9\n",
          SPLIT
              + " (a UTF-8 character was split between two reads:"
              + " frame the bytes, don't decode each read on its own)");
    } finally {
      stopQuietly(server);
    }
  }

  @Test
  @Order(3)
  @DisplayName("a client that leaves mid-line gets its connection closed, and the server serves on")
  // the explicit close() is the client leaving; try still closes on a failure
  @SuppressWarnings("try")
  void clientLeavingMidLine(EchoServer server) throws IOException {
    int port = server.start();
    try {
      try (EchoClient leaving = EchoClient.connect(port, "the leaving client")) {
        leaving.send("hello\n");
        leaving.expectLine("hello\n", ECHO);
        leaving.send("unfinished");
        leaving.shutdownOutput(); // the server's read() now returns -1
        Invariant.require(
            leaving.awaitEnd(),
            LEAVE,
            "the server sees read() return -1 and closes the connection",
            () ->
                "the connection was still open "
                    + TimeScale.millis(EchoClient.REPLY_MILLIS)
                    + " ms after the client closed its side mid-line: the server ignores read()"
                    + " returning -1 (its thread may spin there) or never closes the socket");
      }
      try (EchoClient abrupt = EchoClient.connect(port, "a client that leaves at once")) {
        abrupt.send("abc"); // and closes: the server must close its side too (the socket guard)
      }
      try (EchoClient silent = EchoClient.connect(port, "a client that sends nothing")) {
        silent.close();
      }
      try (EchoClient next = EchoClient.connect(port, "the next client")) {
        next.send("still there?\n");
        next.expectLine("still there?\n", ECHO + ", also after other clients left");
      }
    } finally {
      stopQuietly(server);
    }
  }

  @Test
  @Order(3)
  @DisplayName("a client that resets its connection mid-line gets the server's side closed too")
  void clientResettingMidLine(EchoServer server) throws IOException, InterruptedException {
    Optional<String> unsupported = OpenSockets.unsupportedReason();
    Assumptions.assumeTrue(
        unsupported.isEmpty(),
        () -> "this check reads the server's open sockets, and cannot here: " + unsupported.get());
    int port = server.start();
    try {
      EchoClient resetting = EchoClient.connect(port, "the resetting client");
      resetting.send("hello\n");
      resetting.expectLine("hello\n", ECHO);
      resetting.send("unfinished");
      // The server's side, seen before the reset: once reset, a socket leaves the kernel's table
      // of connections, but its descriptor stays open until the server closes it.
      Set<Long> serverSide =
          OpenSockets.list().stream()
              .filter(
                  o -> !OpenSockets.isOwnedByCheck(o) && o.remotePort() == resetting.localPort())
              .map(OpenSocket::id)
              .collect(Collectors.toSet());
      resetting.reset(); // the server's read now fails with "Connection reset"
      long deadline = System.nanoTime() + TimeScale.millis(EchoClient.REPLY_MILLIS) * 1_000_000;
      List<OpenSocket> open = stillOpen(serverSide);
      while (!open.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(5); // a poll of the descriptors; a correct server closes at once
        open = stillOpen(serverSide);
      }
      List<OpenSocket> left = open;
      Invariant.require(
          left.isEmpty(),
          LEAVE,
          "the server closes its side of a connection whose client reset it",
          () ->
              "still open "
                  + TimeScale.millis(EchoClient.REPLY_MILLIS)
                  + " ms after the client reset it: "
                  + left.getFirst().describe()
                  + ". A read that fails with an IOException ends the connection too: close the"
                  + " socket in a finally (or try-with-resources), not only after read() returns"
                  + " -1");
      try (EchoClient next = EchoClient.connect(port, "the next client")) {
        next.send("still there?\n");
        next.expectLine("still there?\n", ECHO + ", also after a client reset its connection");
      }
    } finally {
      stopQuietly(server);
    }
  }

  private static List<OpenSocket> stillOpen(Set<Long> sockets) {
    return OpenSockets.list().stream().filter(o -> sockets.contains(o.id())).toList();
  }

  @Test
  @Order(4)
  @DisplayName(
      "close() stops accepting and ends every connection, even when the caller is interrupted")
  void closeReleasesEverything(EchoServer server) throws IOException, InterruptedException {
    int port = server.start();
    List<EchoClient> clients = new ArrayList<>();
    try {
      connectServed(port, 3, clients);
      clients.get(1).send("half a li"); // one connection is mid-line when the server closes
      Thread.currentThread().interrupt();
      boolean keptInterrupt;
      try {
        server.close();
      } finally {
        keptInterrupt = Thread.interrupted(); // cleared: the check's thread is the runner's
      }
      // The moment of return: the server socket is closed, so a new client is refused.
      try (Socket late = new Socket()) {
        late.connect(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
            (int) TimeScale.millis(EchoClient.REPLY_MILLIS));
        throw Invariant.violated(
            "when close() returns, no connection is accepted any more",
            "a connection to port " + port + " refused once close() has returned",
            "it was accepted: the server socket was still open (is it closed in close(), and not"
                + " only by the accept thread some time later?)");
      } catch (IOException refused) {
        // as it should be
      }
      Invariant.require(
          keptInterrupt,
          "close() keeps the caller's interrupt status",
          "the caller still interrupted after close()",
          () -> "close() cleared the interrupt status");
      for (EchoClient client : clients) {
        Invariant.require(
            client.awaitEnd(),
            CLOSE,
            client.name() + " sees its connection end once close() has returned",
            () ->
                client.name()
                    + "'s connection was still open "
                    + TimeScale.millis(EchoClient.REPLY_MILLIS)
                    + " ms after close() returned: the"
                    + " connection sockets were not closed (only the server socket?)");
      }
      requirePortFreed(port);
    } finally {
      clients.forEach(EchoClient::close);
      stopQuietly(server);
    }
  }

  @Test
  @Order(4)
  @DisplayName("when close() returns, every connection socket is already closed")
  void connectionsClosedWhenCloseReturns(EchoServer server)
      throws IOException, InterruptedException {
    Optional<String> unsupported = OpenSockets.unsupportedReason();
    Assumptions.assumeTrue(
        unsupported.isEmpty(),
        () -> "this check reads the server's open sockets, and cannot here: " + unsupported.get());
    int port = server.start();
    List<EchoClient> clients = new ArrayList<>();
    try {
      connectServed(port, 3, clients);
      // Every connection thread now waits in a read. With the carriers held, a virtual thread that
      // close() wakes cannot run, so what close() leaves for its threads to do after it returns is
      // still undone when it returns. Where the carriers cannot be held (a virtual thread of the
      // solution never blocks), the check looks without a hold; other checks catch the spinning.
      Optional<Carriers> hold = Carriers.holdAll(EchoClient.REPLY_MILLIS);
      AtomicBoolean returned = new AtomicBoolean();
      AtomicReference<List<OpenSocket>> atReturn = new AtomicReference<>();
      AtomicReference<Throwable> failed = new AtomicReference<>();
      Thread closer =
          closeOnAThreadOfItsOwn(
              server,
              failed,
              () -> {
                returned.set(true);
                atReturn.set(
                    OpenSockets.list().stream()
                        .filter(o -> o.localPort() == port && !OpenSockets.isOwnedByCheck(o))
                        .toList());
              });
      try {
        // A close() that waits for its threads (a join, an awaitTermination) stops here: the
        // carriers are let go, the threads end, and close() returns.
        var _ = Threads.awaitEndedOrStopped(closer, EchoClient.REPLY_MILLIS);
        if (returned.get()) {
          closer.join(); // it is past close(), listing the sockets: keep the hold until it is done
        }
      } finally {
        hold.ifPresent(Carriers::close);
      }
      closer.join(TimeScale.millis(EchoClient.REPLY_MILLIS));
      Invariant.require(
          !closer.isAlive(),
          CLOSE,
          "close() returns once everything is closed",
          () ->
              "close() had not returned "
                  + TimeScale.millis(EchoClient.REPLY_MILLIS)
                  + " ms after its threads could run again");
      if (failed.get() != null) {
        throw new AssertionError("close() threw " + failed.get(), failed.get());
      }
      List<OpenSocket> open = atReturn.get();
      Invariant.require(
          open.isEmpty(),
          CLOSE,
          "every socket of the server closed when close() returns",
          () ->
              open.size()
                  + " still open at that moment, such as "
                  + open.getFirst().describe()
                  + ". close() returned while its connection threads had yet to close their"
                  + " sockets: interrupting a thread (shutdownNow) only asks it to end, and an"
                  + " interrupted virtual thread closes its socket when it next runs, which may"
                  + " be after close() returned. Close every connection socket in close() itself,"
                  + " or wait there until every connection thread has ended (join each, or"
                  + " awaitTermination), so that the return means done");
    } finally {
      clients.forEach(EchoClient::close);
      stopQuietly(server);
    }
  }

  @Test
  @Order(4)
  @DisplayName("a connection accepted while close() runs is closed too, before close() returns")
  void connectionAcceptedWhileClosing(CallGate gate) throws IOException, InterruptedException {
    EchoServer server = gate.after(ServerSocket.class, "accept").newSolution(EchoServer.class);
    int port = server.start();
    EchoClient client = null;
    try {
      // accept() returns the client's connection, and the accepting thread is held right there,
      // before the learner's code has recorded or served it: the gap a close() must allow for.
      gate.holdNext();
      client = EchoClient.connect(port, "the client accepted while close() ran");
      Optional<Thread> acceptor = gate.awaitHeld(Duration.ofMillis(EchoClient.REPLY_MILLIS));
      if (acceptor.isEmpty()) {
        // No call to ServerSocket.accept() returned: the solution accepts another way (a
        // ServerSocketChannel, say), where this gap cannot be held; closeReleasesEverything
        // still checks close().
        return;
      }
      AtomicReference<Throwable> failed = new AtomicReference<>();
      AtomicBoolean interruptKept = new AtomicBoolean(true);
      Thread closer =
          closeOnAThreadOfItsOwn(
              server, failed, () -> interruptKept.set(Thread.currentThread().isInterrupted()));
      // Until close() returned, or waits for something (the accepting thread, surely: it is held).
      var _ = Threads.awaitEndedOrStopped(closer, EchoClient.REPLY_MILLIS);
      // A close() that waits is interrupted right in its wait, whatever it waits with (a join, a
      // latch): the wait may throw, and the status must still be there when close() returns.
      // closeReleasesEverything interrupts before close() is called, and a wait the thread it
      // waits for has already left by then never throws; this one cannot be left early.
      boolean interruptedInItsWait = closer.isAlive();
      if (interruptedInItsWait) {
        closer.interrupt();
      }
      gate.release();
      closer.join(TimeScale.millis(EchoClient.REPLY_MILLIS));
      Invariant.require(
          !closer.isAlive(),
          CLOSE,
          "close() returns once everything is closed",
          () ->
              "close() had not returned "
                  + TimeScale.millis(EchoClient.REPLY_MILLIS)
                  + " ms"
                  + " after the accepting thread went on");
      if (failed.get() != null) {
        throw new AssertionError("close() threw " + failed.get(), failed.get());
      }
      Invariant.require(
          !interruptedInItsWait || interruptKept.get(),
          "close() keeps the caller's interrupt status",
          "the caller, interrupted while close() waited for the accepting thread, still"
              + " interrupted when close() returns",
          () ->
              "close() cleared the interrupt status: the wait it was interrupted in threw"
                  + " InterruptedException, and the catch went on waiting without restoring the"
                  + " status (Thread.currentThread().interrupt()) once the wait was over");
      EchoClient accepted = client;
      Invariant.require(
          accepted.awaitEnd(),
          CLOSE,
          "a connection that accept() returned while close() ran is closed by the server too",
          () ->
              "it stayed open: close() closed the connections it knew of and returned while the"
                  + " accepting thread still held a connection accept() had just returned, which"
                  + " was then recorded and served after close(); close() must stop the accepting"
                  + " thread and wait for it to end (join it) before it closes the connections,"
                  + " or the accepting thread must close a connection that arrives once close()"
                  + " has begun");
    } finally {
      gate.release();
      if (client != null) {
        client.close();
      }
      stopQuietly(server);
    }
  }

  @Test
  @Order(5)
  @DisplayName(
      CLIENTS_AT_ONCE + " clients connected at once are all answered while all stay connected")
  void manyClientsAtOnce(EchoServer server) throws IOException {
    final int count = CLIENTS_AT_ONCE;
    int port = server.start();
    List<EchoClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        EchoClient client = EchoClient.connect(port, "connection " + (i + 1));
        clients.add(client);
        client.send("client " + i + "\n");
        byte[] reply = client.readLine();
        final int answered = i;
        Invariant.require(
            reply != null && reply.length > 0,
            CONCURRENT,
            count + " connections answered while every one stays open",
            () ->
                "connection "
                    + (answered + 1)
                    + " got "
                    + (reply == null
                        ? "no answer within " + TimeScale.millis(EchoClient.REPLY_MILLIS) + " ms"
                        : "its connection closed")
                    + " while the "
                    + answered
                    + " connections before it were open and idle: the server"
                    + " served at most "
                    + answered
                    + " at once");
        String line = new String(reply, StandardCharsets.UTF_8);
        Invariant.require(
            line.equals("client " + i + "\n"),
            ECHO,
            EchoClient.show("client " + i + "\n"),
            () -> EchoClient.show(line) + " on connection " + (answered + 1));
      }
      // Every connection again, all still open: each is still served.
      for (EchoClient client : clients) {
        client.send("again\n");
      }
      for (EchoClient client : clients) {
        client.expectLine("again\n", CONCURRENT + " (" + count + " connections open at once)");
      }
    } finally {
      clients.forEach(EchoClient::close);
      stopQuietly(server);
    }
  }

  @Test
  @Order(6)
  @DisplayName(
      PAYLOAD_MEBIBYTES
          + " MB of lines, some longer than any buffer, come back while the client keeps sending")
  // close() in finally wakes the writer before it is joined, inside the try
  @SuppressWarnings("try")
  void largePayloadComesBack(EchoServer server) throws Exception {
    long seed = new Random().nextLong();
    byte[] payload = payload(new Random(seed), PAYLOAD_MEBIBYTES << 20);
    int port = server.start();
    AtomicLong sent = new AtomicLong();
    AtomicReference<Throwable> writeFailure = new AtomicReference<>();
    try (EchoClient client = EchoClient.connect(port, "the client")) {
      // A writer of the check's own sends everything, in pieces of generated sizes, without waiting
      // for replies; this thread reads the replies meanwhile. A server that answers only at the end
      // of the stream, or keeps every reply to itself, stalls it.
      Thread writer =
          Thread.ofPlatform()
              .name("check-writer")
              .start(
                  () -> {
                    Random pieces = new Random(seed ^ 0x5DEECE66DL);
                    try {
                      for (int at = 0; at < payload.length; ) {
                        int n = Math.min(payload.length - at, 1 + pieces.nextInt(64 * 1024));
                        client.output().write(payload, at, n);
                        at += n;
                        sent.set(at);
                      }
                      client.output().flush();
                    } catch (IOException e) {
                      writeFailure.set(e);
                    }
                  });
      try {
        InputStream in = client.input();
        byte[] buffer = new byte[64 * 1024];
        int got = 0;
        while (got < payload.length) {
          int n;
          try {
            n = in.read(buffer, 0, Math.min(buffer.length, payload.length - got));
          } catch (SocketTimeoutException e) {
            final int received = got;
            throw Invariant.violated(
                ECHO + ", as soon as its '\\n' has arrived",
                "all " + payload.length + " bytes back while the client keeps sending",
                "stalled: the client had sent "
                    + sent.get()
                    + " bytes and received "
                    + received
                    + " back, and nothing came for "
                    + TimeScale.millis(EchoClient.REPLY_MILLIS)
                    + " ms (are replies held until the client leaves, or never flushed?) (seed "
                    + seed
                    + ")");
          } catch (IOException e) {
            throw Invariant.violated(
                ECHO,
                "all " + payload.length + " bytes back",
                "the connection failed after " + got + " bytes: " + e.getMessage());
          }
          if (n == -1) {
            final int received = got;
            throw Invariant.violated(
                ECHO,
                "all " + payload.length + " bytes back",
                "the server closed the connection after "
                    + received
                    + " bytes (seed "
                    + seed
                    + ")");
          }
          for (int i = 0; i < n; i++) {
            if (buffer[i] != payload[got + i]) {
              throw Invariant.violated(
                  SPLIT,
                  "byte " + (got + i) + " of the reply equal to what was sent",
                  firstDifference(payload, got + i, buffer, i, n) + " (seed " + seed + ")");
            }
          }
          got += n;
        }
      } finally {
        client.close(); // wakes the writer if the server stopped reading
        writer.join();
      }
      Throwable failed = writeFailure.get();
      if (failed != null) {
        throw Invariant.violated(
            ECHO, "the client's writes all accepted", "a write failed: " + failed.getMessage());
      }
    } finally {
      stopQuietly(server);
    }
  }

  // ------------------------------------------------------------------------------------ helpers

  /** Lines of generated lengths and characters (ASCII, accented, CJK, emoji), a few of 300 KB. */
  static byte[] payload(Random random, int size) {
    String[] alphabet = {"a", "b", "z", "0", " ", "\u00e9", "\u00fc", "\u4e2d", "\ud83d\ude00"};
    ByteArrayOutputStream out = new ByteArrayOutputStream(size + 400_000);
    StringBuilder line = new StringBuilder();
    int longLines = 0;
    while (out.size() < size) {
      int length = longLines < 3 && random.nextInt(40) == 0 ? 300_000 : random.nextInt(200);
      if (length == 300_000) {
        longLines++;
      }
      line.setLength(0);
      while (line.length() < length) {
        line.append(alphabet[random.nextInt(alphabet.length)]);
      }
      out.writeBytes(line.append('\n').toString().getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  private static String firstDifference(byte[] sent, int at, byte[] buffer, int i, int n) {
    int lineStart = at;
    while (lineStart > 0 && sent[lineStart - 1] != '\n') {
      lineStart--;
    }
    int lineNumber = 1;
    for (int k = 0; k < lineStart; k++) {
      lineNumber += sent[k] == '\n' ? 1 : 0;
    }
    return "byte "
        + at
        + " (column "
        + (at - lineStart)
        + " of line "
        + lineNumber
        + ") came back as "
        + describe(buffer[i])
        + ", sent as "
        + describe(sent[at])
        + "; the reply there reads "
        + EchoClient.show(new String(buffer, i, Math.min(24, n - i), StandardCharsets.ISO_8859_1))
        + (buffer[i] == '\n'
            ? " (a '\\n' the client never sent: a read was taken for a line)"
            : "");
  }

  private static String describe(byte b) {
    return b == '\n' ? "'\\n'" : String.format("0x%02X", b & 0xFF);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  /**
   * Call {@code server.close()} on a thread of the check's, then {@code atReturn} right after it
   * returned; what close() throws goes to {@code failed}.
   */
  private static Thread closeOnAThreadOfItsOwn(
      EchoServer server, AtomicReference<Throwable> failed, Runnable atReturn) {
    return Thread.ofPlatform()
        .name("check-closer")
        .start(
            () -> {
              try {
                server.close();
                atReturn.run();
              } catch (Throwable t) {
                failed.set(t);
              }
            });
  }

  /**
   * Connect {@code count} clients, each answered once, into {@code clients} (the caller closes
   * them): every connection thread of the server has then served a line and waits in a read.
   */
  private static void connectServed(int port, int count, List<EchoClient> clients)
      throws IOException {
    for (int i = 0; i < count; i++) {
      EchoClient client = EchoClient.connect(port, "client " + (i + 1));
      clients.add(client);
      client.send("line " + i + "\n");
      client.expectLine("line " + i + "\n", ECHO);
    }
  }

  /** Nothing may listen on the port on an address other than loopback. */
  private static void requireLoopbackOnly(int port, TestReporter reporter) {
    if (OpenSockets.unsupportedReason().isEmpty()) {
      List<OpenSocket> listening =
          OpenSockets.list().stream()
              .filter(s -> s.localPort() == port && s.state().equals("LISTEN"))
              .toList();
      Invariant.require(
          !listening.isEmpty(),
          "start() returns the port the server listens on",
          "a server socket of this JVM listening on port " + port,
          () -> "nothing of this JVM listens on port " + port);
      for (OpenSocket s : listening) {
        Invariant.require(
            isLoopback(s.localAddress()),
            "the server binds to the loopback address only",
            "listening on 127.0.0.1 or ::1",
            () ->
                "listening on "
                    + s.localAddress()
                    + ":"
                    + port
                    + ", which every network of this machine can reach (bind to"
                    + " InetAddress.getLoopbackAddress())");
      }
      return;
    }
    Optional<InetAddress> outside = nonLoopbackAddress();
    if (outside.isEmpty()) {
      reporter.publishEntry(
          "loopback only",
          "not checked: this machine has no non-loopback address,"
              + " and "
              + OpenSockets.unsupportedReason().get());
      return;
    }
    try (Socket probe = new Socket()) {
      probe.connect(new InetSocketAddress(outside.get(), port), (int) TimeScale.millis(1_000));
      throw Invariant.violated(
          "the server binds to the loopback address only",
          "a connection through " + outside.get().getHostAddress() + " refused",
          "it was accepted: the server listens on every address (bind to"
              + " InetAddress.getLoopbackAddress())");
    } catch (IOException refused) {
      // as it should be
    }
  }

  private static boolean isLoopback(String address) {
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static Optional<InetAddress> nonLoopbackAddress() {
    try {
      return NetworkInterface.networkInterfaces()
          .filter(
              i -> {
                try {
                  return i.isUp() && !i.isLoopback();
                } catch (SocketException e) {
                  return false;
                }
              })
          .flatMap(NetworkInterface::inetAddresses)
          .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress())
          .findFirst();
    } catch (SocketException e) {
      return Optional.empty();
    }
  }

  /**
   * After close(), the port binds again within a bounded, scaled wait (a socket that a thread is
   * blocked on is released when that thread wakes), unless another process took it meanwhile.
   */
  private static void requirePortFreed(int port) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeScale.millis(EchoClient.REPLY_MILLIS) * 1_000_000;
    while (true) {
      try (ServerSocket again = new ServerSocket()) {
        again.setReuseAddress(true); // the server's closed connections may linger in TIME_WAIT
        again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return;
      } catch (BindException e) {
        boolean ours =
            OpenSockets.unsupportedReason().isPresent()
                || OpenSockets.list().stream()
                    .anyMatch(s -> s.localPort() == port && !OpenSockets.isOwnedByCheck(s));
        if (!ours) {
          // another process took the freed ephemeral port meanwhile: not the learner's doing
          return;
        }
        if (System.nanoTime() > deadline) {
          throw Invariant.violated(
              "close() releases the port",
              "port " + port + " can be bound again",
              "binding it still failed "
                  + TimeScale.millis(EchoClient.REPLY_MILLIS)
                  + " ms after close() returned: "
                  + e.getMessage()
                  + " (is the server socket closed?)");
        }
        Thread.sleep(10); // polling a condition within a bound, not asserting after a sleep
      }
    }
  }

  /** Close the server after a check; a failure here must not hide the check's own verdict. */
  private static void stopQuietly(EchoServer server) {
    try {
      server.close();
    } catch (Exception | Error e) {
      // the check's verdict stands; a close() that leaves something open is the guards' to report
    }
  }
}

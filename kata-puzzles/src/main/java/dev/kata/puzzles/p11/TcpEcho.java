package dev.kata.puzzles.p11;

import com.google.auto.service.AutoService;
import dev.kata.api.Hints;
import dev.kata.api.KataPuzzle;
import dev.kata.api.Puzzle;
import dev.kata.api.WrongSolution;
import java.util.List;

/** Puzzle 11: thread-per-connection on virtual threads; a TCP stream has no message boundaries. */
@AutoService(Puzzle.class)
@KataPuzzle(
    id = "11",
    slug = "tcp-echo",
    title = "TCP streams",
    difficulty = 3,
    prerequisites = "10",
    concepts = {
      "thread per connection",
      "partial reads",
      "framing",
      "end of stream",
      "closing what you open"
    },
    apis = {"ServerSocket", "Socket", "Thread.ofVirtual", "InputStream.read"},
    objective =
        "Serve many TCP clients at once, one virtual thread per connection, echoing each"
            + " complete line however the stream splits it, and close every socket you open.")
public final class TcpEcho implements Puzzle {

  @Override
  public Class<?> contract() {
    return EchoServer.class;
  }

  @Override
  public String solutionFile() {
    return "p11_tcp_echo/LineEchoServer.java";
  }

  @Override
  public List<Class<?>> checks() {
    return List.of(TcpEchoChecks.class);
  }

  @Override
  public Hints hints() {
    return new Hints(
        "A server that serves one client until it leaves makes every other client wait: give each"
            + " connection a thread of its own (virtual threads cost almost nothing). And TCP is a"
            + " stream of bytes, not of messages: one read can return half a line or three lines,"
            + " so collect bytes until a '\\n' before you answer, and stop when read returns -1.",
        "new ServerSocket(0, 50, InetAddress.getLoopbackAddress()) binds an ephemeral loopback"
            + " port (getLocalPort()). accept() returns a Socket per client; Thread.ofVirtual()"
            + ".start(...) serves it. InputStream.read(buffer) returns how many bytes came (maybe"
            + " fewer than you hoped) or -1 at the end. Closing the ServerSocket makes accept()"
            + " throw, closing a Socket makes a blocked read() throw: that is how close() wakes"
            + " every thread.",
        "start(): bind, start an accept loop on its own thread that, per socket, remembers it in a"
            + " concurrent set and starts a virtual thread: try (socket) { while ((n ="
            + " in.read(buf)) != -1) { append; for each '\\n"
            + "' in what you hold, write that line and flush } } finally { forget the socket }."
            + " close(): close the server socket, wait for the accept loop to end, then close every"
            + " remembered socket.");
  }

  @Override
  public List<WrongSolution> wrongSolutions() {
    return List.of(
        new WrongSolution(
            "one-connection-at-a-time",
            "accepts and serves on one thread, so a second client waits until the first leaves"),
        new WrongSolution(
            "fixed-pool-of-ten",
            "serves connections on a pool of ten threads, so the eleventh client is never"
                + " answered"),
        new WrongSolution(
            "one-read-one-message",
            "takes each read as one line and adds a '\\n"
                + "', so a line split by TCP comes back in pieces"),
        new WrongSolution(
            "decodes-each-read",
            "turns each read's bytes into text on their own, so a character split between reads is"
                + " garbled"),
        new WrongSolution(
            "spins-at-end-of-stream",
            "loops while !socket.isClosed() and ignores read returning -1, so a client that leaves"
                + " gets no end of stream and its thread spins until close()"),
        new WrongSolution(
            "connection-never-closed",
            "shuts a connection down when its client leaves but never closes it, and close() skips"
                + " it as done, so every connection leaks a descriptor (kata's socket guard rejects"
                + " it)"),
        new WrongSolution(
            "close-only-server-socket",
            "closes only the server socket, so open connections and their threads live on"),
        new WrongSolution(
            "replies-at-end-of-stream",
            "collects a client's lines and answers only when it closes, so a waiting client hangs"),
        new WrongSolution(
            "binds-every-interface",
            "binds port 0 of every address, so the server is reachable from every network"),
        new WrongSolution(
            "close-clears-interrupt",
            "close() retries its wait when interrupted but drops the interrupt status"),
        new WrongSolution(
            "close-before-the-acceptor-stops",
            "close() closes the connections in a shared set without waiting for the accepting"
                + " thread, so a connection accept() had just returned is added after the walk and"
                + " stays open"),
        new WrongSolution(
            "closed-only-at-end-of-stream",
            "closes a connection only after read() returns -1, so one whose client reset it stays"
                + " open until close()"),
        new WrongSolution(
            "close-interrupts-without-waiting",
            "close() interrupts the connection threads and returns, before they have closed their"
                + " sockets"));
  }
}

package dev.kata.puzzles.p13;

import dev.kata.api.check.ProcessState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the {@link ScriptedChild scripted children} of one check report, heard on a loopback port of
 * the check's: each child's process, and the last step it reached. Closing it kills every child
 * that reported and is still running (a failed check's leftovers, or an orphaned grandchild that
 * kata's guard can no longer see as the JVM's descendant), and ends its threads.
 */
final class ChildReports implements AutoCloseable {

  private final ServerSocket server;
  private final Thread acceptor;
  private final List<Thread> readers = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Map<String, Child> children = new ConcurrentHashMap<>();

  ChildReports() {
    try {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException("puzzle 13 could not listen on the loopback address", e);
    }
    acceptor = Thread.ofPlatform().name("check-child-reports").daemon(true).start(this::accept);
  }

  /** The command that runs a scripted child named {@code name} following {@code steps}. */
  List<String> command(String name, String... steps) {
    return ScriptedChild.command(server.getLocalPort(), name, List.of(steps));
  }

  /** The child named {@code name}, once it has said hello. */
  Optional<Child> child(String name) {
    return Optional.ofNullable(children.get(name));
  }

  /** Every child that said hello, in no order. */
  List<Child> all() {
    return new ArrayList<>(children.values());
  }

  /** A child's process and what it last said. */
  static final class Child {
    final String name;
    final ProcessHandle process;
    private final PrintStream commands;
    private volatile ProcessHandle grandchild;
    private volatile long grandchildAt;
    private volatile boolean disconnected;
    private final AtomicInteger pings = new AtomicInteger();
    private volatile String last = "hello";
    private volatile long lastAt = System.nanoTime();
    private final List<String> said = new CopyOnWriteArrayList<>();

    Child(String name, ProcessHandle process, PrintStream commands) {
      this.name = name;
      this.process = process;
      this.commands = commands;
    }

    /** The last line it reported. */
    String last() {
      return last;
    }

    /** When it reported its last line, by {@link System#nanoTime()}. */
    long lastAt() {
      return lastAt;
    }

    /** Whether it has reported this line. */
    boolean said(String line) {
      return said.contains(line);
    }

    /** The child this child started, once it said so (the handle outlives a re-parenting). */
    Optional<ProcessHandle> grandchild() {
      return Optional.ofNullable(grandchild);
    }

    /** When it said it had started its own child, by {@link System#nanoTime()}; 0 if it has not. */
    long grandchildAt() {
      return grandchildAt;
    }

    /** Let a child waiting at {@code await-go} go on. */
    void go() {
      commands.println("go");
    }

    /**
     * Whether its process still runs: neither ended (a zombie its parent has not reaped counts as
     * ended) nor sent SIGKILL.
     */
    boolean alive() {
      return ProcessState.of(process) == ProcessState.RUNNING;
    }

    /**
     * Whether its connection to the check has ended: the child closed it, or ended, or the check
     * closed.
     */
    boolean disconnected() {
      return disconnected;
    }

    /**
     * Ask a child at its {@code answer} step whether it still runs its own code, and wait for the
     * answer: {@code true} when it answers, {@code false} when its connection ends instead.
     *
     * <p>Exact, with no grace: a process that SIGKILL was sent to before this call runs none of its
     * own code again, whether or not it has ended and been reaped yet, so it never answers, and its
     * connection ends when the kernel takes it down.
     *
     * @throws IllegalStateException when neither happens within {@code limitMillis}
     */
    boolean answers(long limitMillis) {
      int ping = pings.incrementAndGet();
      String pong = "pong " + ping;
      commands.println(ping); // answered with "pong " and that line
      long limit = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limitMillis);
      while (!said(pong)) {
        if (disconnected) {
          return said(pong); // its last words may have been read just before the end
        }
        if (System.nanoTime() > limit) {
          throw new IllegalStateException(
              "the check's child "
                  + name
                  + " neither answered nor ended in "
                  + limitMillis
                  + " ms");
        }
        try {
          Thread.sleep(5); // polling for an answer, not asserting after a sleep
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("the check was interrupted", e);
        }
      }
      return true;
    }

    private void heard(String line) {
      if (line.startsWith("grandchild ")) {
        grandchild =
            ProcessHandle.of(Long.parseLong(line.substring("grandchild ".length()))).orElse(null);
        grandchildAt = System.nanoTime();
      }
      said.add(line);
      lastAt = System.nanoTime();
      last = line;
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        sockets.add(socket);
        readers.add(
            Thread.ofPlatform().name("check-child-report").daemon(true).start(() -> read(socket)));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void read(Socket socket) {
    try (socket) {
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      String hello = in.readLine();
      if (hello == null || !hello.startsWith("hello ")) {
        return;
      }
      String[] parts = hello.split(" ");
      Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(parts[2]));
      if (process.isEmpty()) {
        return; // already gone
      }
      Child child =
          new Child(
              parts[1],
              process.get(),
              new PrintStream(socket.getOutputStream(), true, StandardCharsets.UTF_8));
      children.put(child.name, child);
      try {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          child.heard(line);
        }
      } finally {
        child.disconnected = true; // after every line it sent was heard
      }
    } catch (IOException | RuntimeException e) {
      // the child ended or the check closed: nothing more to hear
    }
  }

  /** Kill every child that reported and still runs, grandchildren included, and end the threads. */
  @Override
  public void close() {
    for (Child child : children.values()) {
      child.process.descendants().forEach(ProcessHandle::destroyForcibly);
      child.process.destroyForcibly();
      // an orphan is no descendant any more
      child.grandchild().ifPresent(ProcessHandle::destroyForcibly);
    }
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    try {
      acceptor.join(); // after this, no socket is added
      for (Socket socket : sockets) {
        try {
          socket.close();
        } catch (IOException e) {
          // closing anyway
        }
      }
      for (Thread reader : readers) {
        reader.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package dev.kata.puzzles.p12;

import dev.kata.api.check.Invariant;
import dev.kata.api.check.TimeScale;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * One run of the learner's class in a child JVM under {@link SigtermHarness}: start it, wait (by
 * reading its output) until a task is in flight, send SIGTERM (with {@link
 * ProcessHandle#destroy()}, which unlike {@link Process#destroy()} leaves the child's output open
 * to read), and judge what the child reported and how it ended. The child never outlives the run.
 */
final class SigtermRun {

  /** The grace period the child's hook gets, before scaling; a correct child exits long before. */
  static final long GRACE_MILLIS = 10_000;

  /** How long a JVM may take to start and reach the task in flight, before scaling. */
  private static final long START_MILLIS = 20_000;

  /** The exit status of a JVM ended by SIGTERM once its hooks are done (128 + 15). */
  static final int SIGTERM_STATUS = 143;

  private static final String EOF = "\0eof";

  private record Line(long at, String text) {}

  private final BlockingQueue<Line> lines = new LinkedBlockingQueue<>();
  private final List<Line> seen = new ArrayList<>();
  private long sigtermAt;

  private SigtermRun() {}

  static void check(Class<?> solution) throws IOException, InterruptedException {
    boolean windows =
        System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    Assumptions.assumeFalse(
        windows,
        "not run on Windows: Process.destroy() sends SIGTERM only on Linux and"
            + " macOS; on Windows it ends the process at once, without running its shutdown hooks");
    new SigtermRun().run(solution);
  }

  private void run(Class<?> solution) throws IOException, InterruptedException {
    long grace = TimeScale.millis(GRACE_MILLIS);
    String classPath = location(SigtermHarness.class) + File.pathSeparator + location(solution);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder =
        new ProcessBuilder(
                java.toString(),
                "-Xshare:auto",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xmx96m",
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "-cp",
                classPath,
                SigtermHarness.class.getName(),
                solution.getName(),
                Long.toString(grace),
                // The harness holds the task until the hook is seen draining: half the grace at
                // most, so a
                // hook that drains without blocking (it spins) still gets the task's end within the
                // grace.
                Long.toString(grace / 2))
            .redirectErrorStream(true);
    Process child = builder.start();
    Thread reader =
        Thread.ofPlatform().name("sigterm-child-output").daemon(true).start(() -> read(child));
    try {
      judge(child, grace);
    } finally {
      child.destroyForcibly();
      child.waitFor(TimeScale.millis(10_000), TimeUnit.MILLISECONDS);
      child.descendants().forEach(ProcessHandle::destroyForcibly);
      reader.join(TimeScale.millis(10_000));
    }
  }

  private void read(Process child) {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lines.add(new Line(System.nanoTime(), line));
      }
    } catch (IOException e) {
      // the child was killed: its output ends here
    } finally {
      lines.add(new Line(System.nanoTime(), EOF));
    }
  }

  private void judge(Process child, long grace) throws InterruptedException {
    // 1. Until the task is in flight in the child.
    Line ready = next(TimeScale.millis(START_MILLIS), "in-flight", "no-hook", "broken");
    if (ready == null || ready.text().equals(EOF)) {
      String how =
          ready == null
              ? "it did not get there within " + TimeScale.millis(START_MILLIS) + " ms"
              : "it ended first" + exitStatus(child);
      throw Invariant.violated(
          "the child JVM runs the service with a task in flight",
          "a child JVM running " + "your class reports a task in flight",
          how + output());
    }
    if (ready.text().startsWith("broken")) {
      throw new AssertionError(
          "this check is broken, not your solution: " + ready.text() + output());
    }
    if (ready.text().equals("no-hook")) {
      throw Invariant.violated(
          "installSignalHandling registers a shutdown hook",
          "a hook that shuts the service down at SIGTERM",
          "installSignalHandling() registered no shutdown hook:"
              + " at SIGTERM the JVM halts at once, and the work in flight is lost");
    }
    // 2. SIGTERM, then until the process ends, or its hook is seen calling System.exit.
    sigtermAt = System.nanoTime();
    // SIGTERM, as Process.destroy() sends it on Linux and macOS; but Process.destroy() also closes
    // our ends of the child's pipes, and we still have to read what the child says while it stops.
    child.toHandle().destroy();
    long bound = grace + TimeScale.millis(5_000);
    Line last = next(bound, "hook-calls-exit");
    if (last != null && last.text().startsWith("hook-calls-exit")) {
      throw Invariant.violated(
          "a shutdown hook does not end the JVM itself",
          "the hook returns, and the JVM exits once every hook is done",
          "DEADLOCK: the shutdown hook called System.exit, which waits for every shutdown hook to"
              + " finish, the calling hook included; the JVM can never exit. The hook is blocked in"
              + " "
              + last.text().substring("hook-calls-exit ".length())
              + ". Let the hook return instead.",
          report());
    }
    if (last == null) {
      throw Invariant.violated(
          "at SIGTERM the process exits on its own within the grace period",
          "exit within " + grace + " ms of SIGTERM",
          "still running " + bound + " ms after SIGTERM",
          report());
    }
    long exitedAfter = TimeUnit.NANOSECONDS.toMillis(last.at() - sigtermAt);
    child.waitFor(TimeScale.millis(10_000), TimeUnit.MILLISECONDS);
    String invariantNew = "after SIGTERM no new work is accepted";
    if (has("accepted-after-sigterm")) {
      throw Invariant.violated(
          invariantNew,
          "submit throws RejectedExecutionException while the hook drains",
          "a task submitted while the shutdown hook was draining was accepted"
              + (has("probe-ran") ? " and ran" : "")
              + ": stop accepting first (shutdown()), then wait",
          report());
    }
    if (has("submit-threw")) {
      throw Invariant.violated(
          invariantNew, "RejectedExecutionException", find("submit-threw"), report());
    }
    String hooksEnded = find("hooks-ended");
    if (hooksEnded != null && !hooksEnded.equals("hooks-ended completed")) {
      String state = hooksEnded.substring("hooks-ended ".length());
      throw Invariant.violated(
          "at SIGTERM the work in flight completes before the process exits",
          "the task in flight completes, then the hook returns",
          state.equals("interrupted")
              ? "the task in flight was interrupted at once: the hook dropped the work in flight"
                  + " (shutdownNow() instead of shutdown()?)"
              : "the hook returned while the task was still "
                  + state
                  + ", so the JVM halted under it: the hook did"
                  + " not wait for the work to drain (awaitTermination?)",
          report());
    }
    Integer status = child.isAlive() ? null : child.exitValue();
    if (hooksEnded == null || status == null || status != SIGTERM_STATUS) {
      throw Invariant.violated(
          "the hook does not end the JVM itself: the JVM exits with SIGTERM's status",
          "exit status " + SIGTERM_STATUS + " once the hook returned",
          "exit status "
              + status
              + (hooksEnded == null
                  ? ", before the shutdown hook had returned (Runtime.halt or System.exit in it?)"
                  : ""),
          report());
    }
    if (!has("rejected")) {
      throw Invariant.violated(
          invariantNew,
          "submit throws RejectedExecutionException while the hook drains",
          "no submit was rejected",
          report());
    }
    if (exitedAfter > grace) {
      throw Invariant.violated(
          "at SIGTERM the process exits on its own within the grace period",
          "exit within " + grace + " ms of SIGTERM",
          "it exited " + exitedAfter + " ms after SIGTERM",
          report());
    }
  }

  /**
   * The next line that starts with one of {@code prefixes} (the end of output counts too), or null.
   */
  private Line next(long millis, String... prefixes) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (true) {
      Line line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null) {
        return null;
      }
      String text =
          line.text().startsWith(SigtermHarness.MARK)
              ? line.text().substring(SigtermHarness.MARK.length())
              : line.text();
      boolean harness = line.text().startsWith(SigtermHarness.MARK);
      Line kept = new Line(line.at(), harness ? text : "  | " + text);
      if (!line.text().equals(EOF)) {
        seen.add(kept);
      }
      if (line.text().equals(EOF)) {
        return line;
      }
      if (harness) {
        for (String prefix : prefixes) {
          if (text.startsWith(prefix)) {
            return kept;
          }
        }
      }
    }
  }

  private boolean has(String prefix) {
    return find(prefix) != null;
  }

  private String find(String prefix) {
    return seen.stream().map(Line::text).filter(t -> t.startsWith(prefix)).findFirst().orElse(null);
  }

  private static String exitStatus(Process child) {
    return child.isAlive() ? "" : " (exit status " + child.exitValue() + ")";
  }

  private String output() {
    return seen.isEmpty() ? "" : "; its output:" + System.lineSeparator() + report();
  }

  /**
   * What the child reported, with times since SIGTERM; the learner's own lines marked with a bar.
   */
  private String report() {
    List<String> shown = new ArrayList<>();
    shown.add("what the child JVM reported (ms after SIGTERM):");
    List<Line> tail = seen.size() > 20 ? seen.subList(seen.size() - 20, seen.size()) : seen;
    for (Line line : tail) {
      String when =
          sigtermAt == 0
              ? ""
              : String.format(
                  Locale.ROOT, "%6d ms  ", TimeUnit.NANOSECONDS.toMillis(line.at() - sigtermAt));
      shown.add("    " + when + line.text());
    }
    return String.join(System.lineSeparator(), shown);
  }

  private static String location(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      throw new AssertionError(
          "this check is broken, not your solution: cannot tell where "
              + type.getName()
              + " was loaded from, to put it on the child JVM's class path");
    }
    try {
      return Path.of(source.getLocation().toURI()).toString();
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new AssertionError(
          "this check is broken, not your solution: " + source.getLocation() + ": " + e, e);
    }
  }
}

package dev.kata.core;

import dev.kata.api.check.PropertyChecks;
import dev.kata.api.check.TimeScale;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Run a puzzle's checks against a compiled solution in a separate JVM with a hard time limit.
 *
 * <p>Learner code can loop forever, deadlock, call {@code System.exit} or leave threads running; the
 * check JVM streams each result as it happens, a watchdog inside it reports the stuck threads at
 * the limit, and this side kills it if even that does not answer. The caller always gets a verdict.
 */
public final class IsolatedRunner {

  /**
   * System property: a JDK AOT cache file for check JVMs, used when it exists. The {@code kata}
   * launcher keys it by kata's jars, because the JDK does not notice a changed jar (25.0.3).
   * Learner classes load through a class loader of their own, so they are never in the cache.
   */
  public static final String AOT_CACHE_PROPERTY = "kata.checkAot";

  /** System property: write an AOT cache for check JVMs to this file (the launcher's training run). */
  public static final String AOT_OUTPUT_PROPERTY = "kata.checkAotOutput";

  private static final Duration DEFAULT_LIMIT = Duration.ofSeconds(60);
  private static final Duration KILL_GRACE = Duration.ofSeconds(10);

  private final double timeFactor;
  private final Duration limit;

  /** Create a runner with this JVM's {@link TimeScale} factor and a hard limit of 60 s scaled by it. */
  public IsolatedRunner() {
    this(TimeScale.factor());
  }

  /**
   * Create a runner with a time factor of its own for the check JVM.
   *
   * @param timeFactor scales every wait in the checks and the hard limit of 60 s
   */
  public IsolatedRunner(double timeFactor) {
    this.timeFactor = timeFactor;
    this.limit = Duration.ofMillis((long) (DEFAULT_LIMIT.toMillis() * timeFactor));
  }

  /**
   * A check JVM started ahead of its job: it loads the launcher and the puzzle's checks while the
   * solution compiles, then waits for the job on standard input.
   */
  public static final class Prepared {
    private final CatalogEntry entry;
    private final Process process;
    private final Path workDir;
    private final Thread killer;

    private Prepared(CatalogEntry entry, Process process, Path workDir, Thread killer) {
      this.entry = entry;
      this.process = process;
      this.workDir = workDir;
      this.killer = killer;
    }

    /** Tell whether the JVM is still waiting (it was not killed, nor did it die). */
    public boolean isAlive() {
      return process.isAlive();
    }

    /** Stop the JVM: its job will not come (the solution did not compile). */
    public void cancel() {
      process.destroyForcibly();
      forgetKiller(killer);
    }
  }

  /**
   * Start a check JVM for a puzzle before the solution is ready.
   *
   * @param entry the puzzle
   * @param workDir a folder for the events file and the JVM's own output
   */
  public Prepared prepare(CatalogEntry entry, Path workDir) {
    return prepare(entry, workDir, false);
  }

  /**
   * Start a check JVM for a puzzle before the solution is ready, optionally warming it up.
   *
   * @param entry the puzzle
   * @param workDir a folder for the events file and the JVM's own output
   * @param warmUp run a few trivial checks through JUnit first (see {@link CheckWarmUp}): worth it
   *     when the job is seconds away (a spare in watch mode), not when it comes in a few hundred
   *     milliseconds and the warm-up would compete with the compiler for the cores
   */
  public Prepared prepare(CatalogEntry entry, Path workDir, boolean warmUp) {
    try {
      Files.createDirectories(workDir);
      List<String> arguments = warmUp ? List.of(CheckMain.PRESTART, entry.id(), CheckMain.WARM_UP)
          : List.of(CheckMain.PRESTART, entry.id());
      Process process = new ProcessBuilder(command(entry, arguments))
          .redirectOutput(workDir.resolve("check-jvm.out").toFile())
          .redirectError(workDir.resolve("check-jvm.err").toFile())
          .start();
      // If kata itself is stopped (Ctrl-C, or q in watch mode), the check JVM goes with it.
      Thread killer = new Thread(process::destroyForcibly, "kata-kill-check-jvm");
      Runtime.getRuntime().addShutdownHook(killer);
      return new Prepared(entry, process, workDir, killer);
    } catch (IOException e) {
      throw new KataException("cannot start the check JVM: " + e.getMessage(), e);
    }
  }

  /**
   * Hand a prepared check JVM its job and wait for the verdict, within the hard limit.
   *
   * @param prepared from {@link #prepare}
   * @param solution the compiled solution
   */
  public RunResult run(Prepared prepared, Compilation.Compiled solution) {
    long started = System.nanoTime();
    Process process = prepared.process;
    try {
      Path events = prepared.workDir.resolve("events.jsonl");
      Files.deleteIfExists(events);
      Files.createFile(events);
      try (var job = process.getOutputStream()) {
        job.write(String.join("\t", solution.className(), solution.classes().toString(), events.toString(),
            Long.toString(limit.toMillis())).concat("\n").getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // the JVM died before its job came: interpret() reports what its output says
      }
      boolean exited = process.waitFor(limit.plus(KILL_GRACE).toMillis(), TimeUnit.MILLISECONDS);
      if (!exited) {
        process.destroyForcibly();
        process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
      Timing.phase("check JVM", started);
      return interpret(prepared.entry.id(), Files.readAllLines(events, StandardCharsets.UTF_8), exited,
          exited ? process.exitValue() : -1, tail(prepared.workDir.resolve("check-jvm.err")),
          Duration.ofNanos(System.nanoTime() - started));
    } catch (IOException e) {
      throw new KataException("cannot run the check JVM: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new KataException("interrupted while waiting for the checks", e);
    } finally {
      forgetKiller(prepared.killer);
    }
  }

  private static void forgetKiller(Thread killer) {
    try {
      Runtime.getRuntime().removeShutdownHook(killer);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or about to: it does the same
    }
  }

  private List<String> command(CatalogEntry entry, List<String> arguments) {
    List<Path> classPath = new ArrayList<>(ClassPath.current());
    classPath.addAll(entry.extraClassPath());
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Short-lived JVM: C1 only and no perf data start faster; serial GC adds no threads of its own.
    command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-XX:+UseSerialGC", "-Xss1m",
        "-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8"));
    // Let the deadlock report find the owner of a lock a virtual thread is parked on.
    command.addAll(List.of("--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED",
        "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED"));
    // Interleavings (kata-api) attaches Lincheck's agent when a check explores interleavings; the
    // flag only allows that without a warning: nothing is loaded unless a check calls it.
    command.add("-XX:+EnableDynamicAgentLoading");
    command.addAll(aotOptions());
    command.add("-D" + TimeScale.PROPERTY + "=" + timeFactor);
    command.add("-D" + PropertyChecks.SEED_PROPERTY + "=" + PropertyChecks.seed());
    command.add("-Dkata.unicode=" + StandardCharsets.UTF_8.equals(System.out.charset()));
    command.add("-cp");
    command.add(classPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
    command.add(CheckMain.class.getName());
    command.addAll(arguments);
    return command;
  }

  static List<String> aotOptions() {
    String output = System.getProperty(AOT_OUTPUT_PROPERTY, "");
    if (!output.isBlank()) {
      return List.of("-XX:AOTCacheOutput=" + output, "-Xlog:aot*=off", "-Xlog:cds*=off");
    }
    String cache = System.getProperty(AOT_CACHE_PROPERTY, "");
    if (!cache.isBlank() && Files.isRegularFile(Path.of(cache))) {
      // A cache the JVM rejects (another JDK, other flags) is ignored silently: it only costs speed.
      return List.of("-XX:AOTCache=" + cache, "-Xlog:aot*=off", "-Xlog:cds*=off");
    }
    return List.of();
  }

  static RunResult interpret(String id, List<String> lines, boolean exited, int exitCode, String stderr, Duration elapsed) {
    List<String> planned = new ArrayList<>();
    Map<String, CheckResult> results = new LinkedHashMap<>();
    String running = null;
    String watchdog = null;
    String error = null;
    boolean done = false;
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      Map<?, ?> event;
      try {
        event = (Map<?, ?>) Json.parse(line);
      } catch (IllegalArgumentException | ClassCastException e) {
        continue; // a line cut short by a crash
      }
      switch (String.valueOf(event.get("event"))) {
        case "plan" -> ((List<?>) event.get("checks")).forEach(c -> planned.add(String.valueOf(c)));
        case "started" -> running = String.valueOf(event.get("check"));
        case "finished" -> {
          String name = String.valueOf(event.get("check"));
          Verdict verdict = Verdict.valueOf(String.valueOf(event.get("status")).toUpperCase(java.util.Locale.ROOT));
          results.put(name, new CheckResult(name, verdict, text(event.get("message")), text(event.get("output"))));
          if (name.equals(running)) {
            running = null;
          }
        }
        case "watchdog" -> watchdog = text(event.get("report"));
        case "error" -> error = text(event.get("message"));
        case "done" -> done = true;
        default -> { }
      }
    }
    if (error != null) {
      return new RunResult(id, Verdict.ERROR, error, List.copyOf(results.values()), elapsed);
    }
    String stopped = "";
    if (!done) {
      if (watchdog != null) {
        stopped = "the checks hit the time limit and were stopped" + System.lineSeparator() + watchdog;
      } else if (!exited) {
        stopped = "the check JVM stopped answering and was killed";
      } else if (results.isEmpty() && running == null) {
        return new RunResult(id, Verdict.ERROR, "the check JVM failed to start (exit status " + exitCode + ")"
            + (stderr.isBlank() ? "" : ":" + System.lineSeparator() + stderr), List.of(), elapsed);
      } else {
        stopped = "the check JVM exited with status " + exitCode + " in the middle of the checks:"
            + " does your code call System.exit() or Runtime.halt()? That ends the whole program, checks included"
            + (stderr.isBlank() ? "" : System.lineSeparator() + stderr);
      }
      if (running != null) {
        results.put(running, new CheckResult(running, Verdict.FAIL, stopped, ""));
      }
      for (String name : planned) {
        results.putIfAbsent(name, new CheckResult(name, Verdict.ERROR, "not run: an earlier check stopped the run", ""));
      }
    }
    List<CheckResult> checks = List.copyOf(results.values());
    Verdict verdict;
    if (checks.isEmpty()) {
      return new RunResult(id, Verdict.ERROR, stopped.isEmpty() ? "no check ran" : stopped, checks, elapsed);
    } else if (done && checks.stream().allMatch(c -> c.verdict() == Verdict.PASS)) {
      verdict = Verdict.PASS;
    } else {
      verdict = Verdict.FAIL;
    }
    return new RunResult(id, verdict, running == null ? stopped : "", checks, elapsed);
  }

  private static String text(Object value) {
    return value == null ? "" : value.toString();
  }

  private static String tail(Path file) throws IOException {
    if (!Files.exists(file)) {
      return "";
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 15), lines.size())).strip();
  }
}

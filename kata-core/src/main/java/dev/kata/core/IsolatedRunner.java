package dev.kata.core;

import dev.kata.api.check.PropertyChecks;
import dev.kata.api.check.PuzzleChecks;
import dev.kata.api.check.TimeScale;
import dev.kata.core.check.CheckMain;
import dev.kata.core.check.CheckProtocol;
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
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Run a puzzle's checks against a compiled solution in a separate JVM with a hard time limit.
 *
 * <p>Learner code can loop forever, deadlock, call {@code System.exit} or leave threads running;
 * the check JVM streams each result as it happens, a watchdog inside it reports the stuck threads
 * at the limit, and this side kills it if even that does not answer. The caller always gets a
 * verdict.
 */
public final class IsolatedRunner {

  /**
   * System property: a JDK AOT cache file for check JVMs, used when it exists. The {@code kata}
   * launcher keys it by kata's jars, because the JDK does not notice a changed jar (25.0.3).
   * Learner classes load through a class loader of their own, so they are never in the cache.
   */
  public static final String AOT_CACHE_PROPERTY = "kata.checkAot";

  /**
   * System property: write an AOT cache for check JVMs to this file (the launcher's training run).
   */
  public static final String AOT_OUTPUT_PROPERTY = "kata.checkAotOutput";

  private static final Duration DEFAULT_LIMIT = Duration.ofSeconds(60);
  private static final Duration KILL_GRACE = Duration.ofSeconds(10);

  private final double timeFactor;
  private final Duration limit;
  private final boolean sandbox;

  /**
   * Create a runner with this JVM's {@link TimeScale} factor and a hard limit of 60 s scaled by it.
   */
  public IsolatedRunner() {
    this(TimeScale.factor());
  }

  /**
   * Create a runner with a time factor of its own for the check JVM.
   *
   * @param timeFactor scales every wait in the checks and the hard limit of 60 s
   */
  public IsolatedRunner(double timeFactor) {
    this(timeFactor, false);
  }

  /**
   * Create a runner whose check JVMs may run in an OS sandbox.
   *
   * @param timeFactor scales every wait in the checks and the hard limit of 60 s
   * @param sandbox run each check JVM under bubblewrap: no network, the file system read-only
   *     except the run's own folder, no home directory or temporary folder of the user's, and an
   *     environment of PATH and LANG only
   * @throws KataException when a sandbox is asked for and {@link #sandboxUnavailable} says why not
   */
  public IsolatedRunner(double timeFactor, boolean sandbox) {
    this.timeFactor = timeFactor;
    this.limit = Duration.ofMillis((long) (DEFAULT_LIMIT.toMillis() * timeFactor));
    this.sandbox = sandbox;
    if (sandbox) {
      sandboxUnavailable()
          .ifPresent(
              why -> {
                throw new KataException("--sandbox is not available here: " + why);
              });
    }
  }

  /** Say why check JVMs cannot run in a sandbox on this machine; empty when they can. */
  public static Optional<String> sandboxUnavailable() {
    if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
      return Optional.of(
          "it uses bubblewrap, which runs on Linux only; run kata in a container or VM instead");
    }
    if (bubblewrap().isEmpty()) {
      return Optional.of(
          "bubblewrap (bwrap) is not installed; on Debian or Ubuntu: sudo apt-get install"
              + " bubblewrap");
    }
    return Optional.empty();
  }

  private static Optional<Path> bubblewrap() {
    for (String dir :
        System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
      Path bwrap = Path.of(dir.isEmpty() ? "." : dir, "bwrap");
      if (Files.isExecutable(bwrap)) {
        return Optional.of(bwrap);
      }
    }
    return Optional.empty();
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

    /** Get the folder of this JVM's events, output and crash report. */
    Path workDir() {
      return workDir;
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
   * @param workDir a folder of this run's own, for the events file, the JVM's own output and its
   *     crash report; runs at the same time must not share one
   */
  public Prepared prepare(CatalogEntry entry, Path workDir) {
    return prepare(entry, workDir, false);
  }

  /**
   * Start a check JVM for a puzzle before the solution is ready, optionally warming it up.
   *
   * @param entry the puzzle
   * @param workDir a folder of this run's own, for the events file, the JVM's own output and its
   *     crash report; runs at the same time must not share one
   * @param warmUp run a few trivial checks through JUnit first (see {@code CheckWarmUp}): worth it
   *     when the job is seconds away (a spare in watch mode), not when it comes in a few hundred
   *     milliseconds and the warm-up would compete with the compiler for the cores
   */
  public Prepared prepare(CatalogEntry entry, Path workDir, boolean warmUp) {
    try {
      Files.createDirectories(workDir);
      List<String> arguments = CheckProtocol.arguments(entry.id(), warmUp);
      Process process =
          new ProcessBuilder(command(entry, workDir, arguments))
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
   * The hard limit of a puzzle's run: this runner's, or longer where the puzzle's checks ask for it
   * ({@link PuzzleChecks#runLimitSeconds()}), scaled alike.
   */
  private Duration limitFor(CatalogEntry entry) {
    long seconds =
        entry.puzzle().checks().stream()
            .map(c -> c.getAnnotation(PuzzleChecks.class))
            .filter(Objects::nonNull)
            .mapToLong(checks -> checks.runLimitSeconds())
            .max()
            .orElse(0);
    Duration asked = Duration.ofMillis((long) (seconds * 1000 * timeFactor));
    return asked.compareTo(limit) > 0 ? asked : limit;
  }

  /**
   * Hand a prepared check JVM its job and wait for the verdict, within the hard limit.
   *
   * @param prepared from {@link #prepare}
   * @param solution the compiled solution
   */
  public RunResult run(Prepared prepared, Compilation.Compiled solution) {
    return run(prepared, solution, null);
  }

  /**
   * Hand a prepared check JVM its job and wait for the verdict, within the hard limit, telling the
   * caller of each check as soon as it has finished: a learner sees the first failure while the
   * rest still run.
   *
   * @param prepared from {@link #prepare}
   * @param solution the compiled solution
   * @param onFinished given each check as it finishes, in order, on this thread, or null; a check
   *     given to it is the same in the returned result, where the checks that finished too late to
   *     be given, or never finished, follow it
   */
  public RunResult run(
      Prepared prepared, Compilation.Compiled solution, Consumer<CheckResult> onFinished) {
    long started = System.nanoTime();
    Process process = prepared.process;
    Duration limit = limitFor(prepared.entry);
    try {
      Path events = prepared.workDir.resolve("events.jsonl");
      Files.deleteIfExists(events);
      Files.createFile(events);
      byte[] key = CheckProtocol.newKey();
      try (var job = process.getOutputStream()) {
        job.write(
            CheckProtocol.jobLine(
                    solution.className(), solution.classes(), events, limit.toMillis(), key)
                .getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // the JVM died before its job came: interpret() reports what its output says
      }
      boolean exited =
          onFinished == null
              ? process.waitFor(limit.plus(KILL_GRACE).toMillis(), TimeUnit.MILLISECONDS)
              : waitTelling(process, limit.plus(KILL_GRACE), events, key, onFinished);
      if (!exited) {
        process.destroyForcibly();
        process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
      Timing.phase("check JVM", started);
      CheckProtocol.Reading reading =
          // Decoded leniently: a JVM that died mid-line may have cut a character in half.
          CheckProtocol.read(
              new String(Files.readAllBytes(events), StandardCharsets.UTF_8).lines().toList(), key);
      Death death =
          new Death(
              exited,
              exited ? process.exitValue() : -1,
              tail(prepared.workDir.resolve("check-jvm.err")),
              crashReport(prepared.workDir));
      return interpret(
          prepared.entry.id(), reading, death, Duration.ofNanos(System.nanoTime() - started));
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

  /** How often a run that tells its checks as they finish looks at the events file. */
  private static final long LOOK_MILLIS = 100;

  /**
   * Wait for the check JVM to exit, within the limit, and meanwhile give each check that finished
   * to the caller. Only whole lines are read, and only what {@link CheckProtocol#read} trusts.
   */
  private static boolean waitTelling(
      Process process, Duration limit, Path events, byte[] key, Consumer<CheckResult> onFinished)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    int told = 0; // events already looked at
    long size = 0; // the file's size when last read: most looks find it unchanged
    while (true) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        return false;
      }
      if (process.waitFor(Math.min(left, LOOK_MILLIS), TimeUnit.MILLISECONDS)) {
        return true;
      }
      if (Files.size(events) == size) {
        continue;
      }
      byte[] bytes = Files.readAllBytes(events);
      size = bytes.length;
      List<Map<?, ?>> read = CheckProtocol.read(wholeLines(bytes), key).events();
      for (Map<?, ?> event : read.subList(Math.min(told, read.size()), read.size())) {
        if (CheckProtocol.FINISHED.equals(text(event.get(CheckProtocol.EVENT)))) {
          onFinished.accept(finished(event));
        }
      }
      told = Math.max(told, read.size());
    }
  }

  /**
   * The lines of an events file being written, up to its last line break: the line after it may be
   * half written, and end in half a character.
   */
  static List<String> wholeLines(byte[] bytes) {
    int end = bytes.length - 1;
    while (end >= 0 && bytes[end] != '\n') {
      end--;
    }
    return end < 0
        ? List.of()
        : List.of(new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n", -1));
  }

  /** The result a check's "finished" event reports. */
  private static CheckResult finished(Map<?, ?> event) {
    return new CheckResult(
        text(event.get(CheckProtocol.NAME)),
        Verdict.valueOf(text(event.get(CheckProtocol.STATUS)).toUpperCase(java.util.Locale.ROOT)),
        text(event.get(CheckProtocol.MESSAGE)),
        text(event.get(CheckProtocol.OUTPUT)));
  }

  private static void forgetKiller(Thread killer) {
    try {
      Runtime.getRuntime().removeShutdownHook(killer);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or about to: it does the same
    }
  }

  /**
   * The heap limit of a check JVM: runaway allocation is named, not left to grow the machine's
   * memory.
   */
  static final int HEAP_LIMIT_MB = 512;

  /** The name of a check JVM's crash report in its run folder. */
  static final String CRASH_REPORT = "hs_err.log";

  private List<String> command(CatalogEntry entry, Path workDir, List<String> arguments) {
    List<Path> classPath = new ArrayList<>(ClassPath.current());
    classPath.addAll(entry.extraClassPath());
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Short-lived JVM: C1 only and no perf data start faster; serial GC adds no threads of its own.
    command.addAll(
        List.of(
            "-XX:TieredStopAtLevel=1",
            "-XX:-UsePerfData",
            "-XX:+UseSerialGC",
            "-Xss1m",
            "-Xmx" + HEAP_LIMIT_MB + "m",
            "-D" + CheckProtocol.HEAP_LIMIT_PROPERTY + "=" + HEAP_LIMIT_MB,
            "-Dstdout.encoding=UTF-8",
            "-Dstderr.encoding=UTF-8"));
    // A crash report goes to this run's folder, where the verdict names it, not to kata's
    // directory.
    command.add("-XX:ErrorFile=" + workDir.resolve(CRASH_REPORT));
    // Neither --sun-misc-unsafe-memory-access=deny nor -XX:+DisableAttachMechanism: Interleavings
    // attaches Lincheck's agent to this JVM (ByteBuddy self-attach) and Lincheck reads fields
    // through
    // Unsafe, so either option fails a correct solution's interleaving check. README's grader
    // section says what that leaves open.
    // Let the deadlock report (VirtualThreadDump, in kata-core's module) find the owner of a lock a
    // virtual thread is parked on; to that module only, not to the learner's code.
    command.addAll(
        List.of(
            "--add-exports=java.base/jdk.internal.vm=" + ClassPath.CORE_MODULE,
            "--add-opens=java.base/java.util.concurrent.locks=" + ClassPath.CORE_MODULE));
    // Interleavings (kata-api) attaches Lincheck's agent when a check explores interleavings; the
    // flag only allows that without a warning: nothing is loaded unless a check calls it.
    command.add("-XX:+EnableDynamicAgentLoading");
    command.addAll(aotOptions());
    command.add("-D" + TimeScale.PROPERTY + "=" + timeFactor);
    command.add("-D" + PropertyChecks.SEED_PROPERTY + "=" + PropertyChecks.seed());
    command.add("-Dkata.unicode=" + StandardCharsets.UTF_8.equals(System.out.charset()));
    // kata-core runs as the named module dev.kata.core, which opens nothing to the class path: the
    // learner's code, the puzzles' checks and plugins cannot reach its classes, and the run's
    // secret in them, by reflection. It reads the class path (kata-api, QuickTheories). The JDK's
    // modules that class path code may use are the ones it gets without a main module
    // (ALL-DEFAULT): jdk.attach for Lincheck's agent, java.net.http, java.sql and the like.
    ClassPath.Split split = ClassPath.forCheckJvm(classPath);
    command.add("--module-path");
    command.add(joined(split.modulePath()));
    command.add("--add-modules=ALL-DEFAULT,ALL-MODULE-PATH");
    command.add("--add-reads=" + ClassPath.CORE_MODULE + "=ALL-UNNAMED");
    command.add("-cp");
    command.add(joined(split.classPath()));
    command.add("--module");
    command.add(ClassPath.CORE_MODULE + "/" + CheckMain.class.getName());
    command.addAll(arguments);
    return sandbox ? sandboxed(command, classPath, workDir) : command;
  }

  private static String joined(List<Path> paths) {
    return paths.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
  }

  /**
   * Wrap a check JVM's command in bubblewrap. The whole file system is visible read-only, then the
   * places a user keeps secrets are hidden behind empty folders (home, /tmp, /root), then what the
   * JVM needs from them is shown again read-only (the JDK, the class and module paths, the compiled
   * solution next to the run folder), and only the run folder is writable.
   */
  private static List<String> sandboxed(List<String> command, List<Path> classPath, Path workDir) {
    List<String> wrapped =
        new ArrayList<>(
            List.of(
                bubblewrap().orElseThrow().toString(),
                "--ro-bind",
                "/",
                "/",
                "--dev",
                "/dev",
                "--proc",
                "/proc",
                "--unshare-all",
                "--die-with-parent",
                "--new-session",
                "--clearenv",
                "--setenv",
                "PATH",
                "/usr/bin:/bin",
                "--setenv",
                "LANG",
                "C.UTF-8"));
    for (String hidden : List.of("/tmp", "/root", "/home", System.getProperty("user.home"))) {
      if (hidden != null && Files.isDirectory(Path.of(hidden))) {
        wrapped.addAll(List.of("--tmpfs", hidden));
      }
    }
    List<Path> shown = new ArrayList<>(classPath);
    shown.add(Path.of(System.getProperty("java.home")));
    // the run folder: the solution's classes are there
    shown.add(workDir.toAbsolutePath().getParent());
    String aot = System.getProperty(AOT_CACHE_PROPERTY, "");
    if (!aot.isBlank()) {
      shown.add(Path.of(aot));
    }
    for (Path path : shown) {
      Path absolute = path.toAbsolutePath();
      if (Files.exists(absolute)) {
        wrapped.addAll(List.of("--ro-bind", absolute.toString(), absolute.toString()));
      }
    }
    String writable = workDir.toAbsolutePath().toString();
    wrapped.addAll(List.of("--bind", writable, writable, "--chdir", writable, "--"));
    wrapped.addAll(command);
    return wrapped;
  }

  static List<String> aotOptions() {
    String output = System.getProperty(AOT_OUTPUT_PROPERTY, "");
    if (!output.isBlank()) {
      return List.of("-XX:AOTCacheOutput=" + output, "-Xlog:aot*=off", "-Xlog:cds*=off");
    }
    String cache = System.getProperty(AOT_CACHE_PROPERTY, "");
    if (!cache.isBlank() && Files.isRegularFile(Path.of(cache))) {
      // A cache the JVM rejects (another JDK, other flags) is ignored silently: it only costs
      // speed.
      return List.of("-XX:AOTCache=" + cache, "-Xlog:aot*=off", "-Xlog:cds*=off");
    }
    return List.of();
  }

  private static Optional<Path> crashReport(Path workDir) {
    Path report = workDir.resolve(CRASH_REPORT);
    return Files.isRegularFile(report) ? Optional.of(report) : Optional.empty();
  }

  /**
   * How the check JVM ended.
   *
   * @param exited false when it had to be killed at the hard limit
   * @param status its exit status, -1 when killed
   * @param stderr the end of its own standard error (not the solution's, which is captured per
   *     check)
   * @param crashReport the JVM's crash report, when it wrote one
   */
  record Death(boolean exited, int status, String stderr, Optional<Path> crashReport) {

    /** Say why the JVM ended before the checks were done, from what it left behind. */
    String explain(Map<?, ?> exit) {
      String err = stderr.isBlank() ? "" : System.lineSeparator() + stderr;
      if (!exited) {
        return "the check JVM stopped answering and was killed";
      }
      if (exit != null && "System.exit".equals(exit.get(CheckProtocol.BY))) {
        List<?> frames = exit.get(CheckProtocol.FRAMES) instanceof List<?> l ? l : List.of();
        var out =
            new StringBuilder(
                "your code called System.exit("
                    + status
                    + ") on thread \""
                    + exit.get(CheckProtocol.NAME)
                    + "\": that ends the whole program, checks included;"
                    + " return or throw instead");
        frames.forEach(f -> out.append(System.lineSeparator()).append("    at ").append(f));
        return out.toString();
      }
      if (stderr.contains("java.lang.OutOfMemoryError")) {
        return "the check JVM ran out of memory (heap limit "
            + HEAP_LIMIT_MB
            + " MB) and ended with exit status "
            + status
            + ": does your code keep everything it makes, or allocate without bound?"
            + err;
      }
      if (crashReport.isPresent()) {
        return "the check JVM crashed ("
            + status(status)
            + "); its report is at "
            + crashReport.get()
            + ". A crash of the JVM is a bug of the JVM or of native code, not a verdict on your"
            + " solution";
      }
      if (status > 128) {
        return "the check JVM was killed by a signal ("
            + status(status)
            + "), from outside the JVM: the"
            + " system's out-of-memory killer, a kill command, or a process your code started"
            + err;
      }
      if (exit != null) {
        return "the check JVM was asked to stop from outside (a signal) and ended with exit status "
            + status
            + err;
      }
      return "the check JVM ended with exit status "
          + status
          + " without running its shutdown hooks:"
          + " does your code call Runtime.halt()? That ends the whole program, checks included"
          + err;
    }

    private static String status(int status) {
      if (status <= 128) {
        return "exit status " + status;
      }
      int signal = status - 128;
      String name =
          switch (signal) {
            case 1 -> "SIGHUP";
            case 2 -> "SIGINT";
            case 4 -> "SIGILL";
            case 6 -> "SIGABRT";
            case 7 -> "SIGBUS";
            case 8 -> "SIGFPE";
            case 9 -> "SIGKILL";
            case 11 -> "SIGSEGV";
            case 15 -> "SIGTERM";
            default -> "signal " + signal;
          };
      return "exit status " + status + ", signal " + signal + " " + name;
    }
  }

  /**
   * Turn a check JVM's events into a verdict. The run passes only when the events are kata's own,
   * every check the plan named (and every check registered while running) finished and passed, the
   * planned checks started in the plan's order, and the JVM said it was done.
   */
  static RunResult interpret(
      String id, CheckProtocol.Reading reading, Death death, Duration elapsed) {
    Map<String, String> planned = new LinkedHashMap<>();
    Map<String, String> registered = new LinkedHashMap<>();
    List<String> reportOrder = new ArrayList<>();
    Map<String, CheckResult> results = new LinkedHashMap<>();
    String running = null;
    String runningName = null;
    String watchdog = null;
    String error = null;
    Map<?, ?> exit = null;
    boolean done = false;
    for (Map<?, ?> event : reading.events()) {
      String key = text(event.get(CheckProtocol.ID));
      String name = text(event.get(CheckProtocol.NAME));
      switch (text(event.get(CheckProtocol.EVENT))) {
        case CheckProtocol.PLAN -> {
          for (Object check : (List<?>) event.get(CheckProtocol.CHECKS)) {
            Map<?, ?> c = (Map<?, ?>) check;
            planned.put(text(c.get(CheckProtocol.ID)), text(c.get(CheckProtocol.NAME)));
          }
        }
        case CheckProtocol.REGISTERED -> {
          if (Boolean.TRUE.equals(event.get(CheckProtocol.TEST))) {
            registered.put(key, name);
          }
        }
        case CheckProtocol.STARTED -> {
          running = key;
          runningName = name;
          reportOrder.add(key);
        }
        case CheckProtocol.FINISHED -> {
          results.put(key, finished(event));
          if (key.equals(running)) {
            running = null;
          }
          if (!reportOrder.contains(key)) {
            reportOrder.add(key); // skipped: finished without starting
          }
        }
        case CheckProtocol.WATCHDOG -> watchdog = text(event.get(CheckProtocol.REPORT));
        case CheckProtocol.ERROR -> error = text(event.get(CheckProtocol.MESSAGE));
        case CheckProtocol.EXIT -> exit = event;
        case CheckProtocol.DONE -> done = true;
        default -> {}
      }
    }
    if (reading.forged().isPresent()) {
      // Whatever the rest said, it cannot count: code in the check JVM wrote to kata's verdict
      // channel.
      String why =
          "kata cannot trust this run: its verdict channel was tampered with ("
              + reading.forged().get()
              + "). Code in the check JVM wrote kata's results itself; only the events before that"
              + " line are shown";
      return new RunResult(id, Verdict.FAIL, why, List.copyOf(results.values()), elapsed);
    }
    if (error != null) {
      return new RunResult(id, Verdict.ERROR, error, List.copyOf(results.values()), elapsed);
    }
    String stopped = "";
    if (!done) {
      if (watchdog != null) {
        // An empty report comes from the stall watchdog, after it reported the stuck check itself.
        stopped =
            watchdog.isEmpty()
                ? ""
                : "the checks hit the time limit and were stopped"
                    + System.lineSeparator()
                    + watchdog;
      } else if (death.exited()
          && planned.isEmpty()
          && results.isEmpty()
          && running == null
          && exit == null
          && death.status() < 128
          && death.crashReport().isEmpty()) {
        return new RunResult(
            id,
            Verdict.ERROR,
            "the check JVM failed to start (exit status "
                + death.status()
                + ")"
                + (death.stderr().isBlank() ? "" : ":" + System.lineSeparator() + death.stderr()),
            List.of(),
            elapsed);
      } else {
        stopped = death.explain(exit);
      }
      if (running != null) {
        results.put(running, new CheckResult(runningName, Verdict.FAIL, stopped, ""));
      }
    }
    for (Map.Entry<String, String> check : planned.entrySet()) {
      results.putIfAbsent(
          check.getKey(),
          new CheckResult(
              check.getValue(),
              Verdict.ERROR,
              done
                  ? "not reported: kata's check JVM said it was done but never reported this check"
                  : "not run: an earlier check stopped the run",
              ""));
    }
    for (Map.Entry<String, String> check : registered.entrySet()) {
      results.putIfAbsent(
          check.getKey(),
          new CheckResult(
              check.getValue(),
              Verdict.ERROR,
              "not run: the run stopped before this check finished",
              ""));
    }
    List<CheckResult> checks = List.copyOf(results.values());
    if (checks.isEmpty()) {
      return new RunResult(
          id, Verdict.ERROR, stopped.isEmpty() ? "no check ran" : stopped, checks, elapsed);
    }
    List<String> reportedPlanned = reportOrder.stream().filter(planned::containsKey).toList();
    List<String> plannedOrder = planned.keySet().stream().filter(reportOrder::contains).toList();
    if (done && !reportedPlanned.equals(plannedOrder)) {
      return new RunResult(
          id,
          Verdict.ERROR,
          "kata's check JVM ran the checks out of the planned order; this is a"
              + " defect of kata, not of your code",
          checks,
          elapsed);
    }
    Verdict verdict =
        done && checks.stream().allMatch(c -> c.verdict() == Verdict.PASS)
            ? Verdict.PASS
            : Verdict.FAIL;
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
    return String.join(
            System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 15), lines.size()))
        .strip();
  }
}

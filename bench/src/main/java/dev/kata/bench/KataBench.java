package dev.kata.bench;

import dev.kata.api.Puzzle;
import dev.kata.puzzles.p06.ConcurrencyBudget;
import dev.kata.puzzles.p10.CpuOffload;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./kata-bench}: compare the learner's solutions of puzzles 06 and 10 with the sequential
 * baseline and the reference, with JMH, and say what the concurrency bought against what the
 * machine allows.
 */
@Command(
    name = "kata-bench",
    mixinStandardHelpOptions = true,
    version = "kata-bench 0.1.0",
    description = {
      "Benchmark solutions of puzzles 06 (I/O-bound jobs under K permits) and 10 (CPU-bound work)"
          + " with JMH: the sequential baseline, the reference, and your workspace's solution,"
          + " which must pass its checks first.",
      "For each: time per call ± error, speed-up over the baseline, and the fraction of the ideal"
          + " speed-up (K permits for 06, the cores for 10)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:benchmarked",
      "1:a workspace solution fails its checks, so it was not benchmarked",
      "2:usage error (bad option, unknown puzzle, unreadable --baseline file)",
      "3:internal error"
    })
public final class KataBench implements Callable<Integer> {

  @Option(
      names = "--puzzle",
      paramLabel = "ID",
      description = "Only this puzzle: 06 or 10 (id, number or slug).")
  String puzzle;

  @Option(
      names = "--reference",
      description = "Only the baseline and the reference; no workspace needed.")
  boolean referenceOnly;

  @Option(
      names = "--quick",
      description = "One size, one fork, short iterations: under a minute on 2 cores.")
  boolean quick;

  @Option(names = "--json", description = "Print the results as JSON instead of a table.")
  boolean json;

  @Option(
      names = "--baseline",
      paramLabel = "FILE",
      description = "Compare with an earlier run's --json output.")
  Path baselineFile;

  @Option(
      names = "--workspace",
      paramLabel = "DIR",
      defaultValue = "${env:KATA_WORKSPACE:-workspace}",
      description = "The learner's folder (default: $KATA_WORKSPACE, else ./workspace).")
  Path workspace;

  @Option(
      names = "--kata",
      paramLabel = "LAUNCHER",
      defaultValue = "${env:KATA_LAUNCHER:-./kata}",
      description =
          "The kata launcher that checks workspace solutions (default: $KATA_LAUNCHER, else"
              + " ./kata).")
  String kata;

  @Option(names = "--verbose", description = "Show JMH's own output and stack traces.")
  boolean verbose;

  /** A puzzle that has a benchmark. */
  record Target(
      String id,
      Puzzle puzzle,
      Class<?> benchmark,
      String sizeParam,
      List<Integer> sizes,
      int quickSize,
      String what) {}

  static final List<Target> TARGETS =
      List.of(
          new Target(
              "06",
              new ConcurrencyBudget(),
              SemaphoreBenchmark.class,
              "jobs",
              List.of(16, 32),
              32,
              "I/O-bound jobs, 5 ms each, under K = 4 permits"),
          new Target(
              "10",
              new CpuOffload(),
              CpuOffloadBenchmark.class,
              "items",
              List.of(64, 256),
              256,
              "CPU-bound items, about 0.75 ms each"));

  static final int PERMITS = 4;

  /**
   * Run the tool.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new KataBench());
    cli.setParameterExceptionHandler(
        (e, args) -> {
          e.getCommandLine()
              .getErr()
              .println("kata-bench: " + e.getMessage() + " (see './kata-bench --help')");
          return 2;
        });
    cli.setExecutionExceptionHandler(
        (e, command, parsed) -> {
          if (e instanceof BenchException bench) {
            command.getErr().println("kata-bench: " + bench.getMessage());
            return bench.exitCode;
          }
          command
              .getErr()
              .println(
                  "kata-bench: internal error: "
                      + e
                      + (parsed.hasMatchedOption("--verbose")
                          ? ""
                          : " (run again with --verbose for details)"));
          if (parsed.hasMatchedOption("--verbose")) {
            e.printStackTrace(command.getErr());
          }
          return 3;
        });
    return cli;
  }

  /** A failure for the user: one line and an exit code. */
  static final class BenchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int exitCode;

    BenchException(int exitCode, String message) {
      super(message);
      this.exitCode = exitCode;
    }
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    List<Target> targets = selected();
    List<Measurement> earlier =
        baselineFile == null ? List.of() : Report.readJson(read(baselineFile));
    int cores = Runtime.getRuntime().availableProcessors();

    Path scratch = Files.createTempDirectory("kata-bench");
    try {
      Map<String, String> dirs = new LinkedHashMap<>();
      if (!referenceOnly) {
        for (Target target : targets) {
          requirePassing(target);
        }
      }
      for (Target target : targets) {
        dirs.put(
            "kata.bench.reference." + target.id(),
            compile(
                    target,
                    target.puzzle().referenceSource(),
                    scratch.resolve("reference-" + target.id()))
                .toString());
        if (!referenceOnly) {
          String source = Files.readString(workspaceFile(target));
          dirs.put(
              "kata.bench.workspace." + target.id(),
              compile(target, source, scratch.resolve("workspace-" + target.id())).toString());
        }
      }
      List<Measurement> results = new ArrayList<>();
      for (Target target : targets) {
        results.addAll(measure(target, dirs, cores));
      }
      if (json) {
        out.println(Report.json(results, cores));
      } else {
        Report.table(out, results, earlier, cores, TARGETS);
      }
      out.flush();
      return 0;
    } finally {
      try (Stream<Path> walk = Files.walk(scratch)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private List<Target> selected() {
    if (puzzle == null) {
      return TARGETS;
    }
    String wanted = puzzle.trim().toLowerCase(Locale.ROOT);
    for (Target target : TARGETS) {
      String slug = target.puzzle().getClass().getAnnotation(dev.kata.api.KataPuzzle.class).slug();
      if (target.id().equals(wanted)
          || slug.equals(wanted)
          || (wanted.matches("\\d{1,3}")
              && Integer.parseInt(wanted) == Integer.parseInt(target.id()))) {
        return List.of(target);
      }
    }
    throw new BenchException(
        2, "no benchmark for puzzle '" + puzzle + "'; puzzles with benchmarks: 06, 10");
  }

  private Path workspaceFile(Target target) {
    return workspace.resolve(target.puzzle().solutionFile());
  }

  /** Run the learner's file through kata's own checks; refuse to benchmark it unless they pass. */
  private void requirePassing(Target target) throws IOException, InterruptedException {
    Path file = workspaceFile(target);
    if (!Files.isRegularFile(file)) {
      throw new BenchException(
          2,
          "no solution of puzzle "
              + target.id()
              + " at "
              + file
              + "; solve it first ("
              + kata
              + " run --puzzle "
              + target.id()
              + "), or benchmark only the reference with --reference");
    }
    System.err.println("kata-bench: checking your puzzle " + target.id() + " first (" + file + ")");
    Process process =
        new ProcessBuilder(
                kata, "run", "--puzzle", target.id(), "--json", "--workspace", workspace.toString())
            .redirectErrorStream(false)
            .start();
    process.getOutputStream().close();
    // Drain both pipes at once, while the clock runs: read one to its end first and the timeout
    // never fires, and a child that fills the other pipe (64 KiB) blocks, and with it both of us.
    CompletableFuture<byte[]> stdoutRead = drain(process.getInputStream());
    CompletableFuture<byte[]> stderrRead = drain(process.getErrorStream());
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new BenchException(2, "kata did not finish checking puzzle " + target.id());
    }
    byte[] stdout = stdoutRead.join();
    byte[] stderr = stderrRead.join();
    int code = process.exitValue();
    if (code == 0) {
      return;
    }
    if (code == 1) {
      String why = Report.firstFailure(new String(stdout, StandardCharsets.UTF_8));
      throw new BenchException(
          1,
          "not benchmarking your puzzle "
              + target.id()
              + ": it fails its checks, and speed"
              + " only matters once the results are right. "
              + why
              + " (see "
              + kata
              + " run --puzzle "
              + target.id()
              + ")");
    }
    throw new BenchException(
        2,
        "could not check puzzle "
            + target.id()
            + " with "
            + kata
            + ": "
            + new String(stderr, StandardCharsets.UTF_8)
                .strip()
                .lines()
                .findFirst()
                .orElse("exit code " + code));
  }

  static CompletableFuture<byte[]> drain(java.io.InputStream in) {
    CompletableFuture<byte[]> read = new CompletableFuture<>();
    Thread.ofVirtual()
        .name("kata-bench-drain")
        .start(
            () -> {
              try (in) {
                read.complete(in.readAllBytes());
              } catch (IOException e) {
                read.complete(new byte[0]); // the child is gone: what it wrote is all there is
              }
            });
    return read;
  }

  private static Path compile(Target target, String source, Path dir) throws IOException {
    Path file = dir.resolve("src").resolve(target.puzzle().solutionFile());
    Files.createDirectories(file.getParent());
    Files.writeString(file, source);
    Path classes = Files.createDirectories(dir.resolve("classes"));
    var javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new BenchException(
          2, "this Java has no compiler; run kata-bench on a JDK 25, not a JRE");
    }
    var errors = new java.io.ByteArrayOutputStream();
    int code =
        javac.run(
            null,
            null,
            errors,
            "-proc:none",
            "-nowarn",
            "-d",
            classes.toString(),
            "-cp",
            System.getProperty("java.class.path"),
            file.toString());
    if (code != 0) {
      throw new BenchException(
          1, "puzzle " + target.id() + "'s solution does not compile:\n" + errors);
    }
    return classes;
  }

  private List<Measurement> measure(Target target, Map<String, String> dirs, int cores)
      throws RunnerException {
    List<String> solutions = new ArrayList<>(List.of(Solutions.BASELINE, Solutions.REFERENCE));
    if (!referenceOnly) {
      solutions.add(Solutions.WORKSPACE);
    }
    List<Integer> sizes = quick ? List.of(target.quickSize()) : target.sizes();
    List<Measurement> raw = new ArrayList<>();
    for (int size : sizes) {
      for (String solution : solutions) {
        System.err.printf(
            "kata-bench: puzzle %s, %s, %s=%d ...%n",
            target.id(), solution, target.sizeParam(), size);
        ChainedOptionsBuilder options =
            new OptionsBuilder()
                .include("^" + target.benchmark().getName().replace(".", "\\.") + "\\.")
                .param("solution", solution)
                .param(target.sizeParam(), Integer.toString(size))
                .shouldFailOnError(true)
                .verbosity(verbose ? VerboseMode.NORMAL : VerboseMode.SILENT)
                .jvmArgsAppend(jvmArgs(dirs));
        if (quick) {
          options
              .forks(1)
              .warmupIterations(2)
              .warmupTime(TimeValue.milliseconds(500))
              .measurementIterations(3)
              .measurementTime(TimeValue.seconds(1));
        } else {
          options
              .forks(2)
              .warmupIterations(3)
              .warmupTime(TimeValue.seconds(1))
              .measurementIterations(5)
              .measurementTime(TimeValue.seconds(1));
        }
        for (RunResult result : new Runner(options.build()).run()) {
          var primary = result.getPrimaryResult();
          raw.add(
              new Measurement(
                  target.id(),
                  solution,
                  size,
                  primary.getScore(),
                  primary.getScoreError(),
                  primary.getScoreUnit(),
                  Double.NaN,
                  Double.NaN,
                  0,
                  Double.NaN));
        }
      }
    }
    List<Measurement> results = new ArrayList<>();
    for (Measurement m : raw) {
      Measurement baseline =
          raw.stream()
              .filter(b -> b.solution().equals(Solutions.BASELINE) && b.size() == m.size())
              .findFirst()
              .orElseThrow();
      results.add(m.against(baseline, ideal(target, m.size(), cores)));
    }
    return results;
  }

  static int ideal(Target target, int size, int cores) {
    return target.id().equals("06") ? Math.min(PERMITS, size) : Math.min(cores, size);
  }

  private static String[] jvmArgs(Map<String, String> dirs) {
    List<String> args = new ArrayList<>();
    args.add("--sun-misc-unsafe-memory-access=allow");
    dirs.forEach((k, v) -> args.add("-D" + k + "=" + v));
    return args.toArray(String[]::new);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException | UncheckedIOException e) {
      throw new BenchException(2, "cannot read --baseline " + file + ": " + e.getMessage());
    }
  }
}

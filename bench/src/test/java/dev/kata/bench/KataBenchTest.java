package dev.kata.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parts of kata-bench that do not need JMH to run: the arithmetic, the formats, the refusals.
 */
class KataBenchTest {

  @TempDir Path work;

  private record Outcome(int exitCode, String err) {}

  private Outcome bench(String... args) {
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = KataBench.commandLine().execute(args);
      return new Outcome(code, err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(original);
    }
  }

  @Test
  void speedupAndFractionOfTheIdealComeFromBothScoresAndTheirErrors() {
    Measurement baseline =
        new Measurement(
            "10", "baseline", 64, 40.0, 0.4, "ms/op", Double.NaN, Double.NaN, 0, Double.NaN);
    Measurement reference =
        new Measurement(
                "10", "reference", 64, 20.0, 0.2, "ms/op", Double.NaN, Double.NaN, 0, Double.NaN)
            .against(baseline, 2);

    assertThat(reference.speedup()).isEqualTo(2.0);
    assertThat(reference.ofIdeal()).isEqualTo(1.0);
    assertThat(reference.speedupError()).isCloseTo(2.0 * Math.sqrt(2 * 0.01 * 0.01), within(1e-9));
    assertThat(reference.against(baseline, 1).ofIdeal()).as("no ideal on one core").isNaN();
  }

  @Test
  void theJsonOutputReadsBackAsABaseline() {
    Measurement m = new Measurement("06", "workspace", 32, 41.5, 0.7, "ms/op", 3.86, 0.1, 4, 0.965);

    String json = Report.json(List.of(m), 2);
    List<Measurement> read = Report.readJson(json);

    assertThat(json)
        .startsWith("{\"cores\":2,\"results\":[")
        .contains(
            "\"puzzle\":\"06\"",
            "\"solution\":\"workspace\"",
            "\"score\":41.5000",
            "\"error\":0.7000",
            "\"unit\":\"ms/op\"",
            "\"speedup\":3.8600",
            "\"ofIdeal\":0.9650");
    assertThat(read).hasSize(1);
    assertThat(read.getFirst().puzzle()).isEqualTo("06");
    assertThat(read.getFirst().score()).isEqualTo(41.5);
    assertThat(read.getFirst().ofIdeal()).isEqualTo(0.965);
  }

  @Test
  void theTableComparesWithAnEarlierRunOnlyBeyondTheError() {
    Measurement base =
        new Measurement(
            "10", "baseline", 64, 40, 0.4, "ms/op", Double.NaN, Double.NaN, 0, Double.NaN);
    Measurement ref =
        new Measurement(
                "10", "reference", 64, 20.5, 0.2, "ms/op", Double.NaN, Double.NaN, 0, Double.NaN)
            .against(base, 2);
    Measurement earlierRef =
        new Measurement("10", "reference", 64, 30, 0.3, "ms/op", 1.3, 0.1, 2, 0.65);
    Measurement earlierBase =
        new Measurement("10", "baseline", 64, 40.1, 0.4, "ms/op", 1, 0, 2, 0.5);
    StringWriter text = new StringWriter();

    Report.table(
        new PrintWriter(text, true),
        List.of(base.against(base, 2), ref),
        List.of(earlierRef, earlierBase),
        2,
        KataBench.TARGETS);

    assertThat(text.toString())
        .contains(
            "Puzzle 10",
            "1.95× ± 0.03",
            "0.98 of 2×",
            "faster by 32%",
            "same within error",
            "98% of the ideal 2×",
            "this machine has 2 cores, so the ideal is 2×");
  }

  @Test
  void aWorkspaceSolutionThatFailsItsChecksIsRefusedWithTheFirstFailingCheck() throws Exception {
    Path workspace = work.resolve("ws");
    Path file = workspace.resolve(new dev.kata.puzzles.p10.CpuOffload().solutionFile());
    Files.createDirectories(file.getParent());
    Files.writeString(file, "class Whatever {}");
    Path launcher = work.resolve("fake-kata");
    Files.writeString(
        launcher,
        """
        #!/bin/sh
        cat <<'JSON'
        {
          "version": 3,
          "puzzle": "10",
          "status": "fail",
          "message": null,
          "tests": [
            {
              "name": "the responsive thread stays free",
              "status": "fail",
              "message": "invariant: work runs off the responsive thread\\n  expected: gate opened",
              "output": null
            }
          ]
        }
        JSON
        exit 1
        """);
    launcher.toFile().setExecutable(true);

    Outcome outcome =
        bench("--puzzle", "10", "--workspace", workspace.toString(), "--kata", launcher.toString());

    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.err())
        .contains(
            "kata-bench: not benchmarking your puzzle 10: it fails its checks",
            "First failing check: the responsive thread stays free: invariant: work runs off the"
                + " responsive thread.");
  }

  @Test
  void badInputGetsOneLineAndExitTwo() {
    Outcome unknown = bench("--puzzle", "7");
    Outcome garbage = bench("--frobnicate");
    Outcome missing = bench("--puzzle", "6", "--workspace", work.resolve("empty").toString());
    Outcome baseline = bench("--reference", "--baseline", work.resolve("nope.json").toString());

    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err())
        .contains("kata-bench: no benchmark for puzzle '7'; puzzles with benchmarks: 06, 10");
    assertThat(garbage.exitCode()).isEqualTo(2);
    assertThat(garbage.err()).contains("kata-bench: Unknown option: '--frobnicate'");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err())
        .contains(
            "no solution of puzzle 06 at", "or benchmark only the reference with --reference");
    assertThat(baseline.exitCode()).isEqualTo(2);
    assertThat(baseline.err()).contains("cannot read --baseline");
  }

  @Test
  void theBaselinesDoTheSameWorkAsTheContractAsks() throws Exception {
    List<Integer> inputs = List.of(3, 1, 2);
    assertThat(
            new CpuOffloadBenchmark.Sequential()
                .computeAll(inputs, CpuOffloadBenchmark::crunch)
                .join())
        .containsExactly(
            CpuOffloadBenchmark.crunch(3),
            CpuOffloadBenchmark.crunch(1),
            CpuOffloadBenchmark.crunch(2));

    AtomicInteger ran = new AtomicInteger();
    List<Callable<?>> jobs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      jobs.add(ran::incrementAndGet);
    }
    jobs.add(
        () -> {
          throw new IllegalStateException("boom");
        });
    Semaphore permits = new Semaphore(2);
    List<Throwable> failures = new SemaphoreBenchmark.Sequential().runAll(jobs, permits);
    assertThat(ran).hasValue(5);
    assertThat(failures).singleElement().isInstanceOf(IllegalStateException.class);
    assertThat(permits.availablePermits()).isEqualTo(2);
  }

  @Test
  void anEscapedBackslashBeforeAnNIsNotANewline() {
    assertThat(Report.unescape("C:\\\\new\\nline \\\"q\\\" \\u00e9"))
        .isEqualTo("C:\\new\nline \"q\" \u00e9");
  }

  @Test
  void aChildsTwoPipesAreDrainedAtOnceSoMoreThanAPipeOnStderrDoesNotBlockIt() throws Exception {
    // Before: stdout was read to its end first; a child writing 200 KB to stderr blocked on the
    // full
    // pipe, never closed stdout, and both processes waited forever (the timeout never started).
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/bin/sh")), "a POSIX shell");
    Process child =
        new ProcessBuilder("/bin/sh", "-c", "head -c 200000 /dev/zero >&2; echo done").start();
    child.getOutputStream().close();
    var out = KataBench.drain(child.getInputStream());
    var err = KataBench.drain(child.getErrorStream());

    assertThat(child.waitFor(60, java.util.concurrent.TimeUnit.SECONDS))
        .as("child finished")
        .isTrue();
    assertThat(new String(out.join(), StandardCharsets.UTF_8)).isEqualTo("done\n");
    assertThat(err.join()).hasSize(200_000);
  }
}

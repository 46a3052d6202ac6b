package dev.kata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.api.WrongSolution;
import dev.kata.core.CatalogEntry;
import dev.kata.core.Compilation;
import dev.kata.core.IsolatedRunner;
import dev.kata.core.PuzzleCatalog;
import dev.kata.core.RunResult;
import dev.kata.core.SolutionChecker;
import dev.kata.core.SolutionCompiler;
import dev.kata.testkit.PuzzleContract;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stress run, kept out of the default build: {@code ./mvnw -Pstress verify}.
 *
 * <p>While another process keeps both cores busy, it checks every puzzle's reference {@code
 * kata.stress.references} times (default 50) through the real isolated runner, a learner's path,
 * and requires zero false failures; and runs every known-wrong solution {@code kata.stress.wrong}
 * times (default 20) in this JVM until its first failed check, as the contract test does, reporting
 * how often it was rejected and how soon (median and slowest), and once more each through the
 * isolated runner, with the slowest time to a verdict. The figures are printed and written to
 * {@code target/stress-report.txt}. {@code -Dkata.contract.puzzles=04,05} limits the run to those
 * puzzles.
 */
@Tag("stress")
class StressTest {

  private static final PuzzleCatalog CATALOG = PuzzleCatalog.load(List.of());
  private static final List<String> REPORT = new ArrayList<>();
  private static final List<Process> LOAD = new ArrayList<>();

  @TempDir static Path work;

  /**
   * Both cores are kept busy by another process, two threads spinning for the whole run ({@code
   * CpuLoad}): in this JVM, they would keep kata's standstill watch from ever ending a wrong
   * solution's bounded waits early, as it does in a learner's check JVM.
   */
  @BeforeAll
  static void keepBothCoresBusy() throws Exception {
    startLoad("CpuLoad", "cpu load running", "2");
  }

  /**
   * Other processes use the loopback interface too, on a real machine: one streams TCP, churns
   * short connections (ephemeral ports taken and freed) and ping-pongs UDP for the whole run, so
   * the socket puzzles' references are checked beside it. {@code -Dkata.stress.loopback=false}
   * leaves it out.
   */
  @BeforeAll
  static void startLoopbackTraffic() throws Exception {
    if (Boolean.parseBoolean(System.getProperty("kata.stress.loopback", "true"))) {
      startLoad("LoopbackTraffic", "loopback traffic running");
    }
  }

  /** Start one of the load programs of {@code /stress} with the JDK's source launcher. */
  private static void startLoad(String program, String ready, String... args) throws Exception {
    Path source = Path.of(StressTest.class.getResource("/stress/" + program + ".java").toURI());
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add(source.toString());
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    LOAD.add(process);
    var out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    assertThat(out.readLine()).as("the %s process started", program).isEqualTo(ready);
  }

  /** Close each load program's input, which ends it, and report what it did. */
  @AfterAll
  static void stopLoadAndWriteReport() throws IOException, InterruptedException {
    for (Process process : LOAD) {
      process.getOutputStream().close();
      String summary =
          new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      REPORT.add(summary);
    }
    Path report = Path.of("target", "stress-report.txt");
    Files.createDirectories(report.getParent());
    Files.write(report, REPORT);
    REPORT.forEach(System.out::println);
  }

  @Test
  void everyReferencePassesEveryTimeUnderLoad() {
    int runs = Integer.getInteger("kata.stress.references", 50);
    SolutionChecker checker = new SolutionChecker(new IsolatedRunner());
    List<String> falseFailures = new ArrayList<>();
    for (CatalogEntry entry : puzzles()) {
      List<Long> millis = new ArrayList<>();
      int passed = 0;
      for (int i = 0; i < runs; i++) {
        RunResult result =
            checker.checkSource(
                entry,
                entry.puzzle().referenceSource(),
                work.resolve("ref-" + entry.id() + "-" + i));
        millis.add(result.elapsed().toMillis());
        if (result.passed()) {
          passed++;
        } else {
          falseFailures.add(
              entry.id()
                  + " run "
                  + i
                  + ": "
                  + result.checks().stream()
                      .filter(c -> !c.verdict().name().equals("PASS"))
                      .map(c -> c.name() + ": " + c.message())
                      .toList()
                  + result.message());
        }
      }
      REPORT.add(
          String.format(
              Locale.ROOT,
              "reference %s %-26s %d/%d passed   median %5.2f s   max %5.2f s",
              entry.id(),
              entry.info().slug(),
              passed,
              runs,
              median(millis) / 1000.0,
              max(millis) / 1000.0));
    }
    assertThat(falseFailures).as("false failures of reference solutions under load").isEmpty();
  }

  @Test
  void everyWrongSolutionIsRejectedEveryTime() throws IOException {
    int runs = Integer.getInteger("kata.stress.wrong", 20);
    List<String> missed = new ArrayList<>();
    for (CatalogEntry entry : puzzles()) {
      for (WrongSolution wrong : entry.puzzle().wrongSolutions()) {
        Compilation.Compiled compiled = compile(entry, wrong);
        List<Long> millis = new ArrayList<>();
        int rejected = 0;
        for (int i = 0; i < runs; i++) {
          long start = System.nanoTime();
          boolean failed =
              !PuzzleContract.failedChecks(
                      entry,
                      compiled,
                      entry.puzzle().wrongSource(wrong),
                      work.resolve("fallback-" + entry.id() + "-" + wrong.name() + "-" + i))
                  .isEmpty();
          millis.add((System.nanoTime() - start) / 1_000_000);
          if (failed) {
            rejected++;
          }
        }
        if (rejected < runs) {
          missed.add(entry.id() + " " + wrong.name() + ": " + rejected + "/" + runs);
        }
        REPORT.add(
            String.format(
                Locale.ROOT,
                "wrong %s %-28s %2d/%d rejected   first failed check after %5.2f s (median), %5.2f"
                    + " s (slowest)",
                entry.id(),
                wrong.name(),
                rejected,
                runs,
                median(millis) / 1000.0,
                max(millis) / 1000.0));
      }
    }
    assertThat(missed).as("wrong solutions not rejected every time").isEmpty();
  }

  /**
   * The default build runs one wrong solution per puzzle through the check JVM; here every one runs
   * the learner's way, and the time to the verdict is the figure a learner waits for.
   */
  @Test
  void everyWrongSolutionIsRejectedInKatasOwnCheckJvm() {
    SolutionChecker checker = new SolutionChecker(new IsolatedRunner());
    List<String> accepted = new ArrayList<>();
    for (CatalogEntry entry : puzzles()) {
      long slowest = 0;
      String slowestName = "";
      for (WrongSolution wrong : entry.puzzle().wrongSolutions()) {
        RunResult result =
            checker.checkSource(
                entry,
                entry.puzzle().wrongSource(wrong),
                work.resolve("iso-" + entry.id() + "-" + wrong.name()));
        if (result.passed()) {
          accepted.add(entry.id() + " " + wrong.name());
        }
        if (result.elapsed().toMillis() > slowest) {
          slowest = result.elapsed().toMillis();
          slowestName = wrong.name();
        }
      }
      REPORT.add(
          String.format(
              Locale.ROOT,
              "slowest rejection %s %-26s %-30s %5.2f s through the check JVM",
              entry.id(),
              entry.info().slug(),
              slowestName,
              slowest / 1000.0));
    }
    assertThat(accepted).as("wrong solutions the check JVM passed").isEmpty();
  }

  private static Compilation.Compiled compile(CatalogEntry entry, WrongSolution wrong)
      throws IOException {
    Path dir = work.resolve("wrong-" + entry.id() + "-" + wrong.name());
    Path file = dir.resolve("src").resolve(entry.puzzle().solutionFile());
    Files.createDirectories(file.getParent());
    Files.writeString(file, entry.puzzle().wrongSource(wrong));
    return (Compilation.Compiled)
        new SolutionCompiler()
            .compile(
                file,
                entry.puzzle().solutionClassName(),
                entry.extraClassPath(),
                dir.resolve("classes"));
  }

  /**
   * Every puzzle, or those {@code -Dkata.contract.puzzles=04,05} names, as in the contract test.
   */
  private static List<CatalogEntry> puzzles() {
    return CATALOG.ordered().stream().filter(PuzzleContract::selected).toList();
  }

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
  }

  private static long max(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).max().orElse(0);
  }
}

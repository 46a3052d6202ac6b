package dev.kata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.api.WrongSolution;
import dev.kata.core.CatalogEntry;
import dev.kata.core.CheckSettings;
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
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The stress run, kept out of the default build: {@code ./mvnw -Pstress verify}.
 *
 * <p>While two spinning threads keep both cores busy, it checks every puzzle's reference {@code
 * kata.stress.references} times (default 50) through the real isolated runner, a learner's path,
 * and requires zero false failures; and runs every known-wrong solution {@code kata.stress.wrong}
 * times (default 20) with the test kit, reporting how often it was rejected and the median time to
 * reject, and once more each through the isolated runner, with the slowest time to a verdict. The
 * figures are printed and written to {@code target/stress-report.txt}. {@code
 * -Dkata.contract.puzzles=04,05} limits the run to those puzzles.
 */
@Tag("stress")
class StressTest {

  private static final PuzzleCatalog CATALOG = PuzzleCatalog.load(List.of());
  private static final AtomicBoolean LOADING = new AtomicBoolean(true);
  private static final List<Thread> SPINNERS = new ArrayList<>();
  private static final List<String> REPORT = new ArrayList<>();

  @TempDir static Path work;

  private static Process traffic;

  /**
   * Other processes use the loopback interface too, on a real machine: one streams TCP, churns
   * short connections (ephemeral ports taken and freed) and ping-pongs UDP for the whole run, so
   * the socket puzzles' references are checked beside it. {@code -Dkata.stress.loopback=false}
   * leaves it out.
   */
  @BeforeAll
  static void startLoopbackTraffic() throws Exception {
    if (!Boolean.parseBoolean(System.getProperty("kata.stress.loopback", "true"))) {
      return;
    }
    Path source = Path.of(StressTest.class.getResource("/stress/LoopbackTraffic.java").toURI());
    traffic =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                source.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    var ready =
        new BufferedReader(new InputStreamReader(traffic.getInputStream(), StandardCharsets.UTF_8));
    assertThat(ready.readLine())
        .as("the loopback traffic process started")
        .isEqualTo("loopback traffic running");
  }

  private static void stopLoopbackTraffic() throws IOException, InterruptedException {
    if (traffic == null) {
      return;
    }
    traffic.getOutputStream().close();
    String summary =
        new String(traffic.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (!traffic.waitFor(30, TimeUnit.SECONDS)) {
      traffic.destroyForcibly();
    }
    REPORT.add(summary);
  }

  @BeforeAll
  static void keepBothCoresBusy() {
    for (int i = 0; i < 2; i++) {
      SPINNERS.add(
          Thread.ofPlatform()
              .name("load-" + i)
              .daemon(true)
              .start(
                  () -> {
                    long x = 0;
                    while (LOADING.get()) {
                      x += System.nanoTime() % 7;
                    }
                    if (x == 42) {
                      System.out.print("");
                    }
                  }));
    }
  }

  @AfterAll
  static void stopLoadAndWriteReport() throws IOException, InterruptedException {
    LOADING.set(false);
    stopLoopbackTraffic();
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
          EngineExecutionResults results =
              EngineTestKit.engine("junit-jupiter")
                  .selectors(
                      entry.puzzle().checks().stream()
                          .map(DiscoverySelectors::selectClass)
                          .toArray(org.junit.platform.engine.DiscoverySelector[]::new))
                  .configurationParameters(
                      CheckSettings.forSolution(List.of(compiled.classes()), compiled.className()))
                  .execute();
          // A check that skipped itself here is judged in a check JVM (SkippedInProcess).
          boolean failed =
              SkippedInProcess.judgedInACheckJvm(
                      results,
                      entry,
                      entry.puzzle().wrongSource(wrong),
                      work.resolve("fallback-" + entry.id() + "-" + wrong.name() + "-" + i))
                  .map(isolated -> !isolated.passed())
                  .orElse(results.allEvents().failed().count() > 0);
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
                "wrong %s %-28s %2d/%d rejected   median time to reject %5.2f s",
                entry.id(),
                wrong.name(),
                rejected,
                runs,
                median(millis) / 1000.0));
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

package dev.kata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.core.CatalogEntry;
import dev.kata.core.CheckResult;
import dev.kata.core.PuzzleCatalog;
import dev.kata.core.RunResult;
import dev.kata.core.Verdict;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A result printed while its checks run says the same as one printed at the end. */
class ResultPrinterTest {

  private static final CatalogEntry ENTRY = PuzzleCatalog.load(List.of()).require("01");

  private final CheckResult first = new CheckResult("first check", Verdict.PASS, "", "");
  private final CheckResult second =
      new CheckResult("second check", Verdict.FAIL, "invariant: the second broke", "printed");
  private final CheckResult third =
      new CheckResult(
          "third check", Verdict.ERROR, "not run: an earlier check stopped the run", "");
  private final RunResult result =
      new RunResult("01", Verdict.FAIL, "", List.of(first, second, third), Duration.ofMillis(1500));

  @Test
  void aCheckIsPrintedTheMomentItIsGiven() {
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text);
    ResultPrinter.Live live = ResultPrinter.live(out, ENTRY, "Mine.java");

    live.accept(first);
    live.accept(second);

    assertThat(text.toString())
        .contains("01 ", "Mine.java", "first check", "second check", "invariant: the second broke")
        .doesNotContain("third check", "failed");
  }

  @Test
  void theEndPrintsOnlyWhatWasNotShownThenTheSummary() {
    StringWriter streamed = new StringWriter();
    ResultPrinter.Live live = ResultPrinter.live(new PrintWriter(streamed), ENTRY, "Mine.java");
    live.accept(first);
    live.accept(second);
    live.finish(result);
    StringWriter atOnce = new StringWriter();
    ResultPrinter.print(new PrintWriter(atOnce), ENTRY, "Mine.java", result);

    assertThat(streamed.toString()).isEqualTo(atOnce.toString());
    assertThat(streamed.toString().split("first check", -1)).hasSize(2);
    assertThat(streamed.toString())
        .containsSubsequence(
            "first check", "second check", "third check", "1 of 3 checks passed in 1.5 s");
  }

  @Test
  void whyTheRunStoppedFollowsTheChecksAlreadyShown() {
    RunResult stopped =
        new RunResult(
            "01",
            Verdict.FAIL,
            "the check JVM stopped answering and was killed",
            List.of(first, second, third),
            Duration.ofSeconds(2));
    StringWriter text = new StringWriter();
    ResultPrinter.Live live = ResultPrinter.live(new PrintWriter(text), ENTRY, "Mine.java");
    live.accept(first);
    live.finish(stopped);

    assertThat(text.toString())
        .containsSubsequence(
            "first check", "stopped answering", "second check", "third check", "failed");
  }
}

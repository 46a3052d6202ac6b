package dev.kata.cli;

import dev.kata.core.CatalogEntry;
import dev.kata.core.MistakeAnalyser;
import dev.kata.core.MistakeAnalyser.Finding;
import dev.kata.core.RunResult;
import dev.kata.core.Timing;
import dev.kata.core.Verdict;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * The mistake analyser's findings beside a verdict: started with the check and run alongside it,
 * shown after it. Findings never change the verdict; a failure of the analyser costs only the
 * findings.
 */
final class MistakeReport {

  private final CompletableFuture<List<Finding>> findings;

  private MistakeReport(CompletableFuture<List<Finding>> findings) {
    this.findings = findings;
  }

  /**
   * Start analysing a source on a thread of its own, while the check compiles and runs.
   *
   * @param entry the puzzle
   * @param source reads the text that is checked
   */
  static MistakeReport start(CatalogEntry entry, Callable<String> source) {
    CompletableFuture<List<Finding>> findings = new CompletableFuture<>();
    Thread.ofPlatform()
        .name("kata-analyser")
        .daemon(true)
        .start(
            () -> {
              long started = System.nanoTime();
              try {
                findings.complete(MistakeAnalyser.analyse(entry, source.call()));
              } catch (Exception | LinkageError | StackOverflowError e) {
                findings.complete(List.of()); // an unreadable file: the check reports it
              }
              Timing.phase("analysis", started);
            });
    return new MistakeReport(findings);
  }

  /** Get the findings, waiting for the analysis to end; empty if it failed. */
  List<Finding> findings() {
    long waited = System.nanoTime();
    try {
      return findings.join();
    } finally {
      Timing.phase("analysis wait", waited);
    }
  }

  /** Add the findings to a run's results.json as its {@code analysis} array. */
  Map<String, Object> addTo(Map<String, Object> json) {
    json.put("analysis", findings().stream().map(Finding::toJson).toList());
    return json;
  }

  /**
   * Print the findings after a verdict: "this may be why" beside a failure, "passed, but look at
   * line N" on a pass; nothing when the file did not compile (the compiler's errors come first).
   */
  void print(PrintWriter out, RunResult result) {
    List<Finding> found = findings();
    if (found.isEmpty() || result.verdict() == Verdict.ERROR) {
      return;
    }
    if (result.passed()) {
      out.println(
          Style.markup("@|yellow passed, but look at line " + found.getFirst().line() + "|@")
              + (found.size() > 1 ? " (and " + (found.size() - 1) + " more)" : "")
              + ":");
    } else {
      out.println(
          Style.markup("@|yellow this may be why|@")
              + " (kata read your code; the checks above decide):");
    }
    for (Finding finding : found) {
      out.println(
          "  line "
              + finding.line()
              + " "
              + Style.faint("[" + finding.rule() + "]")
              + " "
              + Style.escape(finding.why()));
      out.println(
          "    "
              + Style.faint(
                  "puzzle "
                      + finding.teachingPuzzle()
                      + " teaches this: kata show --puzzle "
                      + finding.teachingPuzzle()));
    }
    out.flush();
  }
}

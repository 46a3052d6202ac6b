package dev.kata.cli;

import dev.kata.core.CatalogEntry;
import dev.kata.core.CheckResult;
import dev.kata.core.RunResult;
import dev.kata.core.Verdict;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Print a run's result for a person: each check with its verdict, and why the failing ones failed.
 */
final class ResultPrinter {

  private static final String INDENT = "      ";

  private ResultPrinter() {}

  static void print(PrintWriter out, CatalogEntry entry, String subject, RunResult result) {
    live(out, entry, subject).finish(result);
  }

  /**
   * Start printing a run's result before it is known: the heading now, each check as it finishes
   * (give {@link Live} to the checker), the rest and the summary at {@link Live#finish}.
   */
  static Live live(PrintWriter out, CatalogEntry entry, String subject) {
    out.println(
        Style.bold(entry.id() + " " + entry.info().title()) + Style.faint(" \u00b7 " + subject));
    out.flush();
    return new Live(out, entry, subject);
  }

  /**
   * A result being printed while the checks run. A learner sees a failure the moment its check
   * fails, not when the last check of the run ends.
   */
  static final class Live implements Consumer<CheckResult> {
    private final PrintWriter out;
    private final CatalogEntry entry;
    private final String subject;
    private final List<CheckResult> shown = new ArrayList<>();

    private Live(PrintWriter out, CatalogEntry entry, String subject) {
      this.out = out;
      this.entry = entry;
      this.subject = subject;
    }

    @Override
    public void accept(CheckResult check) {
      printCheck(out, check);
      shown.add(check);
      out.flush();
    }

    /**
     * Print what the run says beyond the checks already shown (why it stopped, the checks it did
     * not finish), then the summary.
     */
    void finish(RunResult result) {
      if (!result.message().isEmpty()) {
        out.println(indent(Style.escape(result.message()), "  "));
      }
      List<CheckResult> left = new ArrayList<>(result.checks());
      for (CheckResult check : shown) {
        left.remove(check);
      }
      for (CheckResult check : left) {
        printCheck(out, check);
      }
      summary(out, entry, subject, result);
    }
  }

  private static void printCheck(PrintWriter out, CheckResult check) {
    String mark =
        switch (check.verdict()) {
          case PASS -> Style.pass();
          case FAIL -> Style.fail();
          case ERROR -> Style.error();
        };
    out.println("  " + mark + " " + Style.escape(check.name()));
    if (!check.message().isEmpty()) {
      out.println(indent(Style.escape(check.message()), INDENT));
    }
    if (check.verdict() != Verdict.PASS && !check.output().isBlank()) {
      out.println(INDENT + Style.faint("your code printed:"));
      out.println(indent(Style.escape(shorten(check.output().stripTrailing())), INDENT + "  "));
    }
  }

  private static void summary(
      PrintWriter out, CatalogEntry entry, String subject, RunResult result) {
    long passed = result.checks().stream().filter(c -> c.verdict() == Verdict.PASS).count();
    String time = String.format(Locale.ROOT, "%.1f s", result.elapsed().toMillis() / 1000.0);
    String summary =
        switch (result.verdict()) {
          case PASS ->
              Style.markup("@|bold,green passed|@")
                  + ": all "
                  + result.checks().size()
                  + " checks in "
                  + time;
          case FAIL ->
              Style.markup("@|bold,red failed|@")
                  + ": "
                  + passed
                  + " of "
                  + result.checks().size()
                  + " checks passed in "
                  + time
                  + (subject.equals(CheckedSubject.REFERENCE)
                      ? ": the puzzle is broken (see above)"
                      : ". Stuck? kata hint --puzzle " + entry.id());
          case ERROR ->
              Style.markup("@|bold,yellow not checked|@")
                  + ": fix the problem above, then run again";
        };
    out.println(summary);
    out.flush();
  }

  /**
   * How much of a check's output the screen shows: the start, where the first problem usually is.
   */
  static final int SHOWN_LINES = 40;

  static final int SHOWN_CHARS = 4000;

  /**
   * Keep the start of long output, and say how much was left out and where to find it. kata's own
   * note that the check JVM cut the output (its last line) is always kept.
   */
  static String shorten(String output) {
    String text = output.replace("\r\n", "\n");
    String capNote = "";
    int lastLine = text.lastIndexOf('\n');
    if (text.substring(lastLine + 1).startsWith("[kata: ") && text.endsWith("]")) {
      capNote = text.substring(lastLine + 1);
      text = lastLine < 0 ? "" : text.substring(0, lastLine);
    }
    String[] lines = text.split("\n", -1);
    StringBuilder kept = new StringBuilder();
    int shownLines = 0;
    while (shownLines < lines.length
        && shownLines < SHOWN_LINES
        && kept.length() + lines[shownLines].length() <= SHOWN_CHARS) {
      kept.append(lines[shownLines++]).append('\n');
    }
    if (shownLines == 0 && lines.length > 0) {
      // one huge line
      kept.append(lines[0], 0, Math.min(lines[0].length(), SHOWN_CHARS)).append('\n');
      shownLines = 1;
    }
    int cutChars = text.length() - Math.min(text.length(), kept.length());
    if (shownLines < lines.length || cutChars > 0) {
      int cutLines = lines.length - shownLines;
      kept.append("[kata: ")
          .append(cutLines > 0 ? cutLines + " more lines" : cutChars + " more characters")
          .append(" not shown here; kata run --json has them]\n");
    }
    return (kept + capNote).stripTrailing();
  }

  private static String indent(String text, String prefix) {
    return prefix
        + text.stripTrailing().replace("\r\n", "\n").replace("\n", System.lineSeparator() + prefix);
  }
}

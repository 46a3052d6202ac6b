package dev.kata.cli;

import dev.kata.core.CatalogEntry;
import dev.kata.core.CheckResult;
import dev.kata.core.RunResult;
import dev.kata.core.Verdict;
import java.io.PrintWriter;
import java.util.Locale;

/** Print a run's result for a person: each check with its verdict, and why the failing ones failed. */
final class ResultPrinter {

  private static final String INDENT = "      ";

  private ResultPrinter() {}

  static void print(PrintWriter out, CatalogEntry entry, String subject, RunResult result) {
    out.println(Style.bold(entry.id() + " " + entry.info().title()) + Style.faint(" \u00b7 " + subject));
    if (!result.message().isEmpty()) {
      out.println(indent(Style.escape(result.message()), "  "));
    }
    for (CheckResult check : result.checks()) {
      String mark = switch (check.verdict()) {
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
        out.println(indent(Style.escape(check.output().stripTrailing()), INDENT + "  "));
      }
    }
    long passed = result.checks().stream().filter(c -> c.verdict() == Verdict.PASS).count();
    String time = String.format(Locale.ROOT, "%.1f s", result.elapsed().toMillis() / 1000.0);
    String summary = switch (result.verdict()) {
      case PASS -> Style.markup("@|bold,green passed|@") + ": all " + result.checks().size() + " checks in " + time;
      case FAIL -> Style.markup("@|bold,red failed|@") + ": " + passed + " of " + result.checks().size()
          + " checks passed in " + time + (subject.equals(CheckedSubject.REFERENCE)
              ? ": the puzzle is broken (see above)" : ". Stuck? kata hint --puzzle " + entry.id());
      case ERROR -> Style.markup("@|bold,yellow not checked|@") + ": fix the problem above, then run again";
    };
    out.println(summary);
    out.flush();
  }

  private static String indent(String text, String prefix) {
    return prefix + text.stripTrailing().replace("\r\n", "\n").replace("\n", System.lineSeparator() + prefix);
  }
}

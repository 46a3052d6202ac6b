package dev.kata.cli;

import dev.kata.core.CatalogEntry;
import dev.kata.core.Progress;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kata show}: what a puzzle is about and where its file is. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = "Show a puzzle's objective, concepts, JDK APIs, prerequisites, status and file.")
final class ShowCommand implements Callable<Integer> {

  @Mixin GlobalOptions global;

  @Option(
      names = "--puzzle",
      completionCandidates = PuzzleCandidates.class,
      required = true,
      paramLabel = "ID",
      description = "The puzzle: id, number or slug.")
  String puzzle;

  private static final int MAX_FAILED_SHOWN = 5;

  private static String lastResult(Progress.Attempt last) {
    String when =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                .withZone(ZoneId.systemDefault())
                .format(last.at())
            + " ("
            + ago(Duration.between(last.at(), Instant.now()))
            + ")";
    return switch (last.verdict()) {
      case PASS -> "passed, " + when;
      case FAIL ->
          "failed, "
              + when
              + ": "
              + last.failed().size()
              + (last.failed().size() == 1 ? " check" : " checks")
              + " did not pass";
      case ERROR ->
          "not checked, "
              + when
              + (last.failed().isEmpty()
                  ? ": the file did not compile, or the run" + " stopped before any check"
                  : ": " + last.failed().size() + " checks could not judge it");
    };
  }

  private static String ago(Duration elapsed) {
    long minutes = Math.max(0, elapsed.toMinutes());
    if (minutes < 1) {
      return "just now";
    } else if (minutes < 60) {
      return minutes + " min ago";
    } else if (minutes < 48 * 60) {
      return minutes / 60 + " h ago";
    }
    return minutes / (24 * 60) + " days ago";
  }

  @Override
  public Integer call() {
    CatalogEntry entry = global.catalog().require(puzzle);
    WorkspaceSetup.ensure(global);
    CourseState state = new CourseState(global.catalog().ordered(), global.workspace().progress());
    PrintWriter out = global.out();
    out.println(
        Style.bold(entry.id() + " " + entry.info().title())
            + Style.faint("  (" + entry.info().slug() + ", " + entry.origin() + ")"));
    out.println(Style.escape(entry.info().objective()));
    out.println(
        "  difficulty:    "
            + "*".repeat(entry.info().difficulty())
            + " ("
            + entry.info().difficulty()
            + " of 5)");
    out.println("  concepts:      " + Style.escape(String.join(", ", entry.info().concepts())));
    out.println("  JDK APIs:      " + Style.escape(String.join(", ", entry.info().apis())));
    out.println(
        "  prerequisites: "
            + (entry.prerequisites().isEmpty()
                ? "none"
                : String.join(", ", entry.prerequisites())));
    out.println(
        "  status:        " + state.status(entry).name().toLowerCase(java.util.Locale.ROOT));
    out.println("  your file:     " + Style.link(global.workspace().fileOf(entry)));
    Optional<Progress.History> history = global.workspace().progress().history(entry.id());
    if (history.isEmpty()) {
      out.println("  attempts:      none yet");
    } else {
      Progress.History h = history.get();
      out.println("  attempts:      " + h.attempts());
      out.println("  last result:   " + lastResult(h.last()));
      int shown = 0;
      for (String check : h.last().failed()) {
        if (shown++ == MAX_FAILED_SHOWN) {
          out.println(
              "                 ... and "
                  + (h.last().failed().size() - MAX_FAILED_SHOWN)
                  + " more");
          break;
        }
        out.println("                 " + Style.fail() + " " + Style.escape(check));
      }
    }
    out.println(
        Style.faint(
            "Check it: kata run --puzzle "
                + entry.id()
                + "   Hints: kata hint --puzzle "
                + entry.id()
                + (global.workspace().progress().everPassed(entry.id())
                    ? "   Reference: kata solution --puzzle " + entry.id()
                    : "")));
    out.flush();
    return 0;
  }
}

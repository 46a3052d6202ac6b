package dev.kata.cli;

import dev.kata.core.CatalogEntry;
import dev.kata.core.DisplayPath;
import dev.kata.core.Json;
import dev.kata.core.Progress;
import dev.kata.core.PuzzleCatalog;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kata list}: every puzzle in course order, with its status and where it came from. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description =
        "List the puzzles in course order with difficulty, prerequisites, status and source.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:listed",
      "2:a plugin or puzzle is broken (the healthy ones are still listed)"
    })
final class ListCommand implements Callable<Integer> {

  @Mixin GlobalOptions global;

  @Option(names = "--json", description = "Print a JSON array instead of a table.")
  boolean json;

  @Override
  public Integer call() {
    PuzzleCatalog catalog = global.catalog();
    WorkspaceSetup.ensure(global);
    Progress progress = global.workspace().progress();
    PrintWriter out = global.out();
    List<CatalogEntry> entries = catalog.ordered();
    CourseState state = new CourseState(entries, progress);
    if (json) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (CatalogEntry e : entries) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", e.id());
        row.put("slug", e.info().slug());
        row.put("title", e.info().title());
        row.put("difficulty", e.info().difficulty());
        row.put("prerequisites", e.prerequisites());
        row.put("status", state.statusWord(e));
        row.put("source", e.origin());
        row.put("file", global.workspace().fileOf(e).toString());
        rows.add(row);
      }
      out.println(Json.writePretty(rows));
    } else {
      out.println(Style.bold("Progress: ") + state.progressBar());
      int titleWidth =
          Math.max(5, entries.stream().mapToInt(e -> e.info().title().length()).max().orElse(5));
      int idWidth = Math.max(2, entries.stream().mapToInt(e -> e.id().length()).max().orElse(2));
      String format = "%-" + idWidth + "s  %-" + titleWidth + "s  %-5s  %-12s  %-9s  %s";
      out.println(
          Style.faint(String.format(format, "ID", "TITLE", "DIFF", "PREREQS", "STATUS", "SOURCE")));
      for (CatalogEntry e : entries) {
        boolean passed = progress.passed(e.id());
        String prereqs = e.prerequisites().isEmpty() ? "-" : String.join(",", e.prerequisites());
        String line =
            String.format(
                format,
                e.id(),
                e.info().title(),
                stars(e.info().difficulty()),
                prereqs,
                state.statusWord(e),
                e.origin());
        out.println(
            passed
                ? Style.markup("@|green " + Style.escape(line) + "|@")
                : state.status(e) == CourseState.Status.LOCKED
                    ? Style.faint(line)
                    : Style.escape(line));
      }
      String where = "   files are in " + DisplayPath.of(global.workspace().root());
      if (!entries.isEmpty() && state.passed() == state.total()) {
        out.println(
            Style.markup("@|bold,green All " + state.total() + " puzzles passed.|@")
                + Style.faint(
                    " Compare yours with the references: kata solution --puzzle ID --diff"
                        + where));
      } else {
        out.println(
            Style.faint(
                "Next: "
                    + state
                        .next()
                        .map(e -> "kata run --puzzle " + e.id())
                        .orElse("nothing is available (see kata map)")
                    + where));
      }
    }
    out.flush();
    return catalog.problems().isEmpty() ? 0 : Kata.USAGE;
  }

  private static String stars(int difficulty) {
    return "*".repeat(difficulty) + ".".repeat(Math.max(0, 5 - difficulty));
  }
}

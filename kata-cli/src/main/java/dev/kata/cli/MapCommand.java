package dev.kata.cli;

import dev.kata.core.CatalogEntry;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code kata map}: the prerequisite graph as levels, each puzzle marked passed, available or
 * locked, with the puzzles it needs.
 */
@Command(name = "map", mixinStandardHelpOptions = true,
    description = "Draw the prerequisite map: passed, available (all prerequisites passed) or locked.")
final class MapCommand implements Callable<Integer> {

  @Mixin
  GlobalOptions global;

  @Override
  public Integer call() {
    WorkspaceSetup.ensure(global);
    List<CatalogEntry> ordered = global.catalog().ordered();
    CourseState state = new CourseState(ordered, global.workspace().progress());
    // A puzzle's level is one more than its deepest prerequisite's: the course read top to bottom.
    Map<String, Integer> level = new HashMap<>();
    int deepest = 0;
    for (CatalogEntry entry : ordered) {
      int mine = entry.prerequisites().stream().filter(level::containsKey).mapToInt(p -> level.get(p) + 1).max().orElse(0);
      level.put(entry.id(), mine);
      deepest = Math.max(deepest, mine);
    }
    PrintWriter out = global.out();
    out.println(Style.bold("Puzzle map") + "  " + state.progressBar());
    for (int l = 0; l <= deepest; l++) {
      for (CatalogEntry entry : ordered) {
        if (level.get(entry.id()) != l) {
          continue;
        }
        String mark = switch (state.status(entry)) {
          case PASSED -> Style.markup("@|green " + (Style.unicode() ? "\u2713" : "+") + "|@");
          case AVAILABLE -> Style.markup("@|bold,yellow " + (Style.unicode() ? "\u25b6" : ">") + "|@");
          case LOCKED -> Style.faint(Style.unicode() ? "\u00b7" : ".");
        };
        String arrow = Style.unicode() ? "\u2514\u2500 " : "`- ";
        String line = "  ".repeat(l) + (l == 0 ? "" : arrow) + mark + " " + entry.id() + " " + entry.info().title();
        String needs = entry.prerequisites().isEmpty() ? "" : "  needs " + String.join(", ", entry.prerequisites());
        out.println(line + Style.faint(needs));
      }
    }
    out.println(Style.faint("passed " + (Style.unicode() ? "\u2713" : "+") + "   available "
        + (Style.unicode() ? "\u25b6" : ">") + "   locked " + (Style.unicode() ? "\u00b7" : ".")));
    out.flush();
    return 0;
  }
}

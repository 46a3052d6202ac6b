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
 * {@code kata map}: the prerequisite graph as a tree (see {@link PrerequisiteTree}), each puzzle
 * drawn once and marked passed, available or locked, with every puzzle it needs.
 */
@Command(
    name = "map",
    mixinStandardHelpOptions = true,
    description =
        "Draw the prerequisite map: passed, available (all prerequisites passed) or locked.")
final class MapCommand implements Callable<Integer> {

  @Mixin GlobalOptions global;

  @Override
  public Integer call() {
    WorkspaceSetup.ensure(global);
    List<CatalogEntry> ordered = global.catalog().ordered();
    CourseState state = new CourseState(ordered, global.workspace().progress());
    PrintWriter out = global.out();
    out.println(Style.bold("Puzzle map") + "  " + state.progressBar());
    Map<String, CatalogEntry> byId = new HashMap<>();
    List<PrerequisiteTree.Node> nodes =
        ordered.stream()
            .map(
                entry -> {
                  byId.put(entry.id(), entry);
                  return new PrerequisiteTree.Node(entry.id(), entry.prerequisites());
                })
            .toList();
    for (PrerequisiteTree.Line line : PrerequisiteTree.layout(nodes, Style.unicode())) {
      CatalogEntry entry = byId.get(line.node().id());
      String mark =
          switch (state.status(entry)) {
            case PASSED -> Style.markup("@|green " + (Style.unicode() ? "\u2713" : "+") + "|@");
            case AVAILABLE ->
                Style.markup("@|bold,yellow " + (Style.unicode() ? "\u25b6" : ">") + "|@");
            case LOCKED -> Style.faint(Style.unicode() ? "\u00b7" : ".");
          };
      // Every prerequisite is named, not only the one the puzzle is drawn under.
      String needs =
          entry.prerequisites().isEmpty()
              ? ""
              : "  needs " + String.join(", ", entry.prerequisites());
      String branch = line.prefix().isEmpty() ? "" : Style.faint(line.prefix());
      out.println(
          branch + mark + " " + entry.id() + " " + entry.info().title() + Style.faint(needs));
    }
    out.println(
        Style.faint(
            "passed "
                + (Style.unicode() ? "\u2713" : "+")
                + "   available "
                + (Style.unicode() ? "\u25b6" : ">")
                + "   locked "
                + (Style.unicode() ? "\u00b7" : ".")));
    out.flush();
    return 0;
  }
}

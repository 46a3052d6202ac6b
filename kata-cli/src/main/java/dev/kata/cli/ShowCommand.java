package dev.kata.cli;

import dev.kata.core.CatalogEntry;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kata show}: what a puzzle is about and where its file is. */
@Command(name = "show", mixinStandardHelpOptions = true,
    description = "Show a puzzle's objective, concepts, JDK APIs, prerequisites, status and file.")
final class ShowCommand implements Callable<Integer> {

  @Mixin
  GlobalOptions global;

  @Option(names = "--puzzle", required = true, paramLabel = "ID", description = "The puzzle: id, number or slug.")
  String puzzle;

  @Override
  public Integer call() {
    CatalogEntry entry = global.catalog().require(puzzle);
    WorkspaceSetup.ensure(global);
    CourseState state = new CourseState(global.catalog().ordered(), global.workspace().progress());
    PrintWriter out = global.out();
    out.println(Style.bold(entry.id() + " " + entry.info().title()) + Style.faint("  (" + entry.info().slug() + ", "
        + entry.origin() + ")"));
    out.println(Style.escape(entry.info().objective()));
    out.println("  difficulty:    " + "*".repeat(entry.info().difficulty()) + " (" + entry.info().difficulty() + " of 5)");
    out.println("  concepts:      " + Style.escape(String.join(", ", entry.info().concepts())));
    out.println("  JDK APIs:      " + Style.escape(String.join(", ", entry.info().apis())));
    out.println("  prerequisites: " + (entry.prerequisites().isEmpty() ? "none" : String.join(", ", entry.prerequisites())));
    out.println("  status:        " + state.status(entry).name().toLowerCase(java.util.Locale.ROOT));
    out.println("  your file:     " + Style.link(global.workspace().fileOf(entry)));
    out.println(Style.faint("Check it: kata run --puzzle " + entry.id() + "   Hints: kata hint --puzzle " + entry.id()));
    out.flush();
    return 0;
  }
}

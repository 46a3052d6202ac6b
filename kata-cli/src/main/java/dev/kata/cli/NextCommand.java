package dev.kata.cli;

import dev.kata.core.CatalogEntry;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code kata next}: the next puzzle to work on. */
@Command(
    name = "next",
    mixinStandardHelpOptions = true,
    description =
        "Name the next puzzle to solve: the first, in course order, whose prerequisites you have"
            + " passed.")
final class NextCommand implements Callable<Integer> {

  @Mixin GlobalOptions global;

  @Override
  public Integer call() {
    WorkspaceSetup.ensure(global);
    CourseState state = new CourseState(global.catalog().ordered(), global.workspace().progress());
    Optional<CatalogEntry> next = state.next();
    if (next.isEmpty()) {
      global
          .out()
          .println(
              state.passed() == state.total()
                  ? "every puzzle passed: well done"
                  : "nothing is available: see kata map");
    } else {
      CatalogEntry entry = next.get();
      global
          .out()
          .println(
              Style.bold(entry.id() + " " + entry.info().title())
                  + " \u00b7 "
                  + Style.link(global.workspace().fileOf(entry)));
      global.out().println(Style.escape(entry.info().objective()));
      global.out().println(Style.faint("Check it: kata run --puzzle " + entry.id()));
    }
    global.out().flush();
    return 0;
  }
}

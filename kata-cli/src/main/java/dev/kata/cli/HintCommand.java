package dev.kata.cli;

import dev.kata.api.Hints;
import dev.kata.core.CatalogEntry;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kata hint}: the hints of a puzzle, up to the level asked for. */
@Command(
    name = "hint",
    mixinStandardHelpOptions = true,
    description = "Show a puzzle's hints: 1 the concept, 2 the API, 3 the shape of the code.")
final class HintCommand implements Callable<Integer> {

  private static final String[] NAMES = {"concept", "API", "shape of the code"};

  @Mixin GlobalOptions global;

  @Option(
      names = "--puzzle",
      completionCandidates = PuzzleCandidates.class,
      required = true,
      paramLabel = "ID",
      description = "The puzzle: id, number or slug.")
  String puzzle;

  @Option(
      names = "--level",
      paramLabel = "1..3",
      defaultValue = "1",
      description = "Show hints up to this level (default: ${DEFAULT-VALUE}).")
  int level;

  @Override
  public Integer call() {
    if (level < 1 || level > Hints.LEVELS) {
      throw new picocli.CommandLine.ParameterException(
          global.spec.commandLine(), "--level must be 1, 2 or 3 but was " + level);
    }
    CatalogEntry entry = global.catalog().require(puzzle);
    Hints hints = entry.puzzle().hints();
    PrintWriter out = global.out();
    out.println(Style.bold(entry.id() + " " + entry.info().title()));
    for (int i = 1; i <= level; i++) {
      out.println(
          "Hint "
              + i
              + "/"
              + Hints.LEVELS
              + " ("
              + NAMES[i - 1]
              + "): "
              + Style.escape(hints.level(i)));
    }
    if (level < Hints.LEVELS) {
      out.println(
          Style.faint("More: kata hint --puzzle " + entry.id() + " --level " + (level + 1)));
    }
    out.flush();
    return 0;
  }
}

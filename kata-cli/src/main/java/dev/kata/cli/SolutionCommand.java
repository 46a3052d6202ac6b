package dev.kata.cli;

import dev.kata.core.CatalogEntry;
import dev.kata.core.DisplayPath;
import dev.kata.core.KataException;
import dev.kata.core.Workspace;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kata solution}: the puzzle's commented reference, to compare with once the learner's own
 * file has passed. Before that it shows nothing but how to get there, unless {@code --force}.
 */
@Command(
    name = "solution",
    mixinStandardHelpOptions = true,
    description = {
      "Show a puzzle's commented reference solution, once your file has passed its checks.",
      "--diff shows what differs from your file; --side-by-side puts the two next to each other."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:shown",
      "1:your file has not passed yet (pass it first, or add --force)",
      "2:usage or configuration error",
      "3:internal error of kata"
    })
final class SolutionCommand implements Callable<Integer> {

  /** Exit code: the learner's file has not passed the puzzle yet, so nothing was shown. */
  static final int NOT_PASSED = 1;

  @Mixin GlobalOptions global;

  @Option(
      names = "--puzzle",
      required = true,
      paramLabel = "ID",
      description = "The puzzle: id, number or slug.",
      completionCandidates = PuzzleCandidates.class)
  String puzzle;

  @Option(names = "--force", description = "Show it even though your file has not passed yet.")
  boolean force;

  @ArgGroup(exclusive = true)
  Layout layout;

  static final class Layout {
    @Option(names = "--diff", description = "A unified diff from your file to the reference.")
    boolean diff;

    @Option(names = "--side-by-side", description = "Your file and the reference in two columns.")
    boolean sideBySide;
  }

  @Option(
      names = "--width",
      paramLabel = "COLUMNS",
      defaultValue = "${env:COLUMNS:-160}",
      description = "The width of --side-by-side (default: $COLUMNS, else 160).")
  int width;

  @Override
  public Integer call() throws IOException {
    CatalogEntry entry = global.catalog().require(puzzle);
    WorkspaceSetup.ensure(global);
    Workspace workspace = global.workspace();
    PrintWriter out = global.out();
    if (!force && !workspace.progress().everPassed(entry.id())) {
      global
          .err()
          .println(
              "kata: puzzle "
                  + entry.id()
                  + " has not passed yet: the reference is shown once your"
                  + " file passes its checks (kata run --puzzle "
                  + entry.id()
                  + "), or now with --force");
      global.err().flush();
      return NOT_PASSED;
    }
    String reference = entry.puzzle().referenceSource();
    if (layout == null) {
      out.println(
          Style.bold(entry.id() + " " + entry.info().title())
              + Style.faint(" \u00b7 reference solution"));
      out.println(reference.stripTrailing()); // printed as it is: not markup
      out.println(
          Style.faint(
              "Compare with yours: kata solution --puzzle "
                  + entry.id()
                  + " --diff"
                  + "   (or --side-by-side)"));
    } else {
      Path file = workspace.fileOf(entry);
      if (!Files.isRegularFile(file)) {
        throw new KataException(
            "there is no file "
                + file
                + " to compare: kata reset --puzzle "
                + entry.id()
                + " puts the starter back");
      }
      String mine = Files.readString(file, StandardCharsets.UTF_8);
      String yours = "yours: " + DisplayPath.of(file);
      if (layout.diff) {
        String diff = UnifiedDiff.of(yours, mine, "reference", reference);
        out.print(
            diff.isEmpty()
                ? "your file is the reference, line for line" + System.lineSeparator()
                : colour(diff));
      } else {
        out.print(
            UnifiedDiff.sideBySide(
                "yours: " + file.getFileName(), mine, "reference", reference, width));
      }
    }
    out.flush();
    return 0;
  }

  /** Removed lines red, added green, hunk headers faint; plain text without a colour terminal. */
  private static String colour(String diff) {
    StringBuilder out = new StringBuilder();
    for (String line : UnifiedDiff.lines(diff)) {
      if (line.startsWith("---") || line.startsWith("+++")) {
        out.append(Style.bold(line));
      } else if (line.startsWith("@@")) {
        out.append(Style.faint(line));
      } else if (line.startsWith("-")) {
        out.append(Style.markup("@|red " + Style.escape(line) + "|@"));
      } else if (line.startsWith("+")) {
        out.append(Style.markup("@|green " + Style.escape(line) + "|@"));
      } else {
        out.append(line);
      }
      out.append(System.lineSeparator());
    }
    return out.toString();
  }
}

package dev.kata.cli;

import dev.kata.core.CatalogEntry;
import dev.kata.core.Workspace;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kata reset}: put a puzzle's starter back, keeping a backup of the learner's file. */
@Command(
    name = "reset",
    mixinStandardHelpOptions = true,
    description =
        "Restore a puzzle's starter file. Your file, if you changed it, is first copied to"
            + " .kata/backup/ in the workspace.")
final class ResetCommand implements Callable<Integer> {

  @Mixin GlobalOptions global;

  @Option(
      names = "--puzzle",
      completionCandidates = PuzzleCandidates.class,
      required = true,
      paramLabel = "ID",
      description = "The puzzle: id, number or slug.")
  String puzzle;

  @Override
  public Integer call() {
    CatalogEntry entry = global.catalog().require(puzzle);
    Workspace workspace = global.workspace();
    boolean existed = java.nio.file.Files.exists(workspace.fileOf(entry));
    Optional<Path> backup = workspace.reset(entry);
    workspace.progress().record(entry.id(), false);
    global
        .out()
        .println("restored the starter of puzzle " + entry.id() + " in " + workspace.fileOf(entry));
    backup.ifPresent(b -> global.out().println("your previous file is saved as " + b));
    if (existed && backup.isEmpty()) {
      global.out().println("your file was the untouched starter: nothing to back up");
    }
    global.out().flush();
    return 0;
  }
}

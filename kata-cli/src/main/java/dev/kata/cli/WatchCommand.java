package dev.kata.cli;

import dev.kata.core.CatalogEntry;
import dev.kata.core.KataException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kata watch}: re-check the current puzzle on every save. */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description = {
      "Check the first unsolved puzzle, then again on every save of its file.",
      "Keys: n next, h hint (next level each press), l list, r re-run, s the reference solution"
          + " (once passed), q quit.",
      "Without a terminal, type the key and press Enter."
    })
final class WatchCommand implements Callable<Integer> {

  @Mixin GlobalOptions global;

  @Option(
      names = "--puzzle",
      completionCandidates = PuzzleCandidates.class,
      paramLabel = "ID",
      description = "Start here instead of at the first unsolved puzzle.")
  String puzzle;

  @Option(
      names = "--poll",
      description =
          "Look at the file every "
              + WatchSession.POLL_MILLIS
              + " ms instead of using the file system's change events (for network drives or WSL2"
              + " on Windows paths, where they are missing or wrong). Without it, kata polls as"
              + " well, as a fallback.")
  boolean poll;

  @Override
  public Integer call() throws IOException, InterruptedException {
    WorkspaceSetup.ensure(global);
    List<CatalogEntry> course = global.catalog().ordered();
    CourseState state = new CourseState(course, global.workspace().progress());
    if (course.isEmpty()) {
      throw new KataException(
          "there is no puzzle to watch: the course is empty (see the problems above, or"
              + " 'kata list')");
    }
    // orElseGet: the last puzzle is looked up only when every puzzle is passed.
    CatalogEntry start =
        puzzle != null
            ? global.catalog().require(puzzle)
            : state.next().orElseGet(() -> course.get(course.size() - 1));
    boolean singleKeys = Terminal.enterSingleKeyMode();
    try {
      return new WatchSession(
              course,
              global.workspace(),
              global.out(),
              new InputStreamReader(System.in, StandardCharsets.UTF_8),
              singleKeys,
              poll)
          .run(start);
    } finally {
      Terminal.restore();
    }
  }
}

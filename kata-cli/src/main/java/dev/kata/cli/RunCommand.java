package dev.kata.cli;

import dev.kata.core.CatalogEntry;
import dev.kata.core.IsolatedRunner;
import dev.kata.core.Json;
import dev.kata.core.KataException;
import dev.kata.core.RunResult;
import dev.kata.core.SolutionChecker;
import dev.kata.core.Timing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kata run}: compile one solution and run its puzzle's checks in a separate JVM. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Check your solution of one puzzle (or the reference, or any file).",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every check passed",
      "1:a check failed or the file does not compile",
      "2:usage or configuration error",
      "3:internal error of kata"
    })
final class RunCommand implements Callable<Integer> {

  @Mixin GlobalOptions global;

  @Option(
      names = "--puzzle",
      completionCandidates = PuzzleCandidates.class,
      required = true,
      paramLabel = "ID",
      description = "The puzzle: id, number or slug.")
  String puzzle;

  @ArgGroup(exclusive = true)
  Subject subject;

  @Option(
      names = "--json",
      description = "Print results.json (Exercism v3 shape, plus the puzzle id).")
  boolean json;

  @Option(
      names = "--sandbox",
      description =
          "Run the checks under bubblewrap (Linux): no network, a read-only"
              + " file system outside the run folder, no home directory, a scrubbed environment.")
  boolean sandbox;

  static final class Subject {
    @Option(names = "--reference", description = "Check the puzzle's reference solution.")
    boolean reference;

    @Option(
        names = "--file",
        paramLabel = "FILE",
        description = "Check this file instead of your workspace's, for graders.")
    Path file;
  }

  @Override
  public Integer call() throws Exception {
    Timing.sinceJvmStart("command start");
    long catalogStart = System.nanoTime();
    CatalogEntry entry = global.catalog().require(puzzle);
    Timing.phase("catalog", catalogStart);
    // In the sandbox the solution's classes must be in the run folder, the one place it shows: no
    // compile cache.
    SolutionChecker checker =
        sandbox
            ? new SolutionChecker(new IsolatedRunner(dev.kata.api.check.TimeScale.factor(), true))
            : new SolutionChecker(new IsolatedRunner(), global.workspace().compileCache());
    CheckedSubject checked;
    MistakeReport mistakes;
    ResultPrinter.Live live = null;
    boolean learnersFile = false;
    if (subject != null && subject.reference) {
      mistakes = MistakeReport.start(entry, () -> entry.puzzle().referenceSource());
      live = json ? null : ResultPrinter.live(global.out(), entry, CheckedSubject.REFERENCE);
      checked = CheckedSubject.reference(checker, entry, live);
    } else if (subject != null && subject.file != null) {
      Path file = subject.file;
      if (Files.isDirectory(file)) {
        throw new KataException("--file " + file + " is a folder: give the solution's .java file");
      } else if (Files.exists(file) && !Files.isRegularFile(file)) {
        throw new KataException(
            "--file "
                + file
                + " is not a regular file (a device or a pipe?): give the solution's .java file");
      } else if (!Files.isRegularFile(file)) {
        throw new KataException("no such file: " + file);
      }
      mistakes = MistakeReport.start(entry, () -> Files.readString(file));
      ResultPrinter.Live printer =
          json ? null : ResultPrinter.live(global.out(), entry, file.toString());
      live = printer;
      checked =
          new CheckedSubject(
              file.toString(), TempDirs.with(dir -> checker.check(entry, file, dir, printer)));
    } else {
      WorkspaceSetup.ensure(global);
      Path file = global.workspace().fileOf(entry);
      mistakes = MistakeReport.start(entry, () -> Files.readString(file));
      live =
          json
              ? null
              : ResultPrinter.live(
                  global.out(), entry, CheckedSubject.learnersLabel(global.workspace(), entry));
      checked = CheckedSubject.learnersFile(checker, global.workspace(), entry, live);
      learnersFile = true;
    }
    RunResult result = checked.result();
    Timing.sinceJvmStart("verdict");
    if (live == null) {
      global.out().println(Json.writePretty(mistakes.addTo(result.toJson())));
      global.out().flush();
    } else {
      live.finish(result);
      mistakes.print(global.out(), result);
      if (learnersFile && result.passed()) {
        CourseState state =
            new CourseState(global.catalog().ordered(), global.workspace().progress());
        global.out().println(state.afterPass(entry));
        global.out().flush();
      }
    }
    return result.passed() ? 0 : Kata.FAILED;
  }
}

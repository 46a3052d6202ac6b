package dev.kata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.cli.CliRunner.Outcome;
import dev.kata.core.BuildPluginVersions;
import dev.kata.core.Json;
import dev.kata.core.PuzzleCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Runs the kata command as a user would, through picocli, and checks output and exit codes. */
class KataCommandTest {

  /** How many built-in puzzles the course has: derived, so adding puzzle NN changes no test. */
  private static final int COURSE = PuzzleCatalog.load(List.of()).ordered().size();

  /**
   * How many checks puzzle 01 has (its @Test methods): derived, so hardening 01 changes no test.
   */
  private static final int P01_CHECKS =
      (int)
          PuzzleCatalog.load(List.of()).require("01").puzzle().checks().stream()
              .flatMap(type -> java.util.Arrays.stream(type.getDeclaredMethods()))
              .filter(method -> method.isAnnotationPresent(Test.class))
              .count();

  @TempDir Path workspace;

  private Outcome kata(String... args) {
    return new CliRunner(workspace).kata(args);
  }

  /** Every command and subcommand of kata, from picocli's own tree: a new command is tested too. */
  static Stream<String> commands() {
    List<String> paths = new ArrayList<>();
    collect(Kata.commandLine(), "", paths);
    return paths.stream();
  }

  private static void collect(CommandLine command, String prefix, List<String> paths) {
    for (CommandLine sub : new LinkedHashSet<>(command.getSubcommands().values())) {
      if (sub.getCommand() instanceof CommandLine.HelpCommand) {
        continue; // "kata help" is picocli's own; it has no --help
      }
      String path = prefix + sub.getCommandName();
      paths.add(path);
      collect(sub, path + " ", paths);
    }
  }

  @Test
  void theCommandTreeIsFound() {
    assertThat(commands())
        .contains("list", "run", "dev", "dev check", "dev mutants")
        .doesNotHaveDuplicates();
  }

  @ParameterizedTest
  @MethodSource("commands")
  void everyCommandHasHelp(String command) {
    Outcome outcome = kata((command + " --help").split(" "));

    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.out()).contains("Usage: kata " + command);
    CommandLine own = Kata.commandLine();
    for (String name : command.split(" ")) {
      own = own.getSubcommands().get(name);
    }
    if (own.getSubcommands().isEmpty()) {
      assertThat(outcome.out())
          .as("a command that acts takes the global options")
          .contains("--workspace", "--plugin");
    } else {
      assertThat(outcome.out())
          .as("a group lists its commands")
          .contains(own.getSubcommands().keySet());
    }
  }

  @Test
  void rootHelpListsTheCommandsAndExitCodes() {
    Outcome outcome = kata("--help");

    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.out())
        .contains(
            "list",
            "run",
            "hint",
            "verify",
            "reset",
            "Exit codes:",
            "usage or configuration error");
  }

  @Test
  void listShowsEveryPuzzleInOrderAndCreatesTheWorkspace() {
    Outcome outcome = kata("list");

    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.out())
        .contains(
            "0/" + COURSE + " passed", "01  Event loop basics", "available", "locked", "built-in")
        .doesNotContain("pending");
    assertThat(outcome.out().indexOf("01  ")).isLessThan(outcome.out().indexOf("02  "));
    assertThat(outcome.out()).doesNotContain("\u001b[");
    assertThat(outcome.err()).contains("created " + COURSE + " puzzle files");
    assertThat(workspace.resolve("p01_cooperative_yielding/ChunkedWorker.java")).exists();
  }

  @Test
  void listJsonHasOneObjectPerPuzzle() {
    Outcome outcome = kata("list", "--json");

    assertThat(outcome.exitCode()).isZero();
    List<?> rows = (List<?>) Json.parse(outcome.out());
    assertThat(rows).hasSize(COURSE);
    Map<String, Object> first = map(rows.get(0));
    assertThat(first)
        .containsEntry("id", "01")
        .containsEntry("slug", "cooperative-yielding")
        .containsEntry("difficulty", 1L)
        .containsEntry("status", "available")
        .containsEntry("source", "built-in")
        .containsEntry("prerequisites", List.of())
        .containsKey("file");
  }

  @Test
  void referencePassesWithExitZero() {
    Outcome outcome = kata("run", "--puzzle", "1", "--reference");

    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.out())
        .contains(
            "01 Event loop basics", "reference solution", "passed: all " + P01_CHECKS + " checks");
  }

  @Test
  void jsonFollowsTheExercismV3ShapeWithThePuzzleId() {
    Outcome outcome = kata("run", "--puzzle", "cooperative-yielding", "--reference", "--json");

    assertThat(outcome.exitCode()).isZero();
    Map<String, Object> json = map(Json.parse(outcome.out()));
    assertThat(json)
        .containsEntry("version", 3L)
        .containsEntry("puzzle", "01")
        .containsEntry("status", "pass")
        .containsEntry("message", null);
    List<?> tests = (List<?>) json.get("tests");
    assertThat(tests)
        .hasSize(P01_CHECKS)
        .allSatisfy(
            t ->
                assertThat(map(t))
                    .containsEntry("status", "pass")
                    .containsKeys("name", "message", "output"));
  }

  @Test
  void theStarterFailsWithExitOneAndProgressStaysPending() {
    Outcome outcome = kata("run", "--puzzle", "01");

    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.out())
        .contains("invariant:", "expected:", "observed:", "failed:", "kata hint --puzzle 01");
    assertThat(kata("list").out()).contains("0/" + COURSE + " passed");
  }

  @Test
  void aPassingWorkspaceFileIsRecordedAsProgress() throws Exception {
    kata("list");
    Path file = workspace.resolve("p01_cooperative_yielding/ChunkedWorker.java");
    Files.writeString(file, reference("01"));

    Outcome run = kata("run", "--puzzle", "1");

    assertThat(run.exitCode()).isZero();
    assertThat(kata("list").out()).contains("1/" + COURSE + " passed");
    Map<String, Object> first = map(((List<?>) Json.parse(kata("list", "--json").out())).get(0));
    assertThat(first).containsEntry("status", "passed");
  }

  @Test
  void aCompileErrorShowsFileLineAndTheSourceLineWithoutAStackTrace() throws Exception {
    kata("list");
    Path file = workspace.resolve("p01_cooperative_yielding/ChunkedWorker.java");
    Files.writeString(
        file,
        Files.readString(file)
            .replace(
                "return CompletableFuture.completedFuture(null);",
                "return CompletableFuture.completedFuture(null)"));

    Outcome outcome = kata("run", "--puzzle", "1");

    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.out())
        .contains(
            "does not compile",
            "ChunkedWorker.java:",
            ": ';' expected",
            "return CompletableFuture.completedFuture(null)",
            "^");
    assertThat(outcome.out() + outcome.err()).doesNotContain("Exception", "\tat ");
  }

  @Test
  void aSolutionThatCallsSystemExitStillGetsAVerdict() throws Exception {
    Path file = workspace.resolve("Exits.java");
    Files.writeString(
        file,
        """
        package p02_sequential_vs_concurrent;
        import java.util.List;
        import java.util.concurrent.Callable;
        public class ConcurrentFanOut implements dev.kata.puzzles.p02.FanOut {
          public <T> List<T> runAll(List<Callable<T>> tasks) {
            System.exit(0);
            return List.of();
          }
        }
        """);

    Outcome outcome = kata("run", "--puzzle", "2", "--file", file.toString());

    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.out())
        .contains(
            "your code called System.exit(0)",
            "at p02_sequential_vs_concurrent.ConcurrentFanOut.runAll(ConcurrentFanOut.java:6)")
        .doesNotContain("PropertyChecks");
  }

  @Test
  void unknownPuzzleIsAUsageErrorOnOneLine() {
    Outcome outcome = kata("run", "--puzzle", "99");

    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.err().strip())
        .isEqualTo("kata: unknown puzzle '99': give an id, number or slug from 'kata list'");
  }

  @Test
  void aFolderOrADeviceGivenAsTheFileIsNamedForWhatItIs() {
    // Before: both were "no such file".
    Outcome folder = kata("run", "--puzzle", "1", "--file", workspace.toString());

    assertThat(folder.exitCode()).isEqualTo(2);
    assertThat(folder.err().strip())
        .startsWith("kata: --file ")
        .endsWith("is a folder: give the solution's .java file");
    if (Files.exists(Path.of("/dev/zero"))) {
      Outcome device = kata("run", "--puzzle", "1", "--file", "/dev/zero");
      assertThat(device.exitCode()).isEqualTo(2);
      assertThat(device.err().strip())
          .isEqualTo(
              "kata: --file /dev/zero is not a regular file (a device or a pipe?):"
                  + " give the solution's .java file");
    }
  }

  @Test
  void theSandboxRunsTheReferenceOrSaysWhyItCannot() {
    Outcome outcome = kata("run", "--puzzle", "1", "--reference", "--sandbox");

    if (dev.kata.core.IsolatedRunner.sandboxUnavailable().isPresent()) {
      assertThat(outcome.exitCode()).isEqualTo(2);
      assertThat(outcome.err().strip())
          .startsWith("kata: --sandbox is not available here: ")
          .doesNotContain("\n");
    } else {
      assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isZero();
    }
  }

  @Test
  void missingFileIsAUsageErrorOnOneLine() {
    Outcome outcome =
        kata("run", "--puzzle", "1", "--file", workspace.resolve("nope.java").toString());

    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.err().strip()).startsWith("kata: no such file: ").doesNotContain("\n");
  }

  @Test
  void garbageArgumentsAreUsageErrorsOnOneLine() {
    for (String[] args :
        List.of(
            new String[] {"frobnicate"},
            new String[] {"run", "--bogus"},
            new String[] {"run"},
            new String[] {"run", "--puzzle", "1", "--reference", "--file", "x.java"},
            new String[] {"hint", "--puzzle", "1", "--level", "seven"})) {
      Outcome outcome = kata(args);
      assertThat(outcome.exitCode()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(outcome.err().strip())
          .as(String.join(" ", args))
          .startsWith("kata: ")
          .doesNotContain("\n");
    }
  }

  @Test
  void unreadablePluginJarIsNamedAndTheBuiltInsStillList() throws Exception {
    Path corrupt = Files.write(workspace.resolve("broken.jar"), new byte[] {0, 1, 2});

    Outcome outcome = kata("list", "--plugin", corrupt.toString());

    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.err()).contains("kata: plugin broken.jar: not a readable jar");
    assertThat(outcome.out()).contains("01  Event loop basics");
  }

  @Test
  void aBrokenJarInThePluginsFolderDoesNotStopRunningABuiltIn() throws Exception {
    Files.createDirectories(workspace.resolve("plugins"));
    Files.write(workspace.resolve("plugins/broken.jar"), new byte[] {0, 1, 2});

    Outcome outcome = kata("run", "--puzzle", "1", "--reference");

    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.err()).contains("plugin broken.jar: not a readable jar");
  }

  @Test
  void hintShowsLevelsUpToTheOneAskedFor() {
    Outcome first = kata("hint", "--puzzle", "2");
    Outcome two = kata("hint", "--puzzle", "2", "--level", "2");

    assertThat(first.exitCode()).isZero();
    assertThat(first.out())
        .contains("Hint 1/3 (concept)", "More: kata hint --puzzle 02 --level 2")
        .doesNotContain("Hint 2/3");
    assertThat(two.out()).contains("Hint 1/3", "Hint 2/3 (API)").doesNotContain("Hint 3/3");
    assertThat(kata("hint", "--puzzle", "2", "--level", "4").exitCode()).isEqualTo(2);
  }

  @Test
  void resetBacksUpTheLearnersFileFirst() throws Exception {
    kata("list");
    Path file = workspace.resolve("p01_cooperative_yielding/ChunkedWorker.java");
    Files.writeString(file, "// my precious work");

    Outcome outcome = kata("reset", "--puzzle", "1");

    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.out())
        .contains("restored the starter of puzzle 01", "your previous file is saved as");
    assertThat(Files.readString(file)).contains("// TODO");
    try (var backups = Files.walk(workspace.resolve(".kata/backup"))) {
      assertThat(backups.filter(Files::isRegularFile).toList())
          .singleElement()
          .satisfies(b -> assertThat(Files.readString(b)).isEqualTo("// my precious work"));
    }
  }

  @Test
  void verifyReferenceChecksEveryPuzzleInOrder() {
    Outcome outcome = kata("verify", "--reference");

    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.out()).contains(COURSE + " of " + COURSE + " puzzles passed");
  }

  @Test
  void verifyStopsAtTheFirstFailureUnlessToldToKeepGoing() throws Exception {
    kata("list");
    // Files that do not compile fail at once; starters would run every check of every puzzle to
    // its time limit, a minute of the build spent on what the contract test already proves.
    for (var entry : PuzzleCatalog.load(List.of()).ordered()) {
      Files.writeString(workspace.resolve(entry.puzzle().solutionFile()), "class Unfinished {");
    }
    Outcome stop = kata("verify");
    Outcome all = kata("verify", "--keep-going", "--json");

    assertThat(stop.exitCode()).isEqualTo(1);
    assertThat(stop.out())
        .contains("01 Event loop basics", "0 of " + COURSE + " puzzles passed", "--keep-going")
        .doesNotContain("02 Sequential");
    assertThat(all.exitCode()).isEqualTo(1);
    assertThat((List<?>) Json.parse(all.out()))
        .hasSize(COURSE)
        .allSatisfy(
            r -> assertThat(map(r)).containsEntry("version", 3L).containsEntry("status", "error"));
  }

  @Test
  void aCorruptProgressFileIsReportedAndRebuilt() throws Exception {
    Files.createDirectories(workspace.resolve(".kata"));
    Files.writeString(workspace.resolve(".kata/progress.properties"), "01 = garbage");

    Outcome outcome = kata("list");

    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.err())
        .contains("progress file", "was unreadable", "starting from empty progress");
    assertThat(outcome.out()).contains("0/" + COURSE + " passed");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object json) {
    return (Map<String, Object>) json;
  }

  @Test
  void nextShowAndMapFollowTheLearnersProgress() throws Exception {
    Outcome fresh = kata("next");
    assertThat(fresh.exitCode()).isZero();
    assertThat(fresh.out())
        .contains("01 Event loop basics", "p01_cooperative_yielding/ChunkedWorker.java");

    Files.writeString(
        workspace.resolve("p01_cooperative_yielding/ChunkedWorker.java"), reference("01"));
    assertThat(kata("run", "--puzzle", "1").exitCode()).isZero();

    assertThat(kata("next").out()).contains("02 Sequential vs concurrent");
    Outcome map = kata("map");
    assertThat(map.exitCode()).isZero();
    assertThat(map.out())
        .contains("1/" + COURSE + " passed")
        .containsPattern("(\u2713|\\+) 01 Event loop basics")
        .containsPattern("(\u25b6|>) 02 Sequential vs concurrent  needs 01")
        .containsPattern("(\u00b7|\\.) 03 Input order vs completion order  needs 02");
    Outcome show = kata("show", "--puzzle", "lock-ordering");
    assertThat(show.exitCode()).isZero();
    assertThat(show.out())
        .contains(
            "09 Locks and deadlocks",
            "concepts:",
            "deadlock",
            "JDK APIs:",
            "ReentrantLock",
            "prerequisites: 05",
            "status:        locked",
            "p09_lock_ordering/SafeBank.java");
  }

  @Test
  void completionPrintsABashScript() {
    Outcome outcome = kata("completion");

    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.out())
        .startsWith("#!/usr/bin/env bash")
        .contains("complete -F", "verify", "--puzzle");
  }

  @Test
  void checkPluginNamesAnUnreadableOrMissingJarInOneLineWithExit2() throws Exception {
    Path corrupt = workspace.resolveSibling(workspace.getFileName() + "-corrupt.jar");
    Files.write(corrupt, new byte[] {'P', 'K', 1, 2});

    Outcome bad = kata("check-plugin", corrupt.toString());
    Outcome missing = kata("check-plugin", corrupt.resolveSibling("absent.jar").toString());

    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err())
        .contains("kata: plugin " + corrupt.getFileName() + ": not a readable jar (")
        .doesNotContain("Exception\n\tat");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("absent.jar: no such file");
  }

  @Test
  void newRefusesACollidingIdAnUnknownPrerequisiteAndAnOccupiedFolder() throws Exception {
    Path occupied = Files.createDirectories(workspace.resolve("occupied"));
    Files.writeString(occupied.resolve("keep.txt"), "mine");

    Outcome collides = kata("new", workspace.resolve("a").toString(), "--id", "06");
    Outcome unknown = kata("new", workspace.resolve("b").toString(), "--prerequisite", "99");
    Outcome taken = kata("new", occupied.toString());
    Outcome badSlug = kata("new", workspace.resolve("c").toString(), "--slug", "Not A Slug");

    assertThat(collides.exitCode()).isEqualTo(2);
    assertThat(collides.err())
        .contains("id '06' is already used by built-in puzzle 'Concurrency budget'");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("prerequisite '99' is not a known puzzle");
    assertThat(taken.exitCode()).isEqualTo(2);
    assertThat(taken.err()).contains("already exists and is not an empty folder");
    assertThat(occupied.resolve("keep.txt")).hasContent("mine");
    assertThat(badSlug.exitCode()).isEqualTo(2);
    assertThat(workspace.resolve("a")).doesNotExist();
    assertThat(workspace.resolve("b")).doesNotExist();
    assertThat(workspace.resolve("c")).doesNotExist();
  }

  @Test
  void newNamesThePuzzleClassForThePuzzleAndPinsKatasOwnPluginVersions() throws Exception {
    Path project = workspace.resolve("authors/rate-limiter");

    Outcome created = kata("new", project.toString());

    assertThat(created.exitCode()).as(created.err()).isZero();
    Path sources = project.resolve("src/main/java/com/example/kata/ratelimiter");
    assertThat(sources.resolve("RateLimiter.java"))
        .content()
        .contains("public final class RateLimiter implements Puzzle", "RateLimiterChecks.class");
    assertThat(sources.resolve("RateLimiterChecks.java")).isRegularFile();
    assertThat(project.resolve("src/test/java/com/example/kata/ratelimiter/ContractTest.java"))
        .content()
        .contains("PuzzleContract.forPuzzles(RateLimiter.class)");
    String pom = Files.readString(project.resolve("pom.xml"));
    assertThat(pom).doesNotContain("__");
    BuildPluginVersions.all()
        .forEach(
            (artifact, version) ->
                assertThat(pom)
                    .containsPattern(
                        "<artifactId>"
                            + artifact
                            + "</artifactId>\\s*<version>"
                            + version.replace(".", "\\.")
                            + "</version>"));
  }

  @Test
  void newRefusesASlugWhosePuzzleClassWouldClashWithTheGeneratedFiles() {
    Outcome contract = kata("new", workspace.resolve("d").toString(), "--slug", "fan-out");
    Outcome javaLang = kata("new", workspace.resolve("e").toString(), "--slug", "string");

    assertThat(contract.exitCode()).isEqualTo(2);
    assertThat(contract.err())
        .contains(
            "slug 'fan-out' would name the puzzle class FanOut, a name the generated project"
                + " already uses; choose another --slug");
    assertThat(javaLang.exitCode()).isEqualTo(2);
    assertThat(javaLang.err()).contains("would name the puzzle class String");
    assertThat(workspace.resolve("d")).doesNotExist();
    assertThat(workspace.resolve("e")).doesNotExist();
  }

  @Test
  void theWorkspaceGetsABuildFileForIdesThatKataKeepsCurrent() throws Exception {
    kata("list");
    Path pom = workspace.resolve("pom.xml");
    assertThat(pom)
        .content()
        .startsWith("<!-- Generated by kata")
        .contains(
            "<artifactId>kata-puzzles</artifactId>",
            "<include>p01_cooperative_yielding/**/*.java</include>",
            "<include>p10_cpu_offload/**/*.java</include>")
        .doesNotContain("<systemPath>");

    Files.createDirectories(workspace.resolve("plugins"));
    Files.write(workspace.resolve("plugins/extra.jar"), new byte[] {1});
    kata("list");
    assertThat(pom)
        .content()
        .contains("<systemPath>${project.basedir}/plugins/extra.jar</systemPath>");

    Files.writeString(pom, "<project>mine</project>");
    kata("list");
    assertThat(pom).hasContent("<project>mine</project>");
  }

  // ---- issue 18: the solution after a pass, and a course that always says what next ----

  @Test
  void aPassPrintsTheNextStepAndUnlocksTheSolutionWhichShowsAsReferenceDiffOrSideBySide()
      throws Exception {
    kata("list");
    Outcome locked = kata("solution", "--puzzle", "1");
    assertThat(locked.exitCode()).isEqualTo(SolutionCommand.NOT_PASSED);
    assertThat(locked.out()).isEmpty();
    assertThat(locked.err().strip())
        .isEqualTo(
            "kata: puzzle 01 has not passed yet: the reference is shown once your"
                + " file passes its checks (kata run --puzzle 01), or now with --force");
    Outcome forced = kata("solution", "--puzzle", "cooperative-yielding", "--force");
    assertThat(forced.exitCode()).isZero();
    assertThat(forced.out())
        .contains("01 Event loop basics \u00b7 reference solution", reference("01").strip());

    Path file = workspace.resolve("p01_cooperative_yielding/ChunkedWorker.java");
    Files.writeString(file, reference("01"));
    Outcome run = kata("run", "--puzzle", "1");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains(
            "Next: kata run --puzzle 02 (Sequential vs concurrent)",
            "Compare with the reference: kata solution --puzzle 01");

    Outcome shown = kata("solution", "--puzzle", "01");
    assertThat(shown.exitCode()).isZero();
    assertThat(shown.out()).contains(reference("01").strip(), "kata solution --puzzle 01 --diff");
    assertThat(kata("solution", "--puzzle", "1", "--diff").out().strip())
        .isEqualTo("your file is the reference, line for line");

    // Having passed once, the reference stays available while the learner changes their file.
    String mine = reference("01").replaceFirst("\n", "\n// my own note\n");
    Files.writeString(file, mine);
    Outcome diff = kata("solution", "--puzzle", "1", "--diff");
    assertThat(diff.exitCode()).isZero();
    assertThat(diff.out())
        .startsWith("--- yours: ")
        .contains("+++ reference", "@@ -1,5 +1,4 @@", "-// my own note")
        .isEqualTo(
            UnifiedDiff.of(
                diff.out().lines().findFirst().orElseThrow().substring(4),
                mine,
                "reference",
                reference("01")));
    Outcome sideBySide = kata("solution", "--puzzle", "1", "--side-by-side", "--width", "81");
    assertThat(sideBySide.exitCode()).isZero();
    assertThat(sideBySide.out().lines())
        .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(81));
    assertThat(sideBySide.out())
        .contains("yours: ChunkedWorker.java", "reference")
        .containsPattern("// my own note +<");
    assertThat(kata("solution", "--puzzle", "1", "--diff", "--side-by-side").exitCode())
        .isEqualTo(2);
  }

  @Test
  void listSaysPassedAvailableOrLockedAndSaysSoWhenEverythingIsPassed() {
    kata("list");
    var progress = dev.kata.core.Workspace.at(workspace).progress();
    progress.record("01", true);

    Outcome some = kata("list");
    assertThat(some.out())
        .containsPattern("01  Event loop basics +\\*\\.{4}  - +passed")
        .containsPattern("02  Sequential vs concurrent +\\*\\.{4}  01 +available")
        .containsPattern("03  Input order vs completion order +\\*\\.{4}  02 +locked")
        .contains("Next: kata run --puzzle 02");
    Map<String, Object> third = map(((List<?>) Json.parse(kata("list", "--json").out())).get(2));
    assertThat(third).containsEntry("status", "locked");

    for (var entry : PuzzleCatalog.load(List.of()).ordered()) {
      progress.record(entry.id(), true);
    }
    Outcome all = kata("list");
    assertThat(all.exitCode()).isZero();
    assertThat(all.out())
        .contains("All " + COURSE + " puzzles passed.")
        .doesNotContain("Next:", "nothing available");
  }

  @Test
  void showGivesTheAttemptsAndTheLastResultWithTheChecksThatFailed() throws Exception {
    kata("list");
    assertThat(kata("show", "--puzzle", "2").out()).contains("attempts:      none yet");
    Path file = workspace.resolve("p02_sequential_vs_concurrent/ConcurrentFanOut.java");
    Files.writeString(
        file,
        """
        package p02_sequential_vs_concurrent;
        import java.util.List;
        import java.util.concurrent.Callable;
        public class ConcurrentFanOut implements dev.kata.puzzles.p02.FanOut {
          public <T> List<T> runAll(List<Callable<T>> tasks) {
            return List.of();
          }
        }
        """);
    assertThat(kata("run", "--puzzle", "2").exitCode()).isEqualTo(1);

    Outcome failed = kata("show", "--puzzle", "2");
    assertThat(failed.exitCode()).isZero();
    assertThat(failed.out())
        .contains("attempts:      1", "(just now)")
        .containsPattern("last result:   failed, .*: \\d+ checks? did not pass")
        .doesNotContain("Reference: kata solution");
    var history = dev.kata.core.Workspace.at(workspace).progress().history("02").orElseThrow();
    List<String> failedChecks = history.last().failed();
    assertThat(failedChecks).isNotEmpty();
    assertThat(failedChecks.stream().limit(5).toList()) // show names five, and counts the rest
        .allSatisfy(name -> assertThat(failed.out()).contains(name));
    if (failedChecks.size() > 5) {
      assertThat(failed.out()).contains("... and " + (failedChecks.size() - 5) + " more");
    }

    Files.writeString(file, "class Broken {");
    assertThat(kata("run", "--puzzle", "2").exitCode()).isEqualTo(1);
    assertThat(kata("show", "--puzzle", "2").out())
        .contains("attempts:      2", "last result:   not checked, ", "the file did not compile");
  }

  @Test
  void completionCompletesPuzzleIdsNumbersAndSlugs() {
    Outcome outcome = kata("completion");

    assertThat(outcome.exitCode()).isZero();
    String candidates =
        outcome
            .out()
            .lines()
            .filter(l -> l.contains("\"cooperative-yielding\""))
            .findFirst()
            .orElseThrow();
    assertThat(candidates)
        .contains("\"01\"", "\"1\"", "\"cooperative-yielding\"", "\"10\"", "\"lock-ordering\"");
    assertThat(outcome.out()).contains("complete -F _complete_kata -o default ./kata");
  }

  @Test
  void aMistypedCommandOrOptionGetsADidYouMean() {
    Outcome command = kata("lst");
    Outcome option = kata("run", "--puzzle", "1", "--refrence");

    assertThat(command.exitCode()).isEqualTo(2);
    assertThat(command.err().strip())
        .isEqualTo(
            "kata: unknown command or argument 'lst': did you mean 'list'?"
                + " (see 'kata --help')");
    assertThat(option.exitCode()).isEqualTo(2);
    assertThat(option.err().strip())
        .startsWith("kata: unknown option '--refrence': did you mean '--reference'")
        .doesNotContain("\n");
  }

  @Test
  void helpNeverBreaksAWordAtItsPunctuation() {
    // Before: "else ./workspace" came out as "else .\n /workspace", "CONTRIBUTING.md" as
    // "CONTRIBUTING. md".
    List<picocli.CommandLine> commands = new java.util.ArrayList<>();
    collect(Kata.commandLine(), commands);
    for (picocli.CommandLine command : commands) {
      String help = command.getUsageMessage(picocli.CommandLine.Help.Ansi.OFF);
      java.util.Set<String> shown = new java.util.HashSet<>(List.of(help.split("\\s+")));
      var spec = command.getCommandSpec();
      List<String> texts = new java.util.ArrayList<>(List.of(spec.usageMessage().description()));
      spec.options().forEach(o -> texts.addAll(List.of(o.description())));
      for (String text : texts) {
        for (String word : HelpText.strip(text).split("\\s+")) {
          if (!word.isEmpty() && !word.matches(".*[$%{}@|].*")) {
            assertThat(shown)
                .as("'%s' in the help of %s:%n%s", word, spec.qualifiedName(), help)
                .contains(word);
          }
        }
      }
      assertThat(help).doesNotContain("\ufeff");
    }
    assertThat(kata("run", "--help").out()).contains("./workspace");
    assertThat(kata("reset", "--help").out()).contains(".kata/backup/");
  }

  private static void collect(picocli.CommandLine command, List<picocli.CommandLine> into) {
    into.add(command);
    command.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, into));
  }

  @Test
  void resetOfAnUntouchedStarterMakesNoBackup() {
    kata("list");

    Outcome outcome = kata("reset", "--puzzle", "1");

    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.out())
        .contains("your file was the untouched starter: nothing to back up")
        .doesNotContain("saved as");
    assertThat(workspace.resolve(".kata/backup")).doesNotExist();
  }

  @Test
  void longOutputOfAFailingCheckIsCutWithANoteOnScreenAndInJson() throws Exception {
    Path file = workspace.resolve("Chatty.java");
    Files.writeString(
        file,
        """
        package p02_sequential_vs_concurrent;
        import java.util.List;
        import java.util.concurrent.Callable;
        public class ConcurrentFanOut implements dev.kata.puzzles.p02.FanOut {
          public <T> List<T> runAll(List<Callable<T>> tasks) {
            for (int i = 0; i < 3000; i++) {
              System.out.println("line " + i + " of what my code printed");
            }
            return List.of();
          }
        }
        """);

    Outcome screen = kata("run", "--puzzle", "2", "--file", file.toString());
    Outcome json = kata("run", "--puzzle", "2", "--file", file.toString(), "--json");

    assertThat(screen.exitCode()).isEqualTo(1);
    assertThat(screen.out())
        .contains(
            "your code printed:",
            "line 0 of what my code printed",
            "line " + (ResultPrinter.SHOWN_LINES - 1) + " of what my code printed",
            "not shown here; kata run --json has them",
            "more bytes cut; a check keeps the first 16 KB of what your code prints]")
        .doesNotContain("line " + ResultPrinter.SHOWN_LINES + " of what my code printed");
    assertThat(json.exitCode()).isEqualTo(1);
    List<?> tests = (List<?>) map(Json.parse(json.out())).get("tests");
    String output =
        tests.stream()
            .map(t -> (String) map(t).get("output"))
            .filter(o -> o != null && !o.isEmpty())
            .findFirst()
            .orElseThrow();
    assertThat(output)
        .startsWith("line 0 of what my code printed")
        .containsPattern(
            "\\[kata: \\d+ more bytes cut; a check keeps the first 16 KB of what your code"
                + " prints]$");
    assertThat(output.length()).isBetween(16 * 1024, 17 * 1024);
  }

  private static String reference(String id) {
    return dev.kata.core.PuzzleCatalog.load(List.of()).require(id).puzzle().referenceSource();
  }
}

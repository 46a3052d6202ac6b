package dev.kata.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.kata.api.Hints;
import dev.kata.api.KataPuzzle;
import dev.kata.api.Puzzle;
import dev.kata.api.WrongSolution;
import dev.kata.core.CatalogEntry;
import dev.kata.core.CatalogProblem;
import dev.kata.core.CheckSettings;
import dev.kata.core.Compilation;
import dev.kata.core.FileTrees;
import dev.kata.core.IsolatedRunner;
import dev.kata.core.PuzzleCatalog;
import dev.kata.core.PuzzleRules;
import dev.kata.core.RunResult;
import dev.kata.core.SolutionChecker;
import dev.kata.core.SolutionCompiler;
import dev.kata.core.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * The contract every puzzle must meet, built-in or third-party: the same code validates both.
 *
 * <p>Return it from a {@code @TestFactory} in your puzzle project's tests:
 *
 * <pre>{@code
 * class ContractTest {
 *   @TestFactory
 *   Stream<DynamicNode> meetsTheKataContract() {
 *     return PuzzleContract.forPuzzles(BlockingConnectionPool.class);
 *   }
 * }
 * }</pre>
 *
 * <p>For each puzzle it proves: kata's catalog loads it beside the built-in puzzles with no problem
 * (id, slug, prerequisites, sources, solution file); its metadata and hints are complete; it has at
 * least three known-wrong solutions, and lists every one under {@code wrong/} (the authoring rules
 * of {@link PuzzleRules}, which {@code kata check-plugin} applies too); the starter compiles, has
 * {@code // TODO} markers and fails its checks; the reference passes every check; every wrong
 * solution is rejected; and every mutant of the reference ({@link MutationAnalysis}) that is not
 * declared equivalent is killed. A solution none of whose checks failed in process, but one of
 * whose checks skipped itself there, unable to judge in a JVM that had run other solutions of the
 * puzzle, is judged again in a check JVM of its own: a skipped check never counts as a pass. The
 * checks run with kata's own configuration (per-check time limit, thread hygiene) through the JUnit
 * Platform test kit (a wrong solution's run stops at its first failed check); the reference and one
 * wrong solution run once more through kata's own isolated check JVM, the path a learner's run
 * takes (every wrong solution with {@code -Dkata.contract.isolated=all}). {@code
 * -Dkata.contract.puzzles=04,acme.pool} limits {@link #forEveryPuzzle()} to those puzzles.
 */
public final class PuzzleContract {

  /** A puzzle must document at least this many realistic mistakes. */
  public static final int MIN_WRONG_SOLUTIONS = PuzzleRules.MIN_WRONG_SOLUTIONS;

  /**
   * The system property that bounds how many mutants the gate runs per puzzle: a number or {@code
   * all}.
   */
  public static final String MUTANT_LIMIT_PROPERTY = "kata.mutants.limit";

  /** How many mutants per puzzle the gate runs unless told otherwise. */
  public static final int DEFAULT_MUTANT_LIMIT = 16;

  /**
   * The system property that runs every wrong solution through the isolated runner too: {@code
   * all}.
   */
  public static final String ISOLATED_PROPERTY = "kata.contract.isolated";

  /** The system property that limits the contract to some puzzle ids, comma-separated. */
  public static final String PUZZLES_PROPERTY = "kata.contract.puzzles";

  private PuzzleContract() {}

  /**
   * Validate the given puzzles, which must be registered as services on the test class path (with
   * {@code @AutoService(Puzzle.class)}, as the plugin jar will register them).
   *
   * @param puzzles the puzzle classes of your project
   * @return one container of tests per puzzle
   */
  @SafeVarargs
  public static Stream<DynamicNode> forPuzzles(Class<? extends Puzzle>... puzzles) {
    PuzzleCatalog catalog = PuzzleCatalog.load(List.of());
    Path work = tempDirectory();
    // Copied element by element: handing the array itself on would void @SafeVarargs.
    List<Class<? extends Puzzle>> types = new ArrayList<>();
    for (Class<? extends Puzzle> type : puzzles) {
      types.add(type);
    }
    return types.stream()
        .map(
            type -> {
              var entry =
                  catalog.ordered().stream().filter(e -> e.puzzle().getClass() == type).findFirst();
              if (entry.isEmpty()) {
                return (DynamicNode)
                    dynamicTest(
                        type.getSimpleName() + " is in kata's catalog",
                        () ->
                            assertThat(messages(catalog))
                                .as(
                                    type.getName()
                                        + " was not loaded; is it registered with"
                                        + " @AutoService(Puzzle.class)? The catalog's problems")
                                .isEmpty());
              }
              return container(catalog, entry.get(), work);
            })
        .onClose(() -> FileTrees.deleteQuietly(work));
  }

  /**
   * Validate every puzzle on the class path: the built-in ones and any others found there.
   *
   * @return one container of tests per puzzle, in course order
   */
  public static Stream<DynamicNode> forEveryPuzzle() {
    return forEveryPuzzle(1, 1);
  }

  /**
   * Validate one part of every puzzle on the class path, so that a build can spread the contract
   * over several test JVMs (one test class per part): part {@code part} of {@code parts} holds the
   * {@code part}-th puzzle in course order and every {@code parts}-th after it. Taking every other
   * puzzle, rather than the first half, keeps the parts of a similar size, since later puzzles tend
   * to take longer.
   *
   * @param part which part, from 1
   * @param parts how many parts the puzzles are split into
   * @return one container of tests per puzzle of that part, in course order
   */
  public static Stream<DynamicNode> forEveryPuzzle(int part, int parts) {
    if (parts < 1 || part < 1 || part > parts) {
      throw new IllegalArgumentException(
          "part " + part + " of " + parts + ": need 1 <= part <= parts");
    }
    PuzzleCatalog catalog = PuzzleCatalog.load(List.of());
    List<CatalogEntry> ordered = catalog.ordered();
    Path work = tempDirectory();
    return IntStream.range(0, ordered.size())
        .filter(index -> index % parts == part - 1)
        .mapToObj(ordered::get)
        .filter(PuzzleContract::selected)
        .map(entry -> container(catalog, entry, work))
        .onClose(() -> FileTrees.deleteQuietly(work));
  }

  private static DynamicNode container(PuzzleCatalog catalog, CatalogEntry entry, Path work) {
    List<DynamicNode> tests = new ArrayList<>();
    tests.add(
        dynamicTest(
            "loads into kata's catalog with no problem",
            () ->
                assertThat(messages(catalog))
                    .as("problems kata reports while loading the puzzles")
                    .isEmpty()));
    tests.add(dynamicTest("metadata is complete", () -> metadataIsComplete(catalog, entry)));
    tests.add(dynamicTest("hints are non-empty at every level", () -> hintsAreNonEmpty(entry)));
    tests.add(
        dynamicTest(
            "the starter compiles, has TODO markers and fails its checks",
            () -> {
              assertThat(PuzzleRules.starterHasNoTodo(entry).map(CatalogProblem::message))
                  .as("the starter")
                  .isEmpty();
              assertRejected(entry, work, "starter", entry.puzzle().starterSource(), "the starter");
            }));
    tests.add(
        dynamicTest(
            "the reference passes every check",
            () -> {
              EngineExecutionResults results =
                  run(entry, work, "reference", entry.puzzle().referenceSource());
              assertThat(failures(results)).as("failed checks of the reference").isEmpty();
              assertThat(results.testEvents().started().count())
                  .as("checks run against the reference")
                  .isPositive();
              // A check that skipped itself here, unable to judge in this JVM (an interleaving
              // exploration of a second class of a name), is judged by the check JVM run below.
              assertThat(
                      results.testEvents().succeeded().count()
                          + results.testEvents().aborted().count())
                  .as("checks passed by the reference")
                  .isEqualTo(results.testEvents().started().count());
            }));
    for (WrongSolution wrong : entry.puzzle().wrongSolutions()) {
      tests.add(
          dynamicTest(
              "wrong solution '" + wrong.name() + "' is rejected: " + wrong.bug(),
              () ->
                  assertRejected(
                      entry,
                      work,
                      "wrong-" + wrong.name(),
                      entry.puzzle().wrongSource(wrong),
                      wrong.name())));
    }
    // The same verdicts through the path a learner's run takes: a check JVM of its own, events
    // streamed to the parent. What the engine test kit reports in-process, kata must not lose or
    // invent on the way (a check JUnit names like another, a container that fails, a hang).
    tests.add(
        dynamicTest(
            "the reference passes in kata's own check JVM",
            () -> {
              RunResult result =
                  runIsolated(entry, work, "isolated-reference", entry.puzzle().referenceSource());
              assertThat(result.verdict())
                  .as(
                      "verdict of the reference in a check JVM: "
                          + result.message()
                          + result.checks().stream()
                              .filter(c -> c.verdict() != Verdict.PASS)
                              .map(
                                  c ->
                                      "\n  "
                                          + c.name()
                                          + ": "
                                          + c.message().lines().findFirst().orElse(""))
                              .toList())
                  .isEqualTo(Verdict.PASS);
            }));
    // Every wrong solution was rejected in process above; that the check JVM reports what the test
    // kit saw is shown for one of them (all of them with -Dkata.contract.isolated=all): the verdict
    // path is the same code whichever check fails, and a second JVM per solution doubled the build.
    List<WrongSolution> isolated = isolatedWrongSolutions(entry.puzzle().wrongSolutions());
    for (WrongSolution wrong : isolated) {
      tests.add(
          dynamicTest(
              "wrong solution '" + wrong.name() + "' is rejected in kata's own check JVM",
              () -> {
                RunResult result =
                    runIsolated(
                        entry,
                        work,
                        "isolated-wrong-" + wrong.name(),
                        entry.puzzle().wrongSource(wrong));
                assertThat(result.verdict())
                    .as("verdict of wrong solution '" + wrong.name() + "' in a check JVM")
                    .isNotEqualTo(Verdict.PASS);
              }));
    }
    tests.add(
        dynamicTest(
            "every non-equivalent mutant of the reference is killed",
            () -> mutantsAreKilled(entry, work)));
    return dynamicContainer(entry.id() + " " + entry.info().slug(), tests);
  }

  /**
   * The mutation gate: write each concurrency bug pattern into the reference and require a check to
   * fail on it. A survivor is a wrong solution the checks accept.
   */
  private static void mutantsAreKilled(CatalogEntry entry, Path work) {
    MutationAnalysis.Report report =
        new MutationAnalysis().analyse(entry, work.resolve("mutants"), mutantLimit(), r -> {});
    System.out.println("[kata mutation gate] " + report.summary());
    assertThat(report.stale())
        .as(
            "declarations in %s that match no mutant of the reference (stale: the code they name"
                + " changed; delete or update them)",
            EquivalentMutants.RESOURCE)
        .isEmpty();
    List<MutationAnalysis.Result> survivors = report.survivors();
    if (!survivors.isEmpty()) {
      StringBuilder message =
          new StringBuilder(
              survivors.size()
                  + " of "
                  + report.results().size()
                  + " mutants of the reference passed every check: each is a wrong solution the"
                  + " checks accept. Strengthen the checks until one fails on it, or, only if it"
                  + " cannot change behaviour, declare it in "
                  + EquivalentMutants.RESOURCE
                  + " as 'OPERATOR | original line | reason'. Survivors:");
      survivors.forEach(
          r -> message.append(System.lineSeparator()).append("  ").append(r.mutant().describe()));
      throw new AssertionError(message.toString());
    }
  }

  /**
   * The most mutants the gate runs per puzzle: {@value #DEFAULT_MUTANT_LIMIT} by default, a
   * deterministic sample spread over the operators; {@code -Dkata.mutants.limit=all} (set by {@code
   * -Pstress}) runs every one.
   */
  static int mutantLimit() {
    String limit = System.getProperty(MUTANT_LIMIT_PROPERTY, "").strip();
    if (limit.isEmpty()) {
      return DEFAULT_MUTANT_LIMIT;
    }
    return limit.equals("all") ? Integer.MAX_VALUE : Integer.parseInt(limit);
  }

  private static void metadataIsComplete(PuzzleCatalog catalog, CatalogEntry entry) {
    KataPuzzle info = entry.info();
    assertThat(info.difficulty()).as("difficulty").isBetween(1, 5);
    assertThat(info.title()).as("title").isNotBlank();
    assertThat(info.objective()).as("objective").isNotBlank();
    assertThat(info.concepts()).as("concepts taught").isNotEmpty();
    assertThat(info.apis()).as("JDK APIs taught").isNotEmpty();
    Class<?> contract = entry.puzzle().contract();
    assertThat(contract.isInterface() || Modifier.isAbstract(contract.getModifiers()))
        .as("the contract %s is an interface or abstract class", contract.getName())
        .isTrue();
    assertThat(PuzzleRules.tooFewWrongSolutions(entry).map(CatalogProblem::message))
        .as("known-wrong solutions")
        .isEmpty();
    assertThat(PuzzleRules.unlistedWrongFolders(entry).stream().map(CatalogProblem::message))
        .as("wrong solutions in the resources that the build would not run")
        .isEmpty();
    for (String prerequisite : info.prerequisites()) {
      assertThat(catalog.find(prerequisite)).as("prerequisite " + prerequisite).isPresent();
    }
  }

  private static List<String> messages(PuzzleCatalog catalog) {
    return catalog.problems().stream().map(CatalogProblem::message).toList();
  }

  private static void hintsAreNonEmpty(CatalogEntry entry) {
    Hints hints = entry.puzzle().hints();
    for (int level = 1; level <= Hints.LEVELS; level++) {
      assertThat(hints.level(level)).as("hint level " + level).isNotBlank();
    }
  }

  /**
   * Which wrong solutions also run through the isolated runner: the first by default, every one
   * when {@value #ISOLATED_PROPERTY} is {@code all}.
   */
  static List<WrongSolution> isolatedWrongSolutions(List<WrongSolution> wrongSolutions) {
    boolean all = System.getProperty(ISOLATED_PROPERTY, "").strip().equals("all");
    return all ? wrongSolutions : wrongSolutions.stream().limit(1).toList();
  }

  /**
   * Whether the contract runs for this puzzle: every puzzle, unless {@value #PUZZLES_PROPERTY}
   * names some ({@code -Dkata.contract.puzzles=04,acme.pool}), the loop of an author at work.
   *
   * @param entry a puzzle of the catalog
   * @return whether the contract (and a build's other per-puzzle runs, such as a stress run) covers
   *     it
   */
  public static boolean selected(CatalogEntry entry) {
    String only = System.getProperty(PUZZLES_PROPERTY, "").strip();
    return only.isEmpty()
        || Arrays.stream(only.split(",")).map(String::strip).anyMatch(entry.id()::equals);
  }

  /**
   * Judge a solution as the contract judges a wrong one: its checks run in this JVM until one
   * fails, and again in a check JVM of its own if none failed here but one could not judge here. A
   * stress run repeats this to learn whether a wrong solution is rejected every time, and how soon.
   *
   * @param entry the puzzle
   * @param solution the compiled solution
   * @param source the solution's source, for a check JVM
   * @param scratch a folder for the check JVM's compilation, used only if one is needed
   * @return the failed check, named, with its message's first line; empty when no check failed
   */
  public static List<String> failedChecks(
      CatalogEntry entry, Compilation.Compiled solution, String source, Path scratch) {
    return InProcessChecks.judge(entry, solution, source, scratch).failures();
  }

  /** Rejected means one check failed: the run stops there, since the rest cannot un-reject it. */
  private static void assertRejected(
      CatalogEntry entry, Path work, String variant, String source, String what) {
    InProcessChecks.Outcome outcome =
        InProcessChecks.judge(
            entry,
            compile(entry, work, variant, source),
            source,
            work.resolve(entry.id()).resolve(variant + "-isolated"));
    assertThat(outcome.started()).as("checks run against " + what).isPositive();
    assertThat(outcome.failures())
        .as("failed checks of " + what + " (it must be rejected)")
        .isNotEmpty();
  }

  private static List<String> failures(EngineExecutionResults results) {
    return results.allEvents().failed().stream().map(PuzzleContract::describe).toList();
  }

  private static String describe(Event event) {
    String cause =
        event
            .getPayload(TestExecutionResult.class)
            .flatMap(TestExecutionResult::getThrowable)
            .map(t -> String.valueOf(t.getMessage()))
            .orElse("");
    return event.getTestDescriptor().getDisplayName() + ": " + cause.lines().findFirst().orElse("");
  }

  private static Compilation.Compiled compile(
      CatalogEntry entry, Path work, String variant, String source) {
    Compilation compilation =
        new SolutionCompiler()
            .compileSource(entry, source, work.resolve(entry.id()).resolve(variant));
    if (!(compilation instanceof Compilation.Compiled compiled)) {
      throw new AssertionError(
          "the " + variant + " does not compile:\n" + ((Compilation.Failed) compilation).render());
    }
    return compiled;
  }

  private static EngineExecutionResults run(
      CatalogEntry entry, Path work, String variant, String source) {
    Compilation.Compiled compiled = compile(entry, work, variant, source);
    return EngineTestKit.engine("junit-jupiter")
        .selectors(
            entry.puzzle().checks().stream()
                .map(DiscoverySelectors::selectClass)
                .toArray(DiscoverySelector[]::new))
        .configurationParameters(
            CheckSettings.forSolution(
                List.of(compiled.classes()), compiled.className(), entry.puzzle().contract()))
        .execute();
  }

  private static RunResult runIsolated(
      CatalogEntry entry, Path work, String variant, String source) {
    return new SolutionChecker(new IsolatedRunner())
        .checkSource(entry, source, work.resolve(entry.id()).resolve(variant));
  }

  private static Path tempDirectory() {
    try {
      return Files.createTempDirectory("kata-contract");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

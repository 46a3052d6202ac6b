package dev.kata.cli;

import dev.kata.api.WrongSolution;
import dev.kata.core.CatalogEntry;
import dev.kata.core.CatalogProblem;
import dev.kata.core.Compilation;
import dev.kata.core.DisplayPath;
import dev.kata.core.KataException;
import dev.kata.core.PuzzleCatalog;
import dev.kata.core.PuzzleRules;
import dev.kata.core.SolutionCompiler;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code kata check-plugin JAR}: validate a puzzle jar's metadata and contents without running its
 * checks. The jar is loaded last, after the built-in puzzles and every other plugin, so a collision
 * is blamed on it; then each of its sources is compiled against its contract.
 */
@Command(
    name = "check-plugin",
    mixinStandardHelpOptions = true,
    description = {
      "Validate a third-party puzzle jar without running its checks: metadata, ids against the"
          + " built-in puzzles and other plugins, prerequisites, kata-api version, and that its"
          + " starter, reference and wrong solutions compile against its contract.",
      "Its checks run in the author's own build: see the authoring kit in CONTRIBUTING.md."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the jar is valid",
      "2:the jar is invalid or unreadable (each problem is one line)"
    })
final class CheckPluginCommand implements Callable<Integer> {

  @Mixin GlobalOptions global;

  @Parameters(index = "0", paramLabel = "JAR", description = "The plugin jar to validate.")
  Path jar;

  @Override
  public Integer call() throws IOException {
    Path target = jar.toAbsolutePath().normalize();
    List<Path> jars = new ArrayList<>();
    for (Path other : global.plugins) {
      jars.add(other.toAbsolutePath().normalize());
    }
    jars.addAll(
        global.workspace().pluginJars().stream().map(p -> p.toAbsolutePath().normalize()).toList());
    jars.remove(target);
    jars.add(target);
    PuzzleCatalog catalog = PuzzleCatalog.load(jars);
    String name = target.getFileName().toString();
    // Only the problems blamed on this jar: the others are not the author's to fix.
    List<CatalogProblem> problems =
        new ArrayList<>(catalog.problems().stream().filter(p -> p.origin().equals(name)).toList());
    List<CatalogEntry> ours =
        catalog.ordered().stream().filter(e -> e.jar().map(target::equals).orElse(false)).toList();

    PrintWriter out = global.out();
    out.println(Style.bold("Checking " + DisplayPath.of(target)));
    for (CatalogEntry entry : ours) {
      Map<String, Optional<String>> compiled = TempDirs.with(dir -> compileAll(entry, dir));
      List<CatalogProblem> own = new ArrayList<>();
      compiled.forEach(
          (what, error) ->
              error.ifPresent(
                  e ->
                      own.add(
                          CatalogProblem.of(entry, "the " + what + " does not compile: " + e))));
      own.addAll(PuzzleRules.authoringProblems(entry));
      String mark = own.isEmpty() ? Style.pass() : Style.fail();
      out.println(
          "  "
              + mark
              + " "
              + entry.id()
              + " "
              + entry.info().slug()
              + ": "
              + entry.info().title()
              + Style.faint(
                  " (prerequisites "
                      + (entry.prerequisites().isEmpty()
                          ? "none"
                          : String.join(", ", entry.prerequisites()))
                      + "; "
                      + entry.puzzle().wrongSolutions().size()
                      + " wrong solutions; file "
                      + entry.puzzle().solutionFile()
                      + ")"));
      problems.addAll(own);
    }
    out.flush();
    PrintWriter err = global.err();
    for (CatalogProblem problem : problems) {
      err.println(Style.warning("kata: " + problem.message()));
    }
    err.flush();
    if (problems.isEmpty() && !ours.isEmpty()) {
      out.println(
          Style.pass()
              + " "
              + name
              + " is valid: "
              + ours.size()
              + (ours.size() == 1 ? " puzzle" : " puzzles")
              + ". Its checks were not run; 'mvn verify' in its project runs them with"
              + " kata-testkit.");
      out.flush();
      return 0;
    }
    if (problems.isEmpty()) {
      throw new KataException("plugin " + name + ": no usable puzzle in it");
    }
    err.println(
        "kata: "
            + name
            + " is not valid: "
            + problems.size()
            + (problems.size() == 1 ? " problem" : " problems"));
    err.flush();
    return Kata.USAGE;
  }

  private static Map<String, Optional<String>> compileAll(CatalogEntry entry, Path dir) {
    Map<String, Optional<String>> result = new LinkedHashMap<>();
    result.put("starter", compile(entry, dir.resolve("starter"), entry.puzzle().starterSource()));
    result.put(
        "reference", compile(entry, dir.resolve("reference"), entry.puzzle().referenceSource()));
    for (WrongSolution wrong : entry.puzzle().wrongSolutions()) {
      result.put(
          "wrong solution '" + wrong.name() + "'",
          compile(entry, dir.resolve("wrong-" + wrong.name()), entry.puzzle().wrongSource(wrong)));
    }
    return result;
  }

  private static Optional<String> compile(CatalogEntry entry, Path dir, String source) {
    if (new SolutionCompiler().compileSource(entry, source, dir)
        instanceof Compilation.Failed failed) {
      var first = failed.errors().getFirst();
      return Optional.of(
          first.file().getFileName()
              + ":"
              + first.line()
              + ": "
              + first.message().lines().findFirst().orElse(""));
    }
    return Optional.empty();
  }
}

package dev.kata.cli;

import dev.kata.api.Puzzle;
import dev.kata.api.WrongSolution;
import dev.kata.api.check.PuzzleChecks;
import dev.kata.core.CatalogEntry;
import dev.kata.core.IsolatedRunner;
import dev.kata.core.Json;
import dev.kata.core.KataException;
import dev.kata.core.MutationKit;
import dev.kata.core.RunResult;
import dev.kata.core.SolutionChecker;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.FieldRefEntry;
import java.lang.classfile.constantpool.MemberRefEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kata dev check}: validate puzzles end to end through the real out-of-process runner, as a
 * learner would meet them: the starter fails, the reference passes every time, each wrong solution
 * fails every time (one rejected only sometimes is flaky, and is not counted as rejected), and the
 * checks kill every non-equivalent mutant of the reference. For a plugin jar it first loads and
 * links every class against the running kata-api.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Validate puzzles as learners will meet them, through the real isolated runner: the starter"
          + " fails; the reference passes N times out of N; each wrong solution fails N times out"
          + " of N (a wrong solution rejected only sometimes is FLAKY and does not count); the"
          + " checks kill every non-equivalent mutant of the reference.",
      "With --plugin, the jar's puzzles are checked, and every class in the jar (checks included)"
          + " is loaded and linked against this kata's API first."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every puzzle holds", "1:a problem of a puzzle was found", "2:bad input"})
final class DevCheckCommand implements Callable<Integer> {

  @Mixin GlobalOptions global;

  @Option(
      names = "--puzzle",
      completionCandidates = PuzzleCandidates.class,
      paramLabel = "ID",
      description = "Check only this puzzle (default: all, or all in --plugin jars).")
  String puzzle;

  @Option(
      names = "--repeat",
      paramLabel = "N",
      defaultValue = "3",
      description =
          "Run the reference and each wrong solution N times (default: ${DEFAULT-VALUE}).")
  int repeat;

  @Option(
      names = "--mutants",
      paramLabel = "N",
      defaultValue = "all",
      description = "Run at most N mutants per puzzle, a deterministic sample (default: all).")
  String mutants;

  @Option(names = "--json", description = "Print the findings as JSON.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    if (repeat < 1) {
      throw new KataException("--repeat must be at least 1, not " + repeat);
    }
    int limit = DevMutantsCommand.parseLimit("--mutants", mutants);
    List<Path> jars = global.plugins.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    for (Path jar : jars) {
      if (!jar.toFile().isFile()) {
        throw new KataException("no such plugin jar: " + jar);
      }
    }
    List<CatalogEntry> entries = select(jars);
    MutationKit kit = DevMutantsCommand.kit();
    PrintWriter out = global.out();
    List<String> problems = new ArrayList<>();
    List<Object> report = new ArrayList<>();
    for (Path jar : jars) {
      for (String problem : linkProblems(jar, entries)) {
        problems.add(problem);
        say(out, Style.fail() + " " + problem);
      }
    }
    SolutionChecker checker = new SolutionChecker(new IsolatedRunner());
    for (CatalogEntry entry : entries) {
      report.add(TempDirs.with(dir -> checkPuzzle(entry, checker, kit, limit, dir, problems, out)));
    }
    if (json) {
      Map<String, Object> all = new LinkedHashMap<>();
      all.put("ok", problems.isEmpty());
      all.put("problems", problems);
      all.put("puzzles", report);
      out.println(Json.writePretty(all));
    } else {
      out.println(
          problems.isEmpty()
              ? Style.pass()
                  + " "
                  + entries.size()
                  + (entries.size() == 1 ? " puzzle holds" : " puzzles hold")
              : Style.fail()
                  + " "
                  + problems.size()
                  + (problems.size() == 1 ? " problem" : " problems")
                  + " found");
    }
    out.flush();
    return problems.isEmpty() ? 0 : Kata.FAILED;
  }

  private List<CatalogEntry> select(List<Path> jars) {
    List<CatalogEntry> all = global.catalog().ordered();
    if (puzzle != null) {
      return List.of(global.catalog().require(puzzle));
    }
    if (!jars.isEmpty()) {
      List<CatalogEntry> ours =
          all.stream().filter(e -> e.jar().map(jars::contains).orElse(false)).toList();
      if (ours.isEmpty()) {
        throw new KataException(
            "no usable puzzle in "
                + jars.stream().map(p -> p.getFileName().toString()).toList()
                + " (see the warnings above)");
      }
      return ours;
    }
    return all;
  }

  private void say(PrintWriter out, String line) {
    if (!json) {
      out.println(line);
      out.flush();
    }
  }

  private Map<String, Object> checkPuzzle(
      CatalogEntry entry,
      SolutionChecker checker,
      MutationKit kit,
      int limit,
      Path dir,
      List<String> problems,
      PrintWriter out) {
    String id = entry.id();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("id", id);
    say(out, Style.bold("Puzzle " + id + " " + entry.info().slug()));
    List<String> own = new ArrayList<>();
    for (Class<?> checks : entry.puzzle().checks()) {
      if (!checks.isAnnotationPresent(PuzzleChecks.class)) {
        own.add(
            "puzzle "
                + id
                + ": checks class "
                + checks.getName()
                + " lacks @PuzzleChecks, so kata's time limit and thread hygiene do not apply to it"
                + " (a problem of the puzzle, not of the learner)");
      }
    }
    RunResult starter =
        checker.checkSource(entry, entry.puzzle().starterSource(), dir.resolve("starter"));
    result.put("starter", starter.passed() ? "passes" : "fails");
    if (starter.passed()) {
      own.add(
          "puzzle " + id + ": the starter passes every check; a learner would have nothing to do");
    }
    say(
        out,
        "  " + (starter.passed() ? Style.fail() : Style.pass()) + " the starter fails its checks");

    int passed = 0;
    String firstFailure = null;
    for (int i = 0; i < repeat; i++) {
      RunResult reference =
          checker.checkSource(
              entry, entry.puzzle().referenceSource(), dir.resolve("reference-" + i));
      if (reference.passed()) {
        passed++;
      } else if (firstFailure == null) {
        firstFailure = firstLine(reference);
      }
    }
    result.put("reference", Map.of("passed", passed, "runs", repeat));
    if (passed < repeat) {
      own.add(
          "puzzle "
              + id
              + ": the reference failed "
              + (repeat - passed)
              + " of "
              + repeat
              + " runs (a problem of the"
              + " puzzle's checks, not of the learner): "
              + firstFailure);
    }
    say(
        out,
        "  "
            + (passed == repeat ? Style.pass() : Style.fail())
            + " the reference passes "
            + passed
            + "/"
            + repeat
            + (firstFailure == null ? "" : Style.faint("  (" + firstFailure + ")")));

    List<Object> wrongs = new ArrayList<>();
    for (WrongSolution wrong : entry.puzzle().wrongSolutions()) {
      int rejected = 0;
      for (int i = 0; i < repeat; i++) {
        RunResult run =
            checker.checkSource(
                entry,
                entry.puzzle().wrongSource(wrong),
                dir.resolve("wrong-" + wrong.name() + "-" + i));
        if (!run.passed()) {
          rejected++;
        }
      }
      String status = rejected == repeat ? "rejected" : rejected == 0 ? "accepted" : "flaky";
      Map<String, Object> w = new LinkedHashMap<>();
      w.put("name", wrong.name());
      w.put("rejected", rejected);
      w.put("runs", repeat);
      w.put("status", status);
      wrongs.add(w);
      if (!status.equals("rejected")) {
        own.add(
            "puzzle "
                + id
                + ": wrong solution '"
                + wrong.name()
                + "' is "
                + status.toUpperCase(Locale.ROOT)
                + ": rejected in "
                + rejected
                + " of "
                + repeat
                + " runs"
                + (status.equals("flaky")
                    ? String.format(
                        Locale.ROOT,
                        " (%.0f%%); a race the checks find only sometimes is not caught: steer the"
                            + " interleaving",
                        100.0 * rejected / repeat)
                    : ""));
      }
      say(
          out,
          "  "
              + (status.equals("rejected") ? Style.pass() : Style.fail())
              + " wrong solution '"
              + wrong.name()
              + "' rejected "
              + rejected
              + "/"
              + repeat
              + (status.equals("flaky") ? " FLAKY" : ""));
    }
    result.put("wrong", wrongs);

    MutationKit.Analysis analysis =
        kit.analyse(
            entry,
            dir.resolve("mutants"),
            limit,
            fate -> {
              if (fate.fate().equals("survived")) {
                say(
                    out,
                    "    "
                        + Style.fail()
                        + " survived: "
                        + fate.operator()
                        + " line "
                        + fate.line()
                        + ": "
                        + fate.diff());
              }
            });
    Map<String, Object> mutation = DevMutantsCommand.toJson(entry, analysis);
    mutation.remove("puzzle");
    result.put("mutation", mutation);
    say(
        out,
        "  "
            + (analysis.count("survived") == 0 ? Style.pass() : Style.fail())
            + " "
            + DevMutantsCommand.summary(id, analysis));
    for (MutationKit.MutantFate fate : analysis.mutants()) {
      if (fate.fate().equals("survived")) {
        own.add(
            "puzzle "
                + id
                + ": a mutant of the reference passed every check: "
                + fate.operator()
                + " at line "
                + fate.line()
                + ": "
                + fate.diff());
      }
    }
    for (String stale : analysis.stale()) {
      own.add(
          "puzzle "
              + id
              + ": stale declaration of an equivalent mutant (it matches no mutant): "
              + stale);
    }
    result.put("problems", own);
    problems.addAll(own);
    return result;
  }

  private static String firstLine(RunResult run) {
    String failed =
        run.checks().stream()
            .filter(c -> c.verdict() != dev.kata.core.Verdict.PASS)
            .map(c -> c.name() + ": " + String.valueOf(c.message()).lines().findFirst().orElse(""))
            .findFirst()
            .orElse(String.valueOf(run.message()));
    return failed.lines().findFirst().orElse("");
  }

  /**
   * Load every class of a jar with its puzzle's class loader and check each reference it makes to
   * kata-api (classes, methods, fields) against the kata-api this kata runs.
   */
  static List<String> linkProblems(Path jar, List<CatalogEntry> entries) {
    String name = jar.getFileName().toString();
    ClassLoader loader =
        entries.stream()
            .filter(e -> e.jar().map(jar::equals).orElse(false))
            .findFirst()
            .map(e -> e.puzzle().getClass().getClassLoader())
            .orElse(null);
    Set<String> problems = new LinkedHashSet<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      for (JarEntry entry :
          file.stream()
              .filter(
                  e ->
                      e.getName().endsWith(".class")
                          && !e.getName().endsWith("module-info.class")
                          && !e.getName().startsWith("META-INF/"))
              .toList()) {
        byte[] bytes = file.getInputStream(entry).readAllBytes();
        ClassModel model = ClassFile.of().parse(bytes);
        String className = model.thisClass().asInternalName().replace('/', '.');
        for (PoolEntry pool : model.constantPool()) {
          String missing = missingApi(pool);
          if (missing != null) {
            problems.add(
                "plugin "
                    + name
                    + ": "
                    + className
                    + " uses "
                    + missing
                    + ", which this kata-api ("
                    + Puzzle.class.getPackage().getImplementationVersion()
                    + ") does not have (a problem of the puzzle,"
                    + " not of the learner): rebuild it against this kata");
          }
        }
        if (loader != null) {
          try {
            Class.forName(className, false, loader);
          } catch (ClassNotFoundException | LinkageError e) {
            problems.add("plugin " + name + ": class " + className + " does not load: " + e);
          }
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      problems.add("plugin " + name + ": cannot read the jar's classes: " + e.getMessage());
    }
    return List.copyOf(problems);
  }

  /**
   * Describe the kata-api member or class a constant-pool entry names and kata-api lacks; null if
   * it is fine.
   */
  private static String missingApi(PoolEntry pool) {
    if (pool instanceof ClassEntry c && c.asInternalName().startsWith("dev/kata/api/")) {
      return apiClass(c.asInternalName()) == null
          ? "class " + c.asInternalName().replace('/', '.')
          : null;
    }
    if (!(pool instanceof MemberRefEntry ref)
        || !ref.owner().asInternalName().startsWith("dev/kata/api/")) {
      return null;
    }
    Class<?> owner = apiClass(ref.owner().asInternalName());
    String member = ref.owner().asInternalName().replace('/', '.') + "." + ref.name().stringValue();
    if (owner == null) {
      return "class " + ref.owner().asInternalName().replace('/', '.');
    }
    String descriptor = ref.type().stringValue();
    if (ref instanceof FieldRefEntry) {
      for (Class<?> c = owner; c != null; c = c.getSuperclass()) {
        for (Field f : c.getDeclaredFields()) {
          if (f.getName().equals(ref.name().stringValue())
              && f.getType().descriptorString().equals(descriptor)) {
            return null;
          }
        }
      }
      return "field " + member;
    }
    if (ref.name().stringValue().equals("<init>")) {
      for (Constructor<?> k : owner.getDeclaredConstructors()) {
        if (MethodType.methodType(void.class, k.getParameterTypes())
            .descriptorString()
            .equals(descriptor)) {
          return null;
        }
      }
      return "constructor " + member + descriptor;
    }
    return hasMethod(owner, ref.name().stringValue(), descriptor, new LinkedHashSet<>())
        ? null
        : "method " + member + descriptor;
  }

  private static boolean hasMethod(
      Class<?> type, String name, String descriptor, Set<Class<?>> seen) {
    if (type == null || !seen.add(type)) {
      return false;
    }
    for (Method m : type.getDeclaredMethods()) {
      if (m.getName().equals(name)
          && MethodType.methodType(m.getReturnType(), m.getParameterTypes())
              .descriptorString()
              .equals(descriptor)) {
        return true;
      }
    }
    for (Class<?> i : type.getInterfaces()) {
      if (hasMethod(i, name, descriptor, seen)) {
        return true;
      }
    }
    return hasMethod(type.getSuperclass(), name, descriptor, seen)
        || (type.isInterface() && hasMethod(Object.class, name, descriptor, seen));
  }

  private static Class<?> apiClass(String internalName) {
    try {
      return Class.forName(internalName.replace('/', '.'), false, Puzzle.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }
}

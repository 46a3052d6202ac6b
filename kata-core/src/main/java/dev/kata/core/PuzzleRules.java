package dev.kata.core;

import dev.kata.api.Hints;
import dev.kata.api.KataPuzzle;
import dev.kata.api.Puzzle;
import dev.kata.api.PuzzleDefinitionException;
import dev.kata.api.WrongSolution;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The rules a puzzle follows, in one place: what an id, a slug and a solution file may look like,
 * what the catalog refuses to load, and the authoring rules that {@code kata check-plugin} and
 * kata-testkit's contract hold every puzzle to.
 *
 * <p>Loading rules leave a puzzle out of the catalog; authoring rules do not, since a learner can
 * still work on a puzzle with two wrong solutions, but a puzzle is not published until it meets
 * them.
 */
public final class PuzzleRules {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
  private static final Pattern SOLUTION_FILE =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_]*/)+[A-Za-z_][A-Za-z0-9_]*\\.java");

  /** Authoring rule: a puzzle documents at least this many realistic mistakes. */
  public static final int MIN_WRONG_SOLUTIONS = 3;

  /** Authoring rule: the starter marks each place to edit with this. */
  public static final String TODO_MARKER = "// TODO";

  /** The resource folder, beside the puzzle class, that holds one folder per wrong solution. */
  private static final String WRONG_FOLDER = "wrong/";

  private PuzzleRules() {}

  /**
   * Tell whether a text may be a puzzle id: letters, digits, '.', '_' and '-', not starting with a
   * sign.
   */
  public static boolean isValidId(String id) {
    return ID.matcher(id).matches();
  }

  /** Tell whether a text may be a puzzle slug: lowercase words joined by '-'. */
  public static boolean isValidSlug(String slug) {
    return SLUG.matcher(slug).matches();
  }

  /**
   * Tell whether a text may be a puzzle's solution file: a relative path of Java names, such as
   * {@code p01_name/ClassName.java}, that stays inside the workspace.
   */
  static boolean isValidSolutionFile(String file) {
    return file != null
        && !file.startsWith("/")
        && !file.contains("..")
        && !file.contains("\\")
        && SOLUTION_FILE.matcher(file).matches();
  }

  /**
   * Check a puzzle's metadata against the loading rules, given the puzzles already accepted.
   *
   * @param entry the puzzle
   * @param byId the accepted puzzles by id, to find a duplicate id
   * @param bySlug the accepted puzzles by slug, to find a duplicate slug
   * @return the problems, in a fixed order: id, slug, difficulty, title and objective
   */
  static List<CatalogProblem> metadataProblems(
      CatalogEntry entry, Map<String, CatalogEntry> byId, Map<String, CatalogEntry> bySlug) {
    List<CatalogProblem> own = new ArrayList<>();
    KataPuzzle info = entry.info();
    if (!isValidId(info.id())) {
      own.add(
          CatalogProblem.of(
              entry, "id '" + info.id() + "' must use only letters, digits, '.', '_' and '-'"));
    } else if (byId.containsKey(info.id())) {
      own.add(
          CatalogProblem.of(
              entry,
              "id '"
                  + info.id()
                  + "' is already used by "
                  + CatalogProblem.describe(byId.get(info.id()))));
    }
    if (!isValidSlug(info.slug())) {
      own.add(
          CatalogProblem.of(
              entry, "slug '" + info.slug() + "' must be lowercase words joined by '-'"));
    } else if (bySlug.containsKey(info.slug())) {
      own.add(
          CatalogProblem.of(
              entry,
              "slug '"
                  + info.slug()
                  + "' is already used by "
                  + CatalogProblem.describe(bySlug.get(info.slug()))));
    }
    if (info.difficulty() < 1 || info.difficulty() > 5) {
      own.add(CatalogProblem.of(entry, "difficulty must be 1 to 5 but was " + info.difficulty()));
    }
    if (info.title().isBlank() || info.objective().isBlank()) {
      own.add(CatalogProblem.of(entry, "title and objective must not be blank"));
    }
    return own;
  }

  /**
   * Check what a puzzle's methods return against the loading rules: a solution file inside the
   * workspace, a contract, checks, hints, and every source present. This calls the puzzle's own
   * code, which may throw; that is a problem too.
   */
  static List<CatalogProblem> definitionProblems(CatalogEntry entry) {
    List<CatalogProblem> own = new ArrayList<>();
    Puzzle puzzle = entry.puzzle();
    try {
      String file = puzzle.solutionFile();
      if (!isValidSolutionFile(file)) {
        own.add(
            CatalogProblem.of(
                entry,
                "solution file '"
                    + file
                    + "' must be a relative path like 'p01_name/ClassName.java' that stays inside"
                    + " the workspace"));
        return own;
      }
      if (puzzle.contract() == null) {
        own.add(CatalogProblem.of(entry, "contract() must not be null"));
      }
      if (puzzle.checks() == null || puzzle.checks().isEmpty()) {
        own.add(CatalogProblem.of(entry, "checks() must name at least one check class"));
      }
      Hints hints = puzzle.hints();
      if (hints == null) {
        own.add(CatalogProblem.of(entry, "hints() must not be null"));
      }
      blankSource(entry, puzzle.starterSource(), "starter", own);
      blankSource(entry, puzzle.referenceSource(), "reference", own);
      List<WrongSolution> wrongs = puzzle.wrongSolutions();
      if (wrongs == null) {
        own.add(CatalogProblem.of(entry, "wrongSolutions() must not be null"));
      } else {
        Set<String> names = new HashSet<>();
        for (WrongSolution wrong : wrongs) {
          if (!names.add(wrong.name())) {
            own.add(
                CatalogProblem.of(entry, "wrong solution '" + wrong.name() + "' is listed twice"));
          }
          blankSource(
              entry, puzzle.wrongSource(wrong), "wrong solution '" + wrong.name() + "'", own);
        }
      }
    } catch (PuzzleDefinitionException e) {
      own.add(CatalogProblem.of(entry, e.getMessage()));
    } catch (RuntimeException | LinkageError e) {
      own.add(CatalogProblem.of(entry, PuzzleCatalog.rootMessage(e)));
    }
    return own;
  }

  private static void blankSource(
      CatalogEntry entry, String source, String what, List<CatalogProblem> own) {
    if (source == null || source.isBlank()) {
      own.add(CatalogProblem.of(entry, "the " + what + " source is empty"));
    }
  }

  /**
   * Check a loaded puzzle against every authoring rule: {@link #starterHasNoTodo}, {@link
   * #tooFewWrongSolutions} and {@link #unlistedWrongFolders}, in that order.
   *
   * @param entry a puzzle the catalog loaded, so its sources are known to be readable
   * @return the problems; empty if the puzzle meets every rule
   */
  public static List<CatalogProblem> authoringProblems(CatalogEntry entry) {
    List<CatalogProblem> problems = new ArrayList<>();
    starterHasNoTodo(entry).ifPresent(problems::add);
    tooFewWrongSolutions(entry).ifPresent(problems::add);
    problems.addAll(unlistedWrongFolders(entry));
    return problems;
  }

  /**
   * Authoring rule: the starter shows the learner where to work with {@value #TODO_MARKER}.
   *
   * @return the problem, if the starter has no marker
   */
  public static Optional<CatalogProblem> starterHasNoTodo(CatalogEntry entry) {
    if (entry.puzzle().starterSource().contains(TODO_MARKER)) {
      return Optional.empty();
    }
    return Optional.of(
        CatalogProblem.of(
            entry,
            "the starter has no '" + TODO_MARKER + "' marker to show the learner where to work"));
  }

  /**
   * Authoring rule: a puzzle documents at least {@value #MIN_WRONG_SOLUTIONS} realistic mistakes.
   *
   * @return the problem, if it lists fewer
   */
  public static Optional<CatalogProblem> tooFewWrongSolutions(CatalogEntry entry) {
    int count = entry.puzzle().wrongSolutions().size();
    if (count >= MIN_WRONG_SOLUTIONS) {
      return Optional.empty();
    }
    return Optional.of(
        CatalogProblem.of(
            entry,
            "only "
                + count
                + " wrong solutions; document at least "
                + MIN_WRONG_SOLUTIONS
                + " realistic mistakes"));
  }

  /**
   * Authoring rule: every folder under {@code wrong/} beside the puzzle class is listed by {@link
   * Puzzle#wrongSolutions()}. A folder left out is a mistake nobody proves the checks reject: the
   * build runs only the listed ones.
   *
   * <p>Resources cannot be listed through a class loader, so this reads the folder or jar the
   * puzzle class was loaded from (its code source). A puzzle from anywhere else (no code source, or
   * not a file) has nothing to list and passes.
   *
   * @return one problem per unlisted folder, by name
   */
  public static List<CatalogProblem> unlistedWrongFolders(CatalogEntry entry) {
    Set<String> listed = new HashSet<>();
    entry.puzzle().wrongSolutions().forEach(w -> listed.add(w.name()));
    List<CatalogProblem> problems = new ArrayList<>();
    String folder =
        entry.puzzle().getClass().getPackageName().replace('.', '/') + "/" + WRONG_FOLDER;
    for (String name : wrongFolders(entry.puzzle().getClass())) {
      if (!listed.contains(name)) {
        problems.add(
            CatalogProblem.of(
                entry,
                "the folder "
                    + folder
                    + name
                    + "/ holds a wrong solution that wrongSolutions() does not list; list it"
                    + " with the bug it shows, or delete the folder"));
      }
    }
    return problems;
  }

  /** The names of the folders under {@code wrong/} beside a class, in its folder or jar. */
  static Set<String> wrongFolders(Class<?> type) {
    Optional<Path> location = codeSource(type);
    if (location.isEmpty()) {
      return Set.of();
    }
    String prefix = type.getPackageName().replace('.', '/') + "/" + WRONG_FOLDER;
    Set<String> names = new TreeSet<>();
    try {
      if (Files.isDirectory(location.get())) {
        Path wrong = location.get().resolve(prefix);
        if (Files.isDirectory(wrong)) {
          try (Stream<Path> children = Files.list(wrong)) {
            children
                .filter(Files::isDirectory)
                .forEach(child -> names.add(child.getFileName().toString()));
          }
        }
      } else if (Files.isRegularFile(location.get())) {
        try (JarFile jar = new JarFile(location.get().toFile())) {
          jar.stream()
              .map(e -> e.getName())
              .filter(
                  n -> n.startsWith(prefix) && n.indexOf('/', prefix.length()) > prefix.length())
              .forEach(
                  n -> names.add(n.substring(prefix.length(), n.indexOf('/', prefix.length()))));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot list the wrong solutions of " + type.getName() + " in " + location.get(), e);
    }
    return names;
  }

  private static Optional<Path> codeSource(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Path.of(source.getLocation().toURI()));
    } catch (URISyntaxException | IllegalArgumentException | FileSystemNotFoundException e) {
      return Optional.empty(); // not a file: a puzzle loaded some other way
    }
  }
}

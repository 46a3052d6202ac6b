package dev.kata.core;

import dev.kata.api.KataPuzzle;
import dev.kata.api.Puzzle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Find every puzzle, built-in and from plugin jars, the same way: through {@link ServiceLoader}.
 *
 * <p>Each plugin jar gets its own class loader ({@link PluginJars}). Puzzles that break a rule of
 * {@link PuzzleRules} (a duplicate id, a difficulty out of range, a missing source, ...) are left
 * out and each problem is reported as one {@link CatalogProblem} naming the puzzle and where it
 * came from; the healthy puzzles stay usable, in {@link CourseOrder}.
 */
public final class PuzzleCatalog {

  private final List<CatalogEntry> ordered;
  private final List<CatalogProblem> problems;

  private PuzzleCatalog(List<CatalogEntry> ordered, List<CatalogProblem> problems) {
    this.ordered = List.copyOf(ordered);
    this.problems = List.copyOf(problems);
  }

  /**
   * Load the built-in puzzles from the class path and the puzzles of each plugin jar.
   *
   * @param pluginJars plugin jars, in the order given; a jar that cannot be read is a problem
   */
  public static PuzzleCatalog load(List<Path> pluginJars) {
    List<CatalogProblem> problems = new ArrayList<>();
    List<CatalogEntry> found = new ArrayList<>();
    ClassLoader app = PuzzleCatalog.class.getClassLoader();
    for (var provider : providers(app, problems, "built-in", "the class path")) {
      entry(provider, Optional.empty(), problems).ifPresent(found::add);
    }
    PluginJars.Loaded plugins = PluginJars.load(pluginJars);
    problems.addAll(plugins.problems());
    found.addAll(plugins.entries());
    List<CatalogEntry> healthy = validate(found, problems, plugins.definitionProblems());
    CourseOrder course = CourseOrder.of(healthy);
    problems.addAll(course.problems());
    return new PuzzleCatalog(course.ordered(), problems);
  }

  /**
   * The puzzle providers a class loader declares, each declaration that cannot be loaded a problem.
   *
   * @param origin whom a problem is about: {@code "built-in"} or the jar's file name
   * @param where how a problem names the place: {@code "the class path"} or {@code "plugin x.jar"}
   */
  static List<ServiceLoader.Provider<Puzzle>> providers(
      ClassLoader loader, List<CatalogProblem> problems, String origin, String where) {
    List<ServiceLoader.Provider<Puzzle>> result = new ArrayList<>();
    var iterator = ServiceLoader.load(Puzzle.class, loader).stream().iterator();
    while (true) {
      try {
        if (!iterator.hasNext()) {
          return result;
        }
        result.add(iterator.next());
      } catch (ServiceConfigurationError | LinkageError e) {
        problems.add(
            CatalogProblem.ofOrigin(
                origin, where + ": cannot load a puzzle class (" + rootMessage(e) + ")"));
      }
    }
  }

  /** Create the puzzle a provider declares, or say why it cannot be. */
  static Optional<CatalogEntry> entry(
      ServiceLoader.Provider<Puzzle> provider, Optional<Path> jar, List<CatalogProblem> problems) {
    String origin = jar.map(j -> j.getFileName().toString()).orElse("built-in");
    String where = jar.map(j -> "plugin " + j.getFileName()).orElse("built-in");
    Class<? extends Puzzle> type = provider.type();
    KataPuzzle info = type.getAnnotation(KataPuzzle.class);
    if (info == null) {
      problems.add(
          CatalogProblem.ofOrigin(
              origin, where + ": puzzle " + type.getName() + " has no @KataPuzzle annotation"));
      return Optional.empty();
    }
    try {
      return Optional.of(new CatalogEntry(info, provider.get(), jar));
    } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
      problems.add(
          new CatalogProblem(
              origin,
              Optional.of(info.id()),
              where + ": puzzle " + info.id() + " cannot be created (" + rootMessage(e) + ")"));
      return Optional.empty();
    }
  }

  private static List<CatalogEntry> validate(
      List<CatalogEntry> found,
      List<CatalogProblem> problems,
      Map<CatalogEntry, List<CatalogProblem>> checked) {
    List<CatalogEntry> healthy = new ArrayList<>();
    Map<String, CatalogEntry> byId = new HashMap<>();
    Map<String, CatalogEntry> bySlug = new HashMap<>();
    for (CatalogEntry entry : found) {
      List<CatalogProblem> own = PuzzleRules.metadataProblems(entry, byId, bySlug);
      own.addAll(
          checked.containsKey(entry) ? checked.get(entry) : PuzzleRules.definitionProblems(entry));
      if (own.isEmpty()) {
        healthy.add(entry);
        byId.put(entry.id(), entry);
        bySlug.put(entry.info().slug(), entry);
      } else {
        problems.addAll(own);
      }
    }
    return healthy;
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    // A cause chain may loop (A caused by B caused by A): stop at the first exception seen twice.
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    seen.add(root);
    while (root.getCause() != null && seen.add(root.getCause())) {
      root = root.getCause();
    }
    String message = root.getMessage();
    String text = root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    if (root instanceof LinkageError && !(root instanceof ExceptionInInitializerError)) {
      // A class or method kata-api no longer (or not yet) has: the usual sign of a version
      // mismatch.
      text +=
          "; was it built against another kata-api? This kata has kata-api " + ApiVersion.current();
    }
    return text;
  }

  /** Get the healthy puzzles in course order: prerequisites first, ties broken by id. */
  public List<CatalogEntry> ordered() {
    return ordered;
  }

  /** Get the problems found while loading, in the order found, each naming the puzzle or jar. */
  public List<CatalogProblem> problems() {
    return problems;
  }

  /**
   * Find a puzzle by id, number or slug: {@code "01"}, {@code "1"} and {@code
   * "cooperative-yielding"} name the same puzzle.
   */
  public Optional<CatalogEntry> find(String key) {
    String wanted = key.trim().toLowerCase(Locale.ROOT);
    for (CatalogEntry entry : ordered) {
      if (entry.id().equalsIgnoreCase(wanted) || entry.info().slug().equals(wanted)) {
        return Optional.of(entry);
      }
    }
    if (wanted.matches("\\d{1,9}")) {
      int number = Integer.parseInt(wanted);
      return ordered.stream()
          .filter(e -> e.id().matches("\\d{1,9}") && Integer.parseInt(e.id()) == number)
          .findFirst();
    }
    return Optional.empty();
  }

  /**
   * Find a puzzle or fail with a message for the user.
   *
   * @throws KataException if no puzzle has that id, number or slug
   */
  public CatalogEntry require(String key) {
    return find(key)
        .orElseThrow(
            () ->
                new KataException(
                    "unknown puzzle '" + key + "': give an id, number or slug from 'kata list'"));
  }
}

package dev.kata.core;

import dev.kata.api.Hints;
import dev.kata.api.KataPuzzle;
import dev.kata.api.Puzzle;
import dev.kata.api.PuzzleDefinitionException;
import dev.kata.api.WrongSolution;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

/**
 * Find every puzzle, built-in and from plugin jars, the same way: through {@link ServiceLoader}.
 *
 * <p>Each plugin jar gets its own class loader. Puzzles that break a rule (a duplicate id, a
 * difficulty out of range, a missing source, ...) are left out and each problem is reported as one
 * line naming the puzzle and where it came from; the healthy puzzles stay usable.
 */
public final class PuzzleCatalog {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
  private static final Pattern SOLUTION_FILE =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_]*/)+[A-Za-z_][A-Za-z0-9_]*\\.java");

  /**
   * Authoring rule: a puzzle documents at least this many realistic mistakes. Loading does not
   * enforce it; kata-testkit's contract and {@code kata check-plugin} do.
   */
  public static final int MIN_WRONG_SOLUTIONS = 3;

  /**
   * Authoring rule: the starter marks each place to edit with this, enforced like {@link
   * #MIN_WRONG_SOLUTIONS}.
   */
  public static final String TODO_MARKER = "// TODO";

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

  private final List<CatalogEntry> ordered;
  private final List<String> problems;

  private PuzzleCatalog(List<CatalogEntry> ordered, List<String> problems) {
    this.ordered = List.copyOf(ordered);
    this.problems = List.copyOf(problems);
  }

  /**
   * Load the built-in puzzles from the class path and the puzzles of each plugin jar.
   *
   * @param pluginJars plugin jars, in the order given; a jar that cannot be read is a problem
   */
  public static PuzzleCatalog load(List<Path> pluginJars) {
    List<String> problems = new ArrayList<>();
    List<CatalogEntry> found = new ArrayList<>();
    ClassLoader app = PuzzleCatalog.class.getClassLoader();
    for (var provider : providers(app, problems, "the class path")) {
      entry(provider, Optional.empty(), problems).ifPresent(found::add);
    }
    Set<Path> seen = new HashSet<>();
    Map<CatalogEntry, List<String>> checked = new HashMap<>();
    for (Path jar : pluginJars) {
      Path normal = jar.toAbsolutePath().normalize();
      if (!seen.add(normal)) {
        continue;
      }
      if (leftOut(normal)) {
        problems.add(
            "plugin " + normal.getFileName() + ": called System.exit while loading; left out");
      } else {
        loadJarWithin(normal, problems, found, checked);
      }
    }
    List<CatalogEntry> healthy = validate(found, problems, checked);
    return new PuzzleCatalog(order(healthy, problems), problems);
  }

  /**
   * Load one jar on a thread of its own and give up on it after {@link #PLUGIN_ANSWER}: a puzzle
   * whose constructor, static initializer or metadata never returns must not stop kata. The stuck
   * thread is a daemon; kata's commands are short-lived.
   */
  private static void loadJarWithin(
      Path jar,
      List<String> problems,
      List<CatalogEntry> found,
      Map<CatalogEntry, List<String>> checked) {
    List<String> ownProblems = new ArrayList<>();
    List<CatalogEntry> ownFound = new ArrayList<>();
    Map<CatalogEntry, List<String>> ownChecked = new HashMap<>();
    Thread loader =
        Thread.ofPlatform()
            .daemon()
            .name("kata-load-" + jar.getFileName())
            .unstarted(
                () -> {
                  loadJar(jar, ownProblems, ownFound);
                  for (CatalogEntry entry : ownFound) {
                    ownChecked.put(entry, checkDefinition(entry, describe(entry)));
                  }
                });
    // Nothing in-process can stop a puzzle that calls System.exit while loading. The shutdown hook
    // tells that exit (the loader thread is in Runtime.exit) from a Ctrl-C, names the jar, and runs
    // the same command again in a new JVM that leaves the jar out: the command goes on.
    Thread blame =
        new Thread(
            () -> {
              if (!callsExit(loader)) {
                return; // Ctrl-C, or a signal: not the plugin's doing
              }
              System.err.println(
                  "kata: plugin "
                      + jar.getFileName()
                      + " called System.exit while loading; left out"
                      + " (remove it from plugins/ or stop passing it)");
              System.err.flush();
              Optional<List<String>> again = commandLeavingOut(jar);
              if (again.isEmpty()) {
                // a broken plugin is a configuration error, whatever status it chose
                Runtime.getRuntime().halt(2);
              }
              try {
                Process process = new ProcessBuilder(again.get()).inheritIO().start();
                Runtime.getRuntime().halt(process.waitFor());
              } catch (IOException | InterruptedException e) {
                Runtime.getRuntime().halt(2);
              }
            },
            "kata-plugin-exit-witness");
    Runtime.getRuntime().addShutdownHook(blame);
    loader.start();
    try {
      loader.join(PLUGIN_ANSWER);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(blame);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is exiting: the hook runs and says why
      }
    }
    if (loader.isAlive()) {
      problems.add(
          "plugin "
              + jar.getFileName()
              + ": did not finish loading within "
              + PLUGIN_ANSWER.toSeconds()
              + " s (a puzzle's constructor, static initializer or metadata method does not"
              + " return); left out");
      return;
    }
    problems.addAll(ownProblems);
    found.addAll(ownFound);
    checked.putAll(ownChecked);
  }

  private static final java.time.Duration PLUGIN_ANSWER = java.time.Duration.ofSeconds(5);

  /**
   * System property: plugin jars (absolute paths, path-separated) that called System.exit while
   * loading.
   */
  static final String LEFT_OUT_PROPERTY = "kata.leftOutPlugins";

  private static boolean callsExit(Thread thread) {
    for (StackTraceElement frame : thread.getStackTrace()) {
      if (frame.getClassName().equals("java.lang.Runtime")
          && frame.getMethodName().equals("exit")) {
        return true;
      }
    }
    return false;
  }

  /**
   * This JVM's own command line with the jar added to {@link #LEFT_OUT_PROPERTY}, when the OS tells
   * it.
   */
  private static Optional<List<String>> commandLeavingOut(Path jar) {
    ProcessHandle.Info info = ProcessHandle.current().info();
    if (info.command().isEmpty() || info.arguments().isEmpty()) {
      return Optional.empty();
    }
    String before = System.getProperty(LEFT_OUT_PROPERTY, "");
    List<String> command = new ArrayList<>();
    command.add(info.command().get());
    command.add(
        "-D"
            + LEFT_OUT_PROPERTY
            + "="
            + (before.isEmpty() ? "" : before + java.io.File.pathSeparator)
            + jar);
    for (String argument : info.arguments().get()) {
      if (!argument.startsWith("-D" + LEFT_OUT_PROPERTY + "=")) {
        command.add(argument);
      }
    }
    return Optional.of(command);
  }

  private static boolean leftOut(Path jar) {
    for (String path :
        System.getProperty(LEFT_OUT_PROPERTY, "").split(java.io.File.pathSeparator)) {
      if (!path.isEmpty() && Path.of(path).equals(jar)) {
        return true;
      }
    }
    return false;
  }

  private static void loadJar(Path jar, List<String> problems, List<CatalogEntry> found) {
    String name = jar.getFileName().toString();
    if (Files.isDirectory(jar)) {
      problems.add("plugin " + jar + ": is a folder, not a jar");
      return;
    }
    if (Files.exists(jar) && !Files.isRegularFile(jar)) {
      problems.add("plugin " + jar + ": is not a regular file (a device or a pipe?), not a jar");
      return;
    }
    if (!Files.isRegularFile(jar)) {
      problems.add("plugin " + jar + ": no such file");
      return;
    }
    try (var file = new JarFile(jar.toFile())) {
      // Opening it proves it is a readable zip before a class loader hides the reason.
      var manifest = file.getManifest();
      String builtAgainst =
          manifest == null
              ? null
              : manifest.getMainAttributes().getValue(ApiVersion.MANIFEST_ATTRIBUTE);
      if (builtAgainst != null) {
        Optional<String> incompatible = ApiVersion.incompatibility(builtAgainst);
        if (incompatible.isPresent()) {
          problems.add("plugin " + name + ": " + incompatible.get());
          return;
        }
      }
    } catch (IOException | SecurityException e) {
      problems.add("plugin " + name + ": not a readable jar (" + e.getMessage() + ")");
      return;
    }
    URLClassLoader loader;
    try {
      loader =
          new URLClassLoader(
              "kata-plugin-" + name,
              new URL[] {jar.toUri().toURL()},
              PuzzleCatalog.class.getClassLoader());
    } catch (MalformedURLException e) {
      problems.add("plugin " + name + ": bad path (" + e.getMessage() + ")");
      return;
    }
    int before = found.size();
    int problemsBefore = problems.size();
    for (var provider : providers(loader, problems, "plugin " + name)) {
      if (provider.type().getClassLoader() == loader) {
        entry(provider, Optional.of(jar), problems).ifPresent(found::add);
      }
    }
    if (found.size() == before && problems.size() == problemsBefore) {
      // Only when nothing else was said: a jar whose services file names a broken class does
      // declare one.
      problems.add(
          "plugin "
              + name
              + ": declares no puzzle (no META-INF/services/"
              + Puzzle.class.getName()
              + ")");
    }
  }

  private static List<ServiceLoader.Provider<Puzzle>> providers(
      ClassLoader loader, List<String> problems, String where) {
    List<ServiceLoader.Provider<Puzzle>> result = new ArrayList<>();
    var iterator = ServiceLoader.load(Puzzle.class, loader).stream().iterator();
    while (true) {
      try {
        if (!iterator.hasNext()) {
          return result;
        }
        result.add(iterator.next());
      } catch (ServiceConfigurationError | LinkageError e) {
        problems.add(where + ": cannot load a puzzle class (" + rootMessage(e) + ")");
      }
    }
  }

  private static Optional<CatalogEntry> entry(
      ServiceLoader.Provider<Puzzle> provider, Optional<Path> jar, List<String> problems) {
    String where = jar.map(j -> "plugin " + j.getFileName()).orElse("built-in");
    Class<? extends Puzzle> type = provider.type();
    KataPuzzle info = type.getAnnotation(KataPuzzle.class);
    if (info == null) {
      problems.add(where + ": puzzle " + type.getName() + " has no @KataPuzzle annotation");
      return Optional.empty();
    }
    try {
      return Optional.of(new CatalogEntry(info, provider.get(), jar));
    } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
      problems.add(where + ": puzzle " + info.id() + " cannot be created (" + rootMessage(e) + ")");
      return Optional.empty();
    }
  }

  private static List<CatalogEntry> validate(
      List<CatalogEntry> found, List<String> problems, Map<CatalogEntry, List<String>> checked) {
    List<CatalogEntry> healthy = new ArrayList<>();
    Map<String, CatalogEntry> byId = new HashMap<>();
    Map<String, CatalogEntry> bySlug = new HashMap<>();
    for (CatalogEntry entry : found) {
      String where = describe(entry);
      List<String> own = new ArrayList<>();
      KataPuzzle info = entry.info();
      if (!ID.matcher(info.id()).matches()) {
        own.add(where + ": id '" + info.id() + "' must use only letters, digits, '.', '_' and '-'");
      } else if (byId.containsKey(info.id())) {
        own.add(
            where + ": id '" + info.id() + "' is already used by " + describe(byId.get(info.id())));
      }
      if (!SLUG.matcher(info.slug()).matches()) {
        own.add(where + ": slug '" + info.slug() + "' must be lowercase words joined by '-'");
      } else if (bySlug.containsKey(info.slug())) {
        own.add(
            where
                + ": slug '"
                + info.slug()
                + "' is already used by "
                + describe(bySlug.get(info.slug())));
      }
      if (info.difficulty() < 1 || info.difficulty() > 5) {
        own.add(where + ": difficulty must be 1 to 5 but was " + info.difficulty());
      }
      if (info.title().isBlank() || info.objective().isBlank()) {
        own.add(where + ": title and objective must not be blank");
      }
      own.addAll(checked.containsKey(entry) ? checked.get(entry) : checkDefinition(entry, where));
      if (own.isEmpty()) {
        healthy.add(entry);
        byId.put(info.id(), entry);
        bySlug.put(info.slug(), entry);
      } else {
        problems.addAll(own);
      }
    }
    return healthy;
  }

  private static List<String> checkDefinition(CatalogEntry entry, String where) {
    List<String> own = new ArrayList<>();
    Puzzle puzzle = entry.puzzle();
    try {
      String file = puzzle.solutionFile();
      if (file == null
          || file.startsWith("/")
          || file.contains("..")
          || file.contains("\\")
          || !SOLUTION_FILE.matcher(file).matches()) {
        own.add(
            where
                + ": solution file '"
                + file
                + "' must be a relative path like 'p01_name/ClassName.java' that stays inside the"
                + " workspace");
        return own;
      }
      if (puzzle.contract() == null) {
        own.add(where + ": contract() must not be null");
      }
      if (puzzle.checks() == null || puzzle.checks().isEmpty()) {
        own.add(where + ": checks() must name at least one check class");
      }
      Hints hints = puzzle.hints();
      if (hints == null) {
        own.add(where + ": hints() must not be null");
      }
      blankSource(puzzle.starterSource(), "starter", where, own);
      blankSource(puzzle.referenceSource(), "reference", where, own);
      List<WrongSolution> wrongs = puzzle.wrongSolutions();
      if (wrongs == null) {
        own.add(where + ": wrongSolutions() must not be null");
      } else {
        Set<String> names = new HashSet<>();
        for (WrongSolution wrong : wrongs) {
          if (!names.add(wrong.name())) {
            own.add(where + ": wrong solution '" + wrong.name() + "' is listed twice");
          }
          blankSource(
              puzzle.wrongSource(wrong), "wrong solution '" + wrong.name() + "'", where, own);
        }
      }
    } catch (PuzzleDefinitionException e) {
      own.add(where + ": " + e.getMessage());
    } catch (RuntimeException | LinkageError e) {
      own.add(where + ": " + rootMessage(e));
    }
    return own;
  }

  private static void blankSource(String source, String what, String where, List<String> own) {
    if (source == null || source.isBlank()) {
      own.add(where + ": the " + what + " source is empty");
    }
  }

  private static List<CatalogEntry> order(List<CatalogEntry> healthy, List<String> problems) {
    Map<String, CatalogEntry> byId = new LinkedHashMap<>();
    healthy.forEach(e -> byId.put(e.id(), e));
    Map<String, Integer> waitingOn = new HashMap<>();
    Map<String, List<String>> unlocks = new HashMap<>();
    for (CatalogEntry entry : healthy) {
      int count = 0;
      for (String prerequisite : entry.prerequisites()) {
        if (!byId.containsKey(prerequisite)) {
          problems.add(
              describe(entry) + ": prerequisite '" + prerequisite + "' is not a known puzzle");
        } else if (!prerequisite.equals(entry.id())) {
          count++;
          unlocks.computeIfAbsent(prerequisite, k -> new ArrayList<>()).add(entry.id());
        } else {
          problems.add(describe(entry) + ": lists itself as a prerequisite");
        }
      }
      waitingOn.put(entry.id(), count);
    }
    PriorityQueue<String> ready = new PriorityQueue<>(Comparator.naturalOrder());
    waitingOn.forEach(
        (id, count) -> {
          if (count == 0) {
            ready.add(id);
          }
        });
    List<CatalogEntry> ordered = new ArrayList<>();
    while (!ready.isEmpty()) {
      String id = ready.poll();
      ordered.add(byId.get(id));
      for (String next : unlocks.getOrDefault(id, List.of())) {
        if (waitingOn.merge(next, -1, Integer::sum) == 0) {
          ready.add(next);
        }
      }
    }
    if (ordered.size() < healthy.size()) {
      List<String> stuck =
          healthy.stream()
              .map(CatalogEntry::id)
              .filter(id -> waitingOn.get(id) > 0)
              .sorted()
              .toList();
      problems.add(
          "prerequisite cycle among puzzles "
              + String.join(", ", stuck.stream().map(id -> describe(byId.get(id))).toList())
              + ": they are listed last, by id");
      stuck.forEach(id -> ordered.add(byId.get(id)));
    }
    return ordered;
  }

  private static String describe(CatalogEntry entry) {
    return "puzzle " + entry.id() + " (" + entry.origin() + ")";
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    // A cause chain may loop (A caused by B caused by A): stop at the first exception seen twice.
    java.util.Set<Throwable> seen =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
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

  /** Get one line per problem found while loading, each naming the puzzle or jar. */
  public List<String> problems() {
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

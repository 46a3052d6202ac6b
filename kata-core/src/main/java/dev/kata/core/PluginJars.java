package dev.kata.core;

import dev.kata.api.Puzzle;
import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarFile;

/**
 * Load the puzzles of plugin jars, each with a class loader of its own, and survive the jars that
 * misbehave: one that is not a jar, one built against an incompatible kata-api (its manifest says
 * so), one whose puzzle never finishes loading (a time limit), one whose puzzle calls {@code
 * System.exit} while loading (a shutdown hook that runs the command again without it).
 */
final class PluginJars {

  /** How long one jar may take to load before it is left out. */
  private static final Duration PLUGIN_ANSWER = Duration.ofSeconds(5);

  /**
   * System property: plugin jars (absolute paths, path-separated) that called System.exit while
   * loading.
   */
  static final String LEFT_OUT_PROPERTY = "kata.leftOutPlugins";

  /**
   * What the jars held.
   *
   * @param entries their puzzles, jar by jar in the order given, each jar's in its services order
   * @param definitionProblems each puzzle's {@link PuzzleRules#definitionProblems}, found on the
   *     loading thread so that a puzzle method that never returns falls under the time limit too
   * @param problems the problems of the jars themselves and of puzzles that could not be created,
   *     in the order found
   */
  record Loaded(
      List<CatalogEntry> entries,
      Map<CatalogEntry, List<CatalogProblem>> definitionProblems,
      List<CatalogProblem> problems) {}

  private PluginJars() {}

  /**
   * Load the puzzles of each jar, once per jar however often it is given.
   *
   * @param jars plugin jars, in the order given; a jar that cannot be read is a problem
   */
  static Loaded load(List<Path> jars) {
    List<CatalogProblem> problems = new ArrayList<>();
    List<CatalogEntry> found = new ArrayList<>();
    Map<CatalogEntry, List<CatalogProblem>> checked = new HashMap<>();
    Set<Path> seen = new HashSet<>();
    for (Path jar : jars) {
      Path normal = jar.toAbsolutePath().normalize();
      if (!seen.add(normal)) {
        continue;
      }
      if (leftOut(normal)) {
        problems.add(
            jarProblem(normal, ": called System.exit while loading; left out", name(normal)));
      } else {
        loadJarWithin(normal, problems, found, checked);
      }
    }
    return new Loaded(found, checked, problems);
  }

  /**
   * Load one jar on a thread of its own and give up on it after {@link #PLUGIN_ANSWER}: a puzzle
   * whose constructor, static initializer or metadata never returns must not stop kata. The stuck
   * thread is a daemon; kata's commands are short-lived.
   */
  private static void loadJarWithin(
      Path jar,
      List<CatalogProblem> problems,
      List<CatalogEntry> found,
      Map<CatalogEntry, List<CatalogProblem>> checked) {
    List<CatalogProblem> ownProblems = new ArrayList<>();
    List<CatalogEntry> ownFound = new ArrayList<>();
    Map<CatalogEntry, List<CatalogProblem>> ownChecked = new HashMap<>();
    Thread loader =
        Thread.ofPlatform()
            .daemon()
            .name("kata-load-" + jar.getFileName())
            .unstarted(
                () -> {
                  loadJar(jar, ownProblems, ownFound);
                  for (CatalogEntry entry : ownFound) {
                    ownChecked.put(entry, PuzzleRules.definitionProblems(entry));
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
          jarProblem(
              jar,
              ": did not finish loading within "
                  + PLUGIN_ANSWER.toSeconds()
                  + " s (a puzzle's constructor, static initializer or metadata method does not"
                  + " return); left out",
              name(jar)));
      return;
    }
    // The join above is the happens-before edge that makes the loader's lists visible here.
    problems.addAll(ownProblems);
    found.addAll(ownFound);
    checked.putAll(ownChecked);
  }

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
            + (before.isEmpty() ? "" : before + File.pathSeparator)
            + jar);
    for (String argument : info.arguments().get()) {
      if (!argument.startsWith("-D" + LEFT_OUT_PROPERTY + "=")) {
        command.add(argument);
      }
    }
    return Optional.of(command);
  }

  private static boolean leftOut(Path jar) {
    for (String path : System.getProperty(LEFT_OUT_PROPERTY, "").split(File.pathSeparator)) {
      if (!path.isEmpty() && Path.of(path).equals(jar)) {
        return true;
      }
    }
    return false;
  }

  private static void loadJar(Path jar, List<CatalogProblem> problems, List<CatalogEntry> found) {
    String name = name(jar);
    if (Files.isDirectory(jar)) {
      problems.add(jarProblem(jar, ": is a folder, not a jar", jar.toString()));
      return;
    }
    if (Files.exists(jar) && !Files.isRegularFile(jar)) {
      problems.add(
          jarProblem(
              jar, ": is not a regular file (a device or a pipe?), not a jar", jar.toString()));
      return;
    }
    if (!Files.isRegularFile(jar)) {
      problems.add(jarProblem(jar, ": no such file", jar.toString()));
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
          problems.add(jarProblem(jar, ": " + incompatible.get(), name));
          return;
        }
      }
    } catch (IOException | SecurityException e) {
      problems.add(jarProblem(jar, ": not a readable jar (" + e.getMessage() + ")", name));
      return;
    }
    URLClassLoader loader;
    try {
      loader =
          new URLClassLoader(
              "kata-plugin-" + name,
              new URL[] {jar.toUri().toURL()},
              PluginJars.class.getClassLoader());
    } catch (MalformedURLException e) {
      problems.add(jarProblem(jar, ": bad path (" + e.getMessage() + ")", name));
      return;
    }
    int before = found.size();
    int problemsBefore = problems.size();
    for (var provider : PuzzleCatalog.providers(loader, problems, name, "plugin " + name)) {
      if (provider.type().getClassLoader() == loader) {
        PuzzleCatalog.entry(provider, Optional.of(jar), problems).ifPresent(found::add);
      }
    }
    if (found.size() == before && problems.size() == problemsBefore) {
      // Only when nothing else was said: a jar whose services file names a broken class does
      // declare one.
      problems.add(
          jarProblem(
              jar,
              ": declares no puzzle (no META-INF/services/" + Puzzle.class.getName() + ")",
              name));
    }
  }

  private static String name(Path jar) {
    return jar.getFileName().toString();
  }

  /**
   * A problem of a whole jar, {@code "plugin " + named + detail}: named by its file name, or by its
   * full path when the file itself is missing or wrong, so the user can find it.
   */
  private static CatalogProblem jarProblem(Path jar, String detail, String named) {
    return CatalogProblem.ofOrigin(jar.getFileName().toString(), "plugin " + named + detail);
  }
}

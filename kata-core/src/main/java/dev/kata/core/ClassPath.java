package dev.kata.core;

import java.io.File;
import java.io.IOException;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

/**
 * Read this JVM's class path, which solutions compile against and check JVMs run with.
 *
 * <p>A jar's manifest {@code Class-Path} is followed, so a launcher that starts the JVM with one
 * "manifest-only" jar (Maven Surefire does by default, and so may an author's build) still yields
 * every entry. javac and a child JVM would otherwise see only that one jar, or resolve its relative
 * entries against the wrong directory.
 */
final class ClassPath {

  private ClassPath() {}

  static List<Path> current() {
    Set<Path> result = new LinkedHashSet<>();
    Arrays.stream(System.getProperty("java.class.path", "").split(File.pathSeparator))
        .filter(s -> !s.isBlank())
        .map(Path::of)
        .forEach(p -> add(p, result));
    return List.copyOf(result);
  }

  /** The name of kata-core's module, which a check JVM runs from the module path. */
  static final String CORE_MODULE = "dev.kata.core";

  /**
   * A check JVM's class path, split in two.
   *
   * @param modulePath kata-core and the named modules it runs with
   * @param classPath the rest: kata-api, the puzzles, plugins, their libraries
   */
  record Split(List<Path> modulePath, List<Path> classPath) {}

  /**
   * Split a class path for a check JVM: kata-core goes on the module path, so that code on the
   * class path cannot reach into it by reflection, and with it the named modules it requires, and
   * those built on them alone (the Jupiter engine, JUnit's other modules): JUnit's modules share
   * internals through qualified exports, so they must all be named or all not. Everything else
   * stays on the class path, however it is packaged.
   *
   * @throws KataException when kata-core is not among the entries as a module
   */
  static Split forCheckJvm(List<Path> entries) {
    Map<String, Path> locations = new LinkedHashMap<>();
    Map<String, ModuleDescriptor> modules = new LinkedHashMap<>();
    for (Path entry : entries) {
      explicitModule(entry)
          .filter(m -> !modules.containsKey(m.name()))
          .ifPresent(
              m -> {
                modules.put(m.name(), m);
                locations.put(m.name(), entry);
              });
    }
    if (!modules.containsKey(CORE_MODULE)) {
      throw new KataException(
          "kata-core is not a module on this class path ("
              + entries.stream().filter(e -> e.toString().contains("kata-core")).toList()
              + "): a check JVM runs it from the module path; rebuild kata");
    }
    ModuleFinder system = ModuleFinder.ofSystem();
    Set<String> chosen = new LinkedHashSet<>(List.of(CORE_MODULE));
    boolean grew = true;
    while (grew) {
      grew = false;
      for (String name : List.copyOf(chosen)) {
        for (ModuleDescriptor.Requires requires : modules.get(name).requires()) {
          // An optional dependence (requires static) is not followed: JUnit's on Kotlin would put
          // the Kotlin that Lincheck uses from the class path on the module path.
          if (!requires.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC)
              && modules.containsKey(requires.name())
              && chosen.add(requires.name())) {
            grew = true;
          }
        }
      }
      Set<String> trusted = new LinkedHashSet<>();
      for (String name : chosen) {
        ModuleDescriptor module = modules.get(name);
        module.exports().forEach(e -> trusted.addAll(e.targets()));
        module.opens().forEach(o -> trusted.addAll(o.targets()));
      }
      for (ModuleDescriptor module : modules.values()) {
        boolean needsNothingElse =
            module.requires().stream()
                .allMatch(
                    r ->
                        r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC)
                            || chosen.contains(r.name())
                            || system.find(r.name()).isPresent());
        if (trusted.contains(module.name()) && needsNothingElse && chosen.add(module.name())) {
          grew = true;
        }
      }
    }
    List<Path> modulePath = chosen.stream().map(locations::get).toList();
    List<Path> classPath = entries.stream().filter(e -> !modulePath.contains(e)).toList();
    return new Split(modulePath, classPath);
  }

  /** Get the module an entry declares with a module-info; empty for anything else. */
  private static java.util.Optional<ModuleDescriptor> explicitModule(Path entry) {
    if (!Files.exists(entry)) {
      return java.util.Optional.empty();
    }
    try {
      Set<ModuleReference> found =
          Files.isDirectory(entry) && !Files.isRegularFile(entry.resolve("module-info.class"))
              ? Set.of() // a folder of classes, not an exploded module
              : ModuleFinder.of(entry).findAll();
      return found.size() == 1
          ? found.stream()
              .map(ModuleReference::descriptor)
              .filter(d -> !d.isAutomatic())
              .findFirst()
          : java.util.Optional.empty();
    } catch (FindException | SecurityException e) {
      return java.util.Optional.empty(); // not a module the JVM would accept: class path
    }
  }

  private static void add(Path entry, Set<Path> result) {
    if (!result.add(entry) || !entry.toString().endsWith(".jar") || !Files.isRegularFile(entry)) {
      return;
    }
    for (Path referenced : manifestClassPath(entry)) {
      add(referenced, result);
    }
  }

  private static List<Path> manifestClassPath(Path jar) {
    List<Path> referenced = new ArrayList<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      var manifest = file.getManifest();
      String value =
          manifest == null
              ? null
              : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
      if (value == null) {
        return referenced;
      }
      URI base = jar.toAbsolutePath().toUri();
      for (String item : value.trim().split("\\s+")) {
        try {
          URI resolved = base.resolve(new URI(item));
          if ("file".equals(resolved.getScheme())) {
            referenced.add(Path.of(resolved));
          }
        } catch (URISyntaxException | IllegalArgumentException e) {
          // Not a usable URL: the JVM would ignore it too.
        }
      }
    } catch (IOException | SecurityException e) {
      // Unreadable: javac and the JVM report it themselves.
    }
    return referenced;
  }
}

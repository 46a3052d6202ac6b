package dev.kata.core;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
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

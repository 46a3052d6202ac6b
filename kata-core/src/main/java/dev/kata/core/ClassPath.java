package dev.kata.core;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Read this JVM's class path, which solutions compile against and check JVMs run with. */
final class ClassPath {

  private ClassPath() {}

  static List<Path> current() {
    return Arrays.stream(System.getProperty("java.class.path", "").split(File.pathSeparator))
        .filter(s -> !s.isBlank())
        .map(Path::of)
        .toList();
  }
}

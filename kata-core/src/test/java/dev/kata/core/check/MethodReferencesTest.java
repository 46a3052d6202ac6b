package dev.kata.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The check JVM's code refers to kata-api, which is on the class path, by calls and lambdas only,
 * never by a method reference.
 *
 * <p>The check JVM runs kata-core as the named module {@code dev.kata.core}, reading the class path
 * through {@code --add-reads}, and starts from the JDK AOT cache the launcher trains. With that
 * cache, a method reference to a class of the class path that the training run did not resolve
 * fails when it is first used: {@code IllegalAccessError: symbolic reference class is not
 * accessible}, while a direct call or a lambda is linked as usual (JDK 25.0.3; seen on the thread
 * report of a check that hung, which told the learner the puzzle was broken). This test keeps such
 * references out of {@code dev.kata.core.check}.
 */
class MethodReferencesTest {

  private static final Pattern IMPORT =
      Pattern.compile("^import (?:static )?([\\w.]+)\\.(\\w+);", Pattern.MULTILINE);

  private static boolean inANamedModule(String pkg) {
    return pkg.startsWith("java.")
        || pkg.startsWith("javax.")
        || pkg.startsWith("jdk.")
        || pkg.startsWith("com.sun.")
        || pkg.startsWith("dev.kata.core")
        || pkg.startsWith("org.junit.")
        || pkg.startsWith("org.opentest4j");
  }

  @Test
  void theCheckJvmsCodeHasNoMethodReferenceToTheClassPath() throws IOException {
    Path sources = Path.of("src/main/java/dev/kata/core/check");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(sources)) {
      files = walk.filter(p -> p.toString().endsWith(".java")).toList();
    }
    assertThat(files).as("sources of dev.kata.core.check").isNotEmpty();
    List<String> found = new ArrayList<>();
    for (Path file : files) {
      String source = Files.readString(file);
      Matcher imports = IMPORT.matcher(source);
      while (imports.find()) {
        if (inANamedModule(imports.group(1))) {
          continue;
        }
        String type = imports.group(2);
        Matcher reference = Pattern.compile("\\b" + type + "::\\w+").matcher(source);
        while (reference.find()) {
          found.add(file.getFileName() + ": " + reference.group());
        }
      }
      Matcher qualified = Pattern.compile("\\b((?:[a-z]\\w*\\.)+)[A-Z]\\w*::\\w+").matcher(source);
      while (qualified.find()) {
        if (!inANamedModule(qualified.group(1))) {
          found.add(file.getFileName() + ": " + qualified.group());
        }
      }
    }
    assertThat(found)
        .as("method references to classes of the class path (write a lambda instead)")
        .isEmpty();
  }
}

package dev.kata.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which of kata's class path entries a check JVM runs as named modules. */
class CheckJvmModulePathTest {

  private final ClassPath.Split split = ClassPath.forCheckJvm(ClassPath.current());

  @Test
  void kataCoreAndJunitAreNamedModulesAndTheRestStaysOnTheClassPath() {
    assertThat(names(split.modulePath()))
        .anyMatch(n -> n.contains("kata-core"))
        .anyMatch(n -> n.startsWith("junit-platform-launcher"))
        .anyMatch(n -> n.startsWith("junit-jupiter-engine"))
        .anyMatch(n -> n.startsWith("opentest4j"))
        .anyMatch(n -> n.startsWith("junit-jupiter-params"))
        .noneMatch(n -> n.contains("kata-api") || n.startsWith("quicktheories"))
        .noneMatch(n -> n.startsWith("assertj") || n.startsWith("javaparser"));
    assertThat(names(split.classPath()))
        .anyMatch(n -> n.contains("kata-api"))
        .anyMatch(n -> n.startsWith("quicktheories"))
        .anyMatch(n -> n.contains("test-classes"));
  }

  @Test
  void withoutKataCoreAsAModuleNoCheckJvmIsStarted() {
    List<Path> withoutCore =
        ClassPath.current().stream().filter(p -> !split.modulePath().get(0).equals(p)).toList();

    assertThatThrownBy(() -> ClassPath.forCheckJvm(withoutCore))
        .isInstanceOf(KataException.class)
        .hasMessageContaining("kata-core is not a module");
  }

  private static List<String> names(List<Path> paths) {
    return paths.stream()
        .map(
            p ->
                p.getNameCount() > 1 && p.getFileName().toString().equals("classes")
                    ? p.getParent().getParent().getFileName() + "/" + p.getFileName()
                    : p.getFileName().toString())
        .toList();
  }
}

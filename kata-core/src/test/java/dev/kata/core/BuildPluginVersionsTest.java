package dev.kata.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BuildPluginVersionsTest {

  private static final Pattern PLUGIN =
      Pattern.compile("<artifactId>([\\w.-]+)</artifactId>\\s*<version>([^<]+)</version>");

  @Test
  void everyVersionIsFilledInFromTheRootPom() throws Exception {
    String root = Files.readString(repository().resolve("pom.xml"));

    assertThat(BuildPluginVersions.all())
        .containsOnlyKeys(
            "maven-toolchains-plugin",
            "maven-compiler-plugin",
            "maven-surefire-plugin",
            "maven-jar-plugin",
            "auto-service");
    BuildPluginVersions.all()
        .forEach(
            (artifact, version) -> {
              String property = artifact.equals("auto-service") ? "autoservice" : artifact;
              assertThat(root)
                  .as("the root pom's version of " + artifact)
                  .contains("<" + property + ".version>" + version + "</" + property + ".version>");
            });
  }

  @Test
  void theWorkspaceBuildFileUsesThem() {
    String pom = WorkspaceBuildFile.render(List.of(), List.of("p01_x"), "0.1.0");

    assertThat(versions(pom))
        .containsEntry("maven-toolchains-plugin", BuildPluginVersions.of("maven-toolchains-plugin"))
        .containsEntry("maven-compiler-plugin", BuildPluginVersions.of("maven-compiler-plugin"));
  }

  @Test
  void theExampleProjectPinsTheSameVersions() throws Exception {
    // examples/ is a project of its own, built against the installed kata: it cannot be filtered
    // from the root pom, so this holds it to the same versions.
    String pom = Files.readString(repository().resolve("examples/connection-pool/pom.xml"));
    var pinned = versions(pom);

    assertThat(pinned).containsKeys("maven-compiler-plugin", "auto-service");
    pinned.forEach(
        (artifact, version) -> {
          String key = artifact.equals("auto-service-annotations") ? "auto-service" : artifact;
          if (BuildPluginVersions.all().containsKey(key)) {
            assertThat(version)
                .as("examples/connection-pool's " + artifact)
                .isEqualTo(BuildPluginVersions.of(key));
          }
        });
  }

  @Test
  void anUnknownPluginIsNamedWithTheOnesKataPins() {
    assertThatThrownBy(() -> BuildPluginVersions.of("maven-nope-plugin"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("no version of 'maven-nope-plugin' in build-plugins.properties");
  }

  /** Every {@code <artifactId>} directly followed by a literal {@code <version>}. */
  static Map<String, String> versions(String pom) {
    Map<String, String> versions = new TreeMap<>();
    Matcher matcher = PLUGIN.matcher(pom);
    while (matcher.find()) {
      if (!matcher.group(2).startsWith("$")) {
        versions.put(matcher.group(1), matcher.group(2));
      }
    }
    return versions;
  }

  /** The repository's root: the tests run in the module's folder. */
  private static Path repository() {
    Path here = Path.of("").toAbsolutePath();
    while (here != null && !Files.isDirectory(here.resolve("examples"))) {
      here = here.getParent();
    }
    assertThat(here).as("the repository root above " + Path.of("").toAbsolutePath()).isNotNull();
    return here;
  }
}

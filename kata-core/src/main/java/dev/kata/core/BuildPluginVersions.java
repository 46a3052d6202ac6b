package dev.kata.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The versions of the Maven plugins (and AutoService) that the build files kata writes use: the
 * versions kata's own build uses, filled in from its root pom when kata is built, so that a
 * workspace's {@code pom.xml} and a {@code kata new} project cannot fall behind kata's own.
 */
public final class BuildPluginVersions {

  private static final String RESOURCE = "build-plugins.properties";
  private static final Map<String, String> VERSIONS = load();

  private BuildPluginVersions() {}

  /**
   * Get the version of one plugin.
   *
   * @param artifactId such as {@code "maven-compiler-plugin"}, or {@code "auto-service"}
   * @throws IllegalArgumentException if kata does not pin that plugin
   */
  public static String of(String artifactId) {
    String version = VERSIONS.get(artifactId);
    if (version == null) {
      throw new IllegalArgumentException(
          "no version of '" + artifactId + "' in " + RESOURCE + "; kata pins " + VERSIONS.keySet());
    }
    return version;
  }

  /** Get every pinned version, by artifact id. */
  public static Map<String, String> all() {
    return VERSIONS;
  }

  private static Map<String, String> load() {
    try (InputStream in = BuildPluginVersions.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("kata is missing its resource " + RESOURCE);
      }
      Properties properties = new Properties();
      properties.load(in);
      Map<String, String> versions = new TreeMap<>();
      for (String name : properties.stringPropertyNames()) {
        String version = properties.getProperty(name).strip();
        if (version.isEmpty() || version.contains("${")) {
          // Copied but not filtered: a build that skipped resource filtering.
          throw new IllegalStateException(
              "kata's " + RESOURCE + " has no version for " + name + " ('" + version + "')");
        }
        versions.put(name, version);
      }
      return Map.copyOf(versions);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read kata's " + RESOURCE, e);
    }
  }
}

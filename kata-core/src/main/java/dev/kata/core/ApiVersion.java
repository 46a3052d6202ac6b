package dev.kata.core;

import dev.kata.api.Puzzle;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kata-api version kata runs with, and whether a plugin built against another one can load.
 *
 * <p>A plugin jar names the version it was compiled against in its manifest attribute {@value
 * #MANIFEST_ATTRIBUTE} (the generated and example projects write it from their kata-api
 * dependency). Semantic versioning decides: the same major version, and a minor version no newer
 * than kata's; while the major version is 0, every minor version may break, so it must be equal.
 */
public final class ApiVersion {

  /**
   * The manifest attribute of a plugin jar that names the kata-api version it was built against.
   */
  public static final String MANIFEST_ATTRIBUTE = "Kata-Api-Version";

  private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.\\d+)?(?:[-.].*)?");

  private ApiVersion() {}

  /** Get the version of the kata-api on the class path, such as {@code 0.1.0-SNAPSHOT}. */
  public static String current() {
    try (InputStream in = Puzzle.class.getResourceAsStream("version.properties")) {
      Properties properties = new Properties();
      if (in != null) {
        properties.load(in);
      }
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  /**
   * Say why a plugin built against {@code builtAgainst} cannot run on this kata-api, if it cannot.
   *
   * @return empty when compatible, else a reason for the user
   */
  public static Optional<String> incompatibility(String builtAgainst) {
    return incompatibility(builtAgainst, current());
  }

  static Optional<String> incompatibility(String builtAgainst, String running) {
    Matcher plugin = VERSION.matcher(builtAgainst.trim());
    Matcher ours = VERSION.matcher(running);
    if (!plugin.matches()) {
      return Optional.of(
          MANIFEST_ATTRIBUTE + " '" + builtAgainst.trim() + "' is not a version like 1.2.3");
    }
    if (!ours.matches()) {
      return Optional.empty();
    }
    int pluginMajor = Integer.parseInt(plugin.group(1));
    int pluginMinor = Integer.parseInt(plugin.group(2));
    int major = Integer.parseInt(ours.group(1));
    int minor = Integer.parseInt(ours.group(2));
    boolean compatible =
        pluginMajor == major && (major == 0 ? pluginMinor == minor : pluginMinor <= minor);
    return compatible
        ? Optional.empty()
        : Optional.of(
            "built against kata-api "
                + builtAgainst.trim()
                + ", which this kata (kata-api "
                + running
                + ") cannot run; rebuild the plugin against kata-api "
                + major
                + "."
                + minor);
  }
}

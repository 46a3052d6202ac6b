package dev.kata.core;

import dev.kata.api.check.CheckConfiguration;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Build the JUnit configuration that runs a puzzle's checks as kata runs them. */
public final class CheckSettings {

  private CheckSettings() {}

  /**
   * Get the configuration parameters for checking one compiled solution: which solution, and
   * kata's time-limit and thread-hygiene extensions switched on.
   */
  public static Map<String, String> forSolution(List<Path> classPath, String className) {
    Map<String, String> parameters = new HashMap<>(CheckConfiguration.forSolution(classPath, className));
    parameters.put("junit.jupiter.extensions.autodetection.enabled", "true");
    parameters.put("junit.jupiter.extensions.autodetection.include", "dev.kata.core.*");
    return parameters;
  }
}

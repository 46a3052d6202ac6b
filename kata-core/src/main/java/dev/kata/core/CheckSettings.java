package dev.kata.core;

import dev.kata.api.check.CheckConfiguration;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Build the JUnit configuration that runs a puzzle's checks as kata runs them. */
public final class CheckSettings {

  /** JUnit Jupiter's switch for running tests in parallel, always off in a check run. */
  static final String PARALLEL_EXECUTION = "junit.jupiter.execution.parallel.enabled";

  private CheckSettings() {}

  /**
   * Get the configuration parameters for checking one compiled solution: which solution, and kata's
   * time-limit and thread-hygiene extensions switched on.
   */
  public static Map<String, String> forSolution(List<Path> classPath, String className) {
    return forSolution(classPath, className, null);
  }

  /**
   * Get the configuration parameters for checking one compiled solution of a puzzle with this
   * contract: only parameters of the contract's type, or of a type the solution is, get the
   * solution.
   *
   * @param contract the puzzle's contract, or null
   */
  public static Map<String, String> forSolution(
      List<Path> classPath, String className, Class<?> contract) {
    Map<String, String> parameters =
        new HashMap<>(CheckConfiguration.forSolution(classPath, className));
    if (contract != null) {
      parameters.put(CheckConfiguration.SOLUTION_CONTRACT, contract.getName());
    }
    parameters.put("junit.jupiter.extensions.autodetection.enabled", "true");
    parameters.put("junit.jupiter.extensions.autodetection.include", "dev.kata.core.check.*");
    // Checks run one at a time: the guards look at the whole JVM. Given here, this wins over a
    // junit-platform.properties that a plugin jar or a build's test classes put on the class path
    // (one that turned on parallel mode made every reference "leak" JUnit's ForkJoinPool workers).
    parameters.put(PARALLEL_EXECUTION, "false");
    return parameters;
  }
}

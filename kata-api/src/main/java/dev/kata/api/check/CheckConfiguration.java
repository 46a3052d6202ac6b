package dev.kata.api.check;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Name the JUnit configuration parameters that tell a puzzle's checks which solution to check.
 *
 * @since 0.1
 */
public final class CheckConfiguration {

  /** The fully qualified name of the solution class, such as {@code p02_fan_out.FanOutRunner}. */
  public static final String SOLUTION_CLASS = "kata.solution.class";

  /**
   * The class path that holds the compiled solution, entries joined by {@link File#pathSeparator}.
   */
  public static final String SOLUTION_PATH = "kata.solution.path";

  /**
   * The fully qualified name of the puzzle's contract. When set, a check parameter is given the
   * solution only when it is of this type or one the solution class implements; other parameter
   * types are left to other resolvers.
   *
   * @since 0.2
   */
  public static final String SOLUTION_CONTRACT = "kata.solution.contract";

  private CheckConfiguration() {}

  /**
   * Get the configuration parameters that select one compiled solution.
   *
   * @param classPath the directories or jars holding the compiled solution
   * @param className the solution class's fully qualified name
   */
  public static Map<String, String> forSolution(List<Path> classPath, String className) {
    String path =
        classPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    return Map.of(SOLUTION_CLASS, className, SOLUTION_PATH, path);
  }
}

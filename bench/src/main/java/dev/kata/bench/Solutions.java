package dev.kata.bench;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Load the solution a benchmark trial measures, inside the JMH fork.
 *
 * <p>{@code baseline} is the sequential implementation in this module. {@code reference} and {@code
 * workspace} are classes {@link KataBench} compiled before forking; their folders arrive as system
 * properties {@code kata.bench.reference.<puzzle>} and {@code kata.bench.workspace.<puzzle>}.
 */
final class Solutions {

  /** The solution names, as given to the benchmarks' {@code solution} parameter. */
  static final String BASELINE = "baseline";

  static final String REFERENCE = "reference";
  static final String WORKSPACE = "workspace";

  private Solutions() {}

  static <T> T load(
      String puzzle, String solution, String className, Class<T> contract, Supplier<T> baseline) {
    if (BASELINE.equals(solution)) {
      return baseline.get();
    }
    String property = "kata.bench." + solution + "." + puzzle;
    String dir = System.getProperty(property);
    if (dir == null) {
      throw new IllegalStateException(
          "no compiled "
              + solution
              + " solution of puzzle "
              + puzzle
              + " (system property "
              + property
              + "); run the benchmarks through ./kata-bench");
    }
    try {
      URLClassLoader loader =
          new URLClassLoader(
              new URL[] {Path.of(dir).toUri().toURL()}, Solutions.class.getClassLoader());
      return contract.cast(loader.loadClass(className).getDeclaredConstructor().newInstance());
    } catch (MalformedURLException | ReflectiveOperationException e) {
      throw new IllegalStateException("cannot load " + className + " from " + dir + ": " + e, e);
    }
  }
}

package dev.kata.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A concurrency puzzle: a contract the learner implements, the learner's starter file, a reference
 * solution, known-wrong solutions, the checks that tell them apart, and hints.
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader}, must have a public no-argument
 * constructor and must be annotated with {@link KataPuzzle}. Source files are resources beside the
 * implementing class, named after the last segment of {@link #solutionFile()}:
 *
 * <pre>
 * com/example/pool/PoolPuzzle.class             the Puzzle implementation
 * com/example/pool/starter/Pool.java            the learner's starting point
 * com/example/pool/reference/Pool.java          the reference solution, commented to teach
 * com/example/pool/wrong/leaks-on-error/Pool.java  one file per {@link WrongSolution}
 * </pre>
 *
 * <p>The default methods read that layout; override them only to store sources elsewhere.
 *
 * @since 0.1
 */
public interface Puzzle {

  /**
   * Get the type the learner's class implements or extends, and that the checks exercise.
   *
   * <p>The learner's file is compiled against the class path that holds this type.
   */
  Class<?> contract();

  /**
   * Get the path of the learner's file relative to the workspace, such as {@code
   * "p06_semaphore/Budget.java"}.
   *
   * <p>The directories are the package and the file name is the public class the learner writes, so
   * the solution class is {@code p06_semaphore.Budget}. The path must be relative and stay inside
   * the workspace.
   */
  String solutionFile();

  /**
   * Get the JUnit Jupiter classes that check a solution.
   *
   * <p>Each class should be annotated with {@link dev.kata.api.check.PuzzleChecks}; its test
   * methods receive the learner's solution as a parameter of the {@link #contract()} type.
   */
  List<Class<?>> checks();

  /** Get the three hints, from concept to API to the shape of the code. */
  Hints hints();

  /** Get the known-wrong solutions; the build proves that the checks reject each one. */
  List<WrongSolution> wrongSolutions();

  /**
   * Get how kata's mistake analyser treats this puzzle's files: which built-in rules run, and the
   * puzzle's own rules. The default runs the built-in rules that are on by default.
   *
   * @since 0.1
   */
  default MistakeAnalysis mistakeAnalysis() {
    return MistakeAnalysis.standard();
  }

  /**
   * Get the source of the learner's starter file: it compiles, marks each place to edit with {@code
   * // TODO} and fails the checks.
   *
   * @throws PuzzleDefinitionException if the resource is missing
   */
  default String starterSource() {
    return readSource("starter/" + solutionFileName());
  }

  /**
   * Get the source of the reference solution.
   *
   * @throws PuzzleDefinitionException if the resource is missing
   */
  default String referenceSource() {
    return readSource("reference/" + solutionFileName());
  }

  /**
   * Get the source of one known-wrong solution.
   *
   * @param wrong one of {@link #wrongSolutions()}
   * @throws PuzzleDefinitionException if the resource is missing
   */
  default String wrongSource(WrongSolution wrong) {
    return readSource("wrong/" + wrong.name() + "/" + solutionFileName());
  }

  /**
   * Get the fully qualified name of the class the learner's file declares, derived from {@link
   * #solutionFile()}.
   */
  default String solutionClassName() {
    String file = solutionFile();
    return file.substring(0, file.length() - ".java".length()).replace('/', '.');
  }

  private String solutionFileName() {
    String file = solutionFile();
    return file.substring(file.lastIndexOf('/') + 1);
  }

  private String readSource(String relative) {
    try (InputStream in = getClass().getResourceAsStream(relative)) {
      if (in == null) {
        String folder = getClass().getPackageName().replace('.', '/');
        throw new PuzzleDefinitionException(
            "missing source resource " + folder + "/" + relative + " for " + getClass().getName());
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PuzzleDefinitionException(
          "cannot read source resource " + relative + ": " + e.getMessage());
    }
  }
}

package dev.kata.core;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** The outcome of compiling a solution file. */
public sealed interface Compilation {

  /**
   * The file compiled and declares the class the puzzle expects.
   *
   * @param classes the folder holding the compiled classes
   * @param className the solution class's fully qualified name
   */
  record Compiled(Path classes, String className) implements Compilation {}

  /**
   * The file did not compile.
   *
   * @param errors the errors, in source order
   */
  record Failed(List<CompileError> errors) implements Compilation {

    /** Render every error, separated by blank lines. */
    public String render() {
      return errors.stream()
          .map(CompileError::render)
          .collect(Collectors.joining(System.lineSeparator()));
    }
  }
}

package dev.kata.testkit;

import dev.kata.api.Puzzle;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A puzzle's declarations of equivalent mutants: mutants that change the code but not what it does,
 * so no check can kill them. They live in {@code equivalent-mutants.txt} beside the puzzle's {@code
 * starter/}, {@code reference/} and {@code wrong/} folders, one per line:
 *
 * <pre>
 * # operator | the original line, trimmed | why no check can tell
 * RVK | private volatile int seen; | only the constructor's thread ever touches it
 * </pre>
 *
 * <p>Fields are separated by a bar with a space each side. A declaration names the operator and the
 * original code of the mutated line, not its number, so it survives edits above it. It covers every
 * mutant of that operator on such a line. One that matches no mutant is stale, and the gate fails
 * on it.
 *
 * @since 0.1
 */
public final class EquivalentMutants {

  /** The resource name, relative to the puzzle class's package. */
  public static final String RESOURCE = "equivalent-mutants.txt";

  /**
   * One declaration.
   *
   * @param operator the operator's id
   * @param code the original line of code, trimmed
   * @param reason why the mutant cannot be told apart from the original
   * @param lineInFile where it is declared, for messages
   */
  public record Declaration(String operator, String code, String reason, int lineInFile) {
    /** Tell whether this declaration covers a mutant. */
    public boolean matches(Mutant mutant) {
      return operator.equals(mutant.operator()) && code.equals(mutant.originalCode());
    }

    @Override
    public String toString() {
      return RESOURCE + ":" + lineInFile + " (" + operator + " | " + code + ")";
    }
  }

  private EquivalentMutants() {}

  /**
   * Read a puzzle's declarations; none when it has no such file.
   *
   * @throws IllegalArgumentException when a line is malformed or gives no reason
   */
  public static List<Declaration> of(Puzzle puzzle) {
    try (InputStream in = puzzle.getClass().getResourceAsStream(RESOURCE)) {
      return in == null ? List.of() : parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parse declarations.
   *
   * @throws IllegalArgumentException when a line is malformed or gives no reason
   */
  public static List<Declaration> parse(String text) {
    List<Declaration> declarations = new ArrayList<>();
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      line = line + " "; // so that an empty reason still ends in " | "
      // Fields are separated by " | ", so code such as 'a || b' keeps its bars.
      int first = line.indexOf(" | ");
      int last = line.lastIndexOf(" | ");
      if (first < 0 || first == last) {
        throw new IllegalArgumentException(
            RESOURCE
                + ":"
                + (i + 1)
                + ": expected 'OPERATOR | original line | reason', got: "
                + line.strip());
      }
      String reason = line.substring(last + 3).strip();
      if (reason.isEmpty()) {
        throw new IllegalArgumentException(
            RESOURCE + ":" + (i + 1) + ": a declaration needs a reason: " + line.strip());
      }
      declarations.add(
          new Declaration(
              line.substring(0, first).strip(),
              line.substring(first + 3, last).strip(),
              reason,
              i + 1));
    }
    return declarations;
  }
}

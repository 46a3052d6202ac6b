package dev.kata.testkit;

/**
 * One mutant of a solution: the source with a single bug pattern written into it.
 *
 * @param operator the id of the operator that made it
 * @param line the line of the original source that was mutated (1-based)
 * @param originalCode that line of the original source, trimmed: with the operator, the key that
 *     survives line shifts in declarations of equivalent mutants
 * @param diff the change on one line, such as {@code permits.release(); -> (removed)}
 * @param source the whole mutated source
 * @since 0.1
 */
public record Mutant(String operator, int line, String originalCode, String diff, String source) {

  /** Describe the mutant in one line, for a build's failure message. */
  public String describe() {
    return operator + " at line " + line + ": " + diff;
  }
}

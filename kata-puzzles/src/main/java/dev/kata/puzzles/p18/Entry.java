package dev.kata.puzzles.p18;

/**
 * One entry to save: a key and the value to store under it.
 *
 * @param key the entry's key, never null
 * @param value the value to store, never null
 */
public record Entry(String key, String value) {

  /** Check that neither component is null. */
  public Entry {
    if (key == null || value == null) {
      throw new IllegalArgumentException(
          "an entry needs a key and a value, got " + key + "=" + value);
    }
  }
}

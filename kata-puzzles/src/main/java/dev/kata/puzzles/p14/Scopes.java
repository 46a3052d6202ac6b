package dev.kata.puzzles.p14;

/**
 * Open task scopes: the class you write. It has a no-argument constructor, and each call of {@link
 * #open()} gives a new {@link Scope}.
 *
 * <p>Scopes are independent of each other: a failure, a cancellation or a {@code close()} in one
 * scope touches no subtask of another, and no scope's subtask runs on a thread another scope can
 * cancel.
 */
public interface Scopes {

  /**
   * Open a new scope owned by the calling thread.
   *
   * @param <T> the type of the subtasks' results
   * @return a new, empty scope
   */
  <T> Scope<T> open();
}

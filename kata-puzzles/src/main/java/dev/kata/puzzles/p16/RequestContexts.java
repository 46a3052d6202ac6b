package dev.kata.puzzles.p16;

/**
 * The two request handlers you write: the class has a no-argument constructor, and each method
 * gives a new handler, independent of every other.
 *
 * <p>Both keep the same contract, {@link RequestHandler}; they differ in where the id lives. The
 * checks see behaviour, not the API inside: which one each handler uses is the lesson of the
 * puzzle, stated here and in the starter, and not a rule a check can enforce.
 */
public interface RequestContexts {

  /**
   * Get a handler that keeps the id in a {@link ThreadLocal}: a per-thread variable that stays set
   * until it is removed, so a pool thread keeps whatever was left in it.
   *
   * @return a new handler
   */
  RequestHandler threadLocal();

  /**
   * Get a handler that keeps the id in a {@link ScopedValue}: bound for the duration of one call
   * and gone when it returns, on that thread only, so a pool thread sees it only where it is bound
   * again.
   *
   * @return a new handler
   */
  RequestHandler scoped();
}

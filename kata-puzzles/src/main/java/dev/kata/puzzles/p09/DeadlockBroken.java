package dev.kata.puzzles.p09;

/**
 * Thrown out of a lock call by the checks to unwind threads they found deadlocked or livelocked, so
 * a wrong solution fails cleanly instead of hanging. An Error, so learner code does not catch it.
 */
final class DeadlockBroken extends Error {

  private static final long serialVersionUID = 1L;

  DeadlockBroken(String message) {
    super(message);
  }
}

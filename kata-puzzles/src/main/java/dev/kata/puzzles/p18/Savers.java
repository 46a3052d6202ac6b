package dev.kata.puzzles.p18;

/**
 * Open savers: the class you write. It has a no-argument constructor, and each call of {@link
 * #open} gives a new, independent {@link Saver}.
 */
public interface Savers {

  /**
   * Open a saver that saves entries to {@code store} and announces them with {@code notifier}.
   *
   * @param store where entries are prepared and committed, never null
   * @param notifier what announces a committed entry, never null
   * @return a new saver, owned by the caller
   */
  Saver open(Store store, Notifier notifier);
}

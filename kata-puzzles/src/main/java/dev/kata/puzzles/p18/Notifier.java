package dev.kata.puzzles.p18;

/**
 * Tells the rest of the system that an entry was saved, supplied by the owner of a {@link Saver}.
 * Safe to cancel: interrupted while it waits, it stops and throws {@link InterruptedException}. It
 * may also fail on its own, with a {@code RuntimeException} or an {@code Error}.
 */
public interface Notifier {

  /**
   * Announce that {@code entry} has been committed.
   *
   * @param entry an entry whose commit has completed
   * @throws InterruptedException if the calling thread is interrupted while it announces
   */
  void saved(Entry entry) throws InterruptedException;
}

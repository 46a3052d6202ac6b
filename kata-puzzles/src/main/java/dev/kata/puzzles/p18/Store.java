package dev.kata.puzzles.p18;

/**
 * The store entries are saved to, supplied by the owner of a {@link Saver}.
 *
 * <p>Both steps respond to interruption as real I/O does: interrupted while they wait, they stop
 * where they are and throw {@link InterruptedException}. For {@link #prepare} that is harmless. For
 * {@link #commit} it is a disaster: a commit interrupted half way leaves the store half written.
 * Either step may also fail on its own, with a {@code RuntimeException} or an {@code Error}.
 */
public interface Store {

  /**
   * Prepare {@code entry} for its commit (validate it, reserve space). Safe to cancel: nothing is
   * written yet.
   *
   * @param entry the entry to prepare
   * @throws InterruptedException if the calling thread is interrupted while it prepares
   */
  void prepare(Entry entry) throws InterruptedException;

  /**
   * Write {@code entry} for good. Once started, a commit must be left to finish: never interrupt
   * the thread that runs it, and never run it twice for one save.
   *
   * @param entry an entry whose {@link #prepare} has ended normally
   * @throws InterruptedException if the thread running it is interrupted, leaving it half done
   */
  void commit(Entry entry) throws InterruptedException;
}

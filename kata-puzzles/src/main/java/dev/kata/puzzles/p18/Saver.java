package dev.kata.puzzles.p18;

/**
 * Save entries in three steps, the middle one shielded from cancellation.
 *
 * <p>Any number of threads may call {@link #save} at once. The thread that opened the saver, its
 * owner, calls {@link #awaitCommits()} when it is done with it.
 */
public interface Saver {

  /**
   * Save {@code entry}: prepare it, commit it, then announce it.
   *
   * <ol>
   *   <li>Prepare: call {@link Store#prepare}. It is cancellable: if the caller is interrupted
   *       during it, the save stops there, no commit ever starts for this entry, and {@code save}
   *       throws {@link InterruptedException}.
   *   <li>Commit: call {@link Store#commit} exactly once, after the prepare has ended normally, on
   *       a thread the caller's interrupt never reaches: nothing ever interrupts a commit. Commits
   *       of different saves do not wait for each other. {@code save} waits for the commit by
   *       blocking, as long as it takes (no time limit). If the caller is interrupted while it
   *       waits, {@code save} throws {@link InterruptedException} at once, without waiting for the
   *       commit, which goes on to complete, in full, exactly once; such a cancelled save announces
   *       nothing.
   *   <li>Notify: once the commit has completed, call {@link Notifier#saved} on the caller's
   *       behalf. It is cancellable: if the caller is interrupted during it, the announcement
   *       stops, the commit stands, and {@code save} throws {@link InterruptedException}.
   *   <li>A step that fails (a {@code RuntimeException} or an {@code Error}) ends the save: {@code
   *       save} throws that very failure, not wrapped, and the steps after it never run.
   *   <li>{@code save} returns normally only after all three steps have ended normally.
   * </ol>
   *
   * @param entry the entry to save, never null
   * @throws InterruptedException if the caller was interrupted during prepare, while waiting for
   *     the commit, or during notify
   */
  void save(Entry entry) throws InterruptedException;

  /**
   * Wait until every commit started by this saver has ended, then return; no thread of the saver
   * outlives it (a pool's last worker may still be exiting at the return, as after {@code
   * awaitTermination}, but none stays alive). The owner calls it last, once every {@code save} has
   * returned or thrown; a commit whose save was cancelled may still be running then.
   *
   * <p>It waits by blocking, as long as the commits take, and reports none of their failures (the
   * save that waited for a commit has reported its failure; a cancelled save has nobody to report
   * to). It is cancellable: if the owner is interrupted while it waits, it throws {@link
   * InterruptedException} at once, and the commits still running go on, never interrupted; the
   * owner may then call it again. Called again after it returned, it returns at once.
   *
   * @throws InterruptedException if the owner was interrupted while waiting
   */
  void awaitCommits() throws InterruptedException;
}

package p18_shield;

import dev.kata.puzzles.p18.Entry;
import dev.kata.puzzles.p18.Notifier;
import dev.kata.puzzles.p18.Saver;
import dev.kata.puzzles.p18.Savers;
import dev.kata.puzzles.p18.Store;

/*
 * Puzzle 18 · Shield a critical commit
 *
 * GOAL
 *   save(entry) prepares the entry, commits it, then announces it. Prepare and notify are
 *   cancellable: an interrupt of the caller stops them, and save throws InterruptedException. The
 *   commit is not: once started, it runs to its end, exactly once, on a thread no interrupt
 *   reaches. Interrupted while it waits for the commit, save throws InterruptedException at once,
 *   announces nothing, and leaves the commit to finish. Commits of different saves do not wait for
 *   each other. A step that fails ends the save with that very failure. awaitCommits(), the
 *   owner's last call, waits (cancellably) until every commit started has ended, and leaves no
 *   thread of the saver behind.
 *
 * THE CONCEPT
 *   Some work must not be cancelled half way: a commit that stops in the middle leaves the store
 *   half written, worse than no commit at all. But a caller that is cancelled must still be told
 *   at once, not after a commit that may take long. Both hold when you see that an interrupt is
 *   aimed at a THREAD: cancelling the one who waits is not cancelling what it waits for.
 *
 * WHAT THE CHECKS PROVE (the Store and the Notifier are the check's: each step blocks on a latch
 * the check releases when it chooses; nothing here waits for a timer)
 *   - the steps run in order, each once, and save waits (blocked, no time limit) for each;
 *   - interrupted during prepare: InterruptedException, the prepare cancelled, no commit ever;
 *   - interrupted while the commit is blocked: InterruptedException at once; the commit was not
 *     interrupted, runs once, completes in full when the check lets it; nothing is announced;
 *     awaitCommits() waits for it, and no commit thread is left when it returns;
 *   - interrupted during notify: InterruptedException, the notify cancelled, the commit stands;
 *   - awaitCommits() interrupted: InterruptedException at once, the commit goes on untouched;
 *   - RuntimeException and Error in each step, and generated concurrent saves whose commits the
 *     check finishes in a random order: each save ends with its own step's very failure.
 *
 * Run it: ./kata run --puzzle 18      Hints: ./kata hint --puzzle 18
 */
public final class ShieldedSavers implements Savers {

  @Override
  public Saver open(Store store, Notifier notifier) {
    return new ShieldedSaver(store, notifier);
  }

  private static final class ShieldedSaver implements Saver {

    private final Store store;
    private final Notifier notifier;

    // TODO: what does the saver need so that a commit runs where the caller's interrupt cannot
    // reach?

    ShieldedSaver(Store store, Notifier notifier) {
      this.store = store;
      this.notifier = notifier;
    }

    @Override
    public void save(Entry entry) throws InterruptedException {
      store.prepare(entry);
      // TODO: this commit runs on the caller's thread: interrupt the caller and it stops half done.
      // Run it elsewhere, and wait for it so that an interrupt ends the wait, not the commit.
      store.commit(entry);
      notifier.saved(entry);
    }

    @Override
    public void awaitCommits() throws InterruptedException {
      // TODO: wait until every commit started has ended, and let no thread of the saver outlive it.
    }
  }
}

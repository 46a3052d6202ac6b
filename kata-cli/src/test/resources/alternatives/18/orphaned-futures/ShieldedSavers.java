package p18_shield;

import dev.kata.puzzles.p18.Entry;
import dev.kata.puzzles.p18.Notifier;
import dev.kata.puzzles.p18.Saver;
import dev.kata.puzzles.p18.Savers;
import dev.kata.puzzles.p18.Store;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/*
 * A correct alternative: the caller that is interrupted hands its still-running commit's Future
 * to a concurrent set, and awaitCommits() waits for each of those with an untimed get() before it
 * waits for the pool to terminate.
 */
public final class ShieldedSavers implements Savers {

  @Override
  public Saver open(Store store, Notifier notifier) {
    return new ShieldedSaver(store, notifier);
  }

  private static final class ShieldedSaver implements Saver {

    private final Store store;
    private final Notifier notifier;

    // The shield: a thread per commit, started on demand, so commits of different saves never
    // queue behind each other. The saver owns it; nothing outside can reach its threads, and the
    // saver itself never calls shutdownNow() or cancel(true), which would interrupt a commit.
    private final ExecutorService commits = Executors.newCachedThreadPool();
    private final Set<Future<?>> orphans = ConcurrentHashMap.newKeySet();

    ShieldedSaver(Store store, Notifier notifier) {
      this.store = store;
      this.notifier = notifier;
    }

    @Override
    public void save(Entry entry) throws InterruptedException {
      // 1. Prepare on the caller's thread: an interrupt here throws out of save, and no commit
      //    has been submitted yet, so none will ever run.
      store.prepare(entry);

      // 2. Commit on a shielded thread. submit() hands the entry over to the pool thread
      //    (happens-before: everything prepare did is visible to the commit).
      Future<?> commit =
          commits.submit(
              () -> {
                store.commit(entry);
                return null;
              });
      try {
        // Wait without a time limit: a commit takes as long as it takes. If the caller is
        // interrupted, get() throws InterruptedException at once, and we let it propagate: the
        // caller learns it was cancelled, promptly. We do NOT cancel the future (cancel(true)
        // would interrupt the commit half way) and do NOT submit it again: the one commit
        // already running goes on alone, and awaitCommits() waits for it.
        commit.get();
      } catch (InterruptedException e) {
        orphans.add(commit);
        throw e;
      } catch (ExecutionException e) {
        // The commit failed on its own: rethrow its very failure, unwrapped. Completing the
        // future happens-before get() returns, so the commit's writes are visible here.
        throw rethrow(e.getCause());
      }

      // 3. Notify on the caller's thread again: cancellable, and only after the commit has
      //    completed (get() returned normally), so nobody hears of an entry not yet written.
      notifier.saved(entry);
    }

    @Override
    public void awaitCommits() throws InterruptedException {
      // shutdown(), never shutdownNow(): accept no new work, let every commit already running
      // finish, and let the pool's threads end once idle. ExecutorService.close() would be wrong
      // here: interrupted while it waits, it calls shutdownNow() and interrupts the commits.
      commits.shutdown();
      // Interrupted, awaitTermination throws at once and the commits run on; calling
      // awaitCommits() again waits for them again. Long.MAX_VALUE: there is no time limit.
      for (Future<?> orphan : orphans) {
        try {
          orphan.get();
        } catch (ExecutionException e) {
          // its save was cancelled: nobody to report to
        }
        orphans.remove(orphan);
      }
      while (!commits.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS)) {
        // not terminated yet: wait again
      }
    }

    /** Rethrow a commit's failure as itself: a RuntimeException or an Error. */
    private static RuntimeException rethrow(Throwable failure) {
      if (failure instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (failure instanceof Error error) {
        throw error;
      }
      // Store.commit declares only InterruptedException, and nobody interrupts a commit.
      throw new IllegalStateException("the commit failed", failure);
    }
  }
}

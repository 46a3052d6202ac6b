package p18_shield;

import dev.kata.puzzles.p18.Entry;
import dev.kata.puzzles.p18.Notifier;
import dev.kata.puzzles.p18.Saver;
import dev.kata.puzzles.p18.Savers;
import dev.kata.puzzles.p18.Store;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/*
 * WRONG: interrupted while waiting for the commit, it leaves the commit running (right) but
 *   simply returns: no notify, no InterruptedException, the flag cleared. The cancelled caller
 *   believes its entry was saved and announced.
 */
public final class ShieldedSavers implements Savers {

  @Override
  public Saver open(Store store, Notifier notifier) {
    return new ShieldedSaver(store, notifier);
  }

  private static final class ShieldedSaver implements Saver {

    private final Store store;
    private final Notifier notifier;
    private final ExecutorService commits = Executors.newCachedThreadPool();

    ShieldedSaver(Store store, Notifier notifier) {
      this.store = store;
      this.notifier = notifier;
    }

    @Override
    public void save(Entry entry) throws InterruptedException {
      store.prepare(entry);
      Future<?> commit =
          commits.submit(
              () -> {
                store.commit(entry);
                return null;
              });
      try {
        commit.get();
      } catch (InterruptedException e) {
        return; // the commit goes on; skip the notify
      } catch (ExecutionException e) {
        throw rethrow(e.getCause());
      }
      notifier.saved(entry);
    }

    @Override
    public void awaitCommits() throws InterruptedException {
      commits.shutdown();
      while (!commits.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS)) {
        // wait again
      }
    }

    private static RuntimeException rethrow(Throwable failure) {
      if (failure instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (failure instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("the commit failed", failure);
    }
  }
}

package p18_shield;

import dev.kata.puzzles.p18.Entry;
import dev.kata.puzzles.p18.Notifier;
import dev.kata.puzzles.p18.Saver;
import dev.kata.puzzles.p18.Savers;
import dev.kata.puzzles.p18.Store;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/*
 * A correct alternative without an executor: each commit gets a platform thread of its own, the
 * caller waits with Thread.join() (interruptible: an interrupt ends the join, not the thread), and
 * awaitCommits() joins every commit thread still alive.
 */
public final class ShieldedSavers implements Savers {

  @Override
  public Saver open(Store store, Notifier notifier) {
    return new ThreadSaver(store, notifier);
  }

  private static final class ThreadSaver implements Saver {

    private final Store store;
    private final Notifier notifier;
    private final Set<Thread> commits = ConcurrentHashMap.newKeySet();

    ThreadSaver(Store store, Notifier notifier) {
      this.store = store;
      this.notifier = notifier;
    }

    @Override
    public void save(Entry entry) throws InterruptedException {
      store.prepare(entry);
      Throwable[] failure = new Throwable[1];
      Thread commit =
          Thread.ofPlatform()
              .name("commit " + entry.key())
              .unstarted(
                  () -> {
                    try {
                      store.commit(entry);
                    } catch (Throwable t) {
                      failure[0] =
                          t; // published to the joiner by the thread's end (join happens-after)
                    }
                  });
      commits.add(commit);
      commit.start();
      commit.join(); // interrupted: throws at once, the commit thread runs on
      commits.remove(commit);
      Throwable t = failure[0];
      if (t instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (t instanceof Error error) {
        throw error;
      }
      if (t != null) {
        throw new IllegalStateException("the commit failed", t);
      }
      notifier.saved(entry);
    }

    @Override
    public void awaitCommits() throws InterruptedException {
      for (Thread commit : commits) {
        commit.join();
        commits.remove(commit);
      }
    }
  }
}

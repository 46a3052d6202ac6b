package p18_shield;

import dev.kata.puzzles.p18.Entry;
import dev.kata.puzzles.p18.Notifier;
import dev.kata.puzzles.p18.Saver;
import dev.kata.puzzles.p18.Savers;
import dev.kata.puzzles.p18.Store;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/*
 * A correct alternative: each commit runs in a virtual thread of its own and completes a
 * CompletableFuture the caller waits on; an in-flight counter under a lock, with a condition,
 * lets awaitCommits() wait for the last commit to end.
 */
public final class ShieldedSavers implements Savers {

  @Override
  public Saver open(Store store, Notifier notifier) {
    return new CountingSaver(store, notifier);
  }

  private static final class CountingSaver implements Saver {

    private final Store store;
    private final Notifier notifier;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private int inFlight;

    CountingSaver(Store store, Notifier notifier) {
      this.store = store;
      this.notifier = notifier;
    }

    @Override
    public void save(Entry entry) throws InterruptedException {
      store.prepare(entry);
      CompletableFuture<Void> done = new CompletableFuture<>();
      lock.lock();
      try {
        inFlight++;
      } finally {
        lock.unlock();
      }
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  store.commit(entry);
                  done.complete(null);
                } catch (Throwable t) {
                  done.completeExceptionally(t);
                } finally {
                  lock.lock();
                  try {
                    inFlight--;
                    idle.signalAll();
                  } finally {
                    lock.unlock();
                  }
                }
              });
      try {
        done.get();
      } catch (ExecutionException e) {
        Throwable t = e.getCause();
        if (t instanceof RuntimeException runtime) {
          throw runtime;
        }
        if (t instanceof Error error) {
          throw error;
        }
        throw new IllegalStateException("the commit failed", t);
      }
      notifier.saved(entry);
    }

    @Override
    public void awaitCommits() throws InterruptedException {
      lock.lock();
      try {
        while (inFlight > 0) {
          idle.await();
        }
      } finally {
        lock.unlock();
      }
    }
  }
}

package fixture;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;

/**
 * Its own ForkJoinPool, made before any virtual thread exists, so its workers are
 * "ForkJoinPool-1-worker-N".
 */
public class Solution implements dev.kata.core.fixture.Job {
  @Override
  public int answer() throws Exception {
    ForkJoinPool pool = new ForkJoinPool(1);
    CountDownLatch never = new CountDownLatch(1);
    return pool.submit(
            () -> {
              never.await(); // nothing counts it down
              return 42;
            })
        .get();
  }
}

package fixture;

import dev.kata.api.check.Patience;
import java.util.concurrent.CountDownLatch;

/**
 * Stands for a check's own code: it waits, with a bound far past the check's limit, for a worker
 * that itself waits forever. kata ends the wait once nothing can move, so the check reports its own
 * answer (41) rather than hitting its limit.
 */
public class Solution implements dev.kata.core.fixture.Job {
  @Override
  public int answer() throws InterruptedException {
    CountDownLatch never = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    Thread worker =
        new Thread(
            () -> {
              try {
                never.await();
                done.countDown();
              } catch (InterruptedException e) {
                // ended below
              }
            },
            "worker");
    worker.start();
    boolean met = Patience.await(done, 60_000);
    worker.interrupt();
    worker.join();
    return met ? 42 : 41;
  }
}

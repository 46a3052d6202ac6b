package fixture;

import java.util.concurrent.CountDownLatch;

public class Solution implements dev.kata.core.fixture.Job {
  @Override
  public int answer() {
    Thread poller =
        new Thread(
            () -> {
              try {
                new CountDownLatch(1).await(); // waits forever: nobody stops this thread
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "forgotten-poller");
    poller.start();
    return 42;
  }
}

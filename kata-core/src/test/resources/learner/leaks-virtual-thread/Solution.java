package fixture;

import java.util.concurrent.CountDownLatch;

public class Solution implements dev.kata.core.fixture.Job {
  @Override
  public int answer() {
    Thread.ofVirtual()
        .name("forgotten-listener")
        .start(
            () -> {
              try {
                new CountDownLatch(1).await(); // waits forever: nobody stops this virtual thread
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    return 42;
  }
}

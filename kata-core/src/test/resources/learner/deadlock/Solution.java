package fixture;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

public class Solution implements dev.kata.core.fixture.Job {
  private final ReentrantLock accountA = new ReentrantLock();
  private final ReentrantLock accountB = new ReentrantLock();

  @Override
  public int answer() throws InterruptedException {
    CountDownLatch bothHoldOne = new CountDownLatch(2);
    Thread first = new Thread(() -> transfer(accountA, accountB, bothHoldOne), "transfer-a-to-b");
    Thread second = new Thread(() -> transfer(accountB, accountA, bothHoldOne), "transfer-b-to-a");
    first.start();
    second.start();
    first.join();
    second.join();
    return 42;
  }

  private static void transfer(ReentrantLock from, ReentrantLock to, CountDownLatch bothHoldOne) {
    from.lock();
    try {
      bothHoldOne.countDown();
      try {
        bothHoldOne.await();
      } catch (InterruptedException e) {
        return;
      }
      to.lock(); // locks taken in argument order: a-to-b and b-to-a wait for each other
      to.unlock();
    } finally {
      from.unlock();
    }
  }
}

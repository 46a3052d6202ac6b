package fixture;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

public class Solution implements dev.kata.core.fixture.Job {
  private final ReentrantLock inventory = new ReentrantLock();
  private final ReentrantLock orders = new ReentrantLock();
  private final Object audit = new Object();
  private final Object billing = new Object();

  @Override
  public int answer() throws InterruptedException {
    CountDownLatch locked = new CountDownLatch(2);
    CountDownLatch monitors = new CountDownLatch(2);
    Thread a = Thread.ofVirtual().name("reserve").start(() -> both(inventory, orders, locked));
    Thread b = Thread.ofVirtual().name("cancel").start(() -> both(orders, inventory, locked));
    Thread c =
        Thread.ofVirtual().name("audit-then-bill").start(() -> nested(audit, billing, monitors));
    Thread d =
        Thread.ofVirtual().name("bill-then-audit").start(() -> nested(billing, audit, monitors));
    a.join();
    b.join();
    c.join();
    d.join();
    return 42;
  }

  private static void both(ReentrantLock first, ReentrantLock second, CountDownLatch locked) {
    first.lock();
    try {
      locked.countDown();
      await(locked);
      second.lock();
      second.unlock();
    } finally {
      first.unlock();
    }
  }

  private static void nested(Object first, Object second, CountDownLatch monitors) {
    synchronized (first) {
      monitors.countDown();
      await(monitors);
      synchronized (second) {
        monitors.countDown();
      }
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

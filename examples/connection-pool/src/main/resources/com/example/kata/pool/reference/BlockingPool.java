package acme_pool;

import com.example.kata.pool.Connection;
import com.example.kata.pool.ConnectionPool;
import com.example.kata.pool.ConnectionPools;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;

/**
 * Reference solution: a Semaphore counts the free connections, a concurrent queue holds them.
 *
 * <p>acquire() parks the borrower while the count is zero, and release() wakes one waiter: the
 * semaphore does the waiting and the wake-up, so there is no loop to get wrong. A permit is taken
 * before a connection is polled, and a connection is queued before its permit is returned, so a
 * borrower holding a permit always finds a connection in the queue.
 */
public class BlockingPool implements ConnectionPools {

  @Override
  public ConnectionPool open(List<Connection> connections) {
    Semaphore free = new Semaphore(connections.size());
    Queue<Connection> idle = new ConcurrentLinkedQueue<>(connections);
    return new ConnectionPool() {
      @Override
      public Connection borrow() throws InterruptedException {
        free.acquire();
        return idle.poll();
      }

      @Override
      public void release(Connection connection) {
        idle.add(connection);
        free.release();
      }
    };
  }
}

package acme_pool;

import com.example.kata.pool.Connection;
import com.example.kata.pool.ConnectionPool;
import com.example.kata.pool.ConnectionPools;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** Wrong: borrowers wait on the monitor, but release() never notifies, so they sleep forever. */
public class BlockingPool implements ConnectionPools {

  @Override
  public ConnectionPool open(List<Connection> connections) {
    Deque<Connection> idle = new ArrayDeque<>(connections);
    return new ConnectionPool() {
      @Override
      public synchronized Connection borrow() throws InterruptedException {
        while (idle.isEmpty()) {
          wait();
        }
        return idle.poll();
      }

      @Override
      public synchronized void release(Connection connection) {
        idle.push(connection); // missing notify(): a waiting borrower is never woken
      }
    };
  }
}

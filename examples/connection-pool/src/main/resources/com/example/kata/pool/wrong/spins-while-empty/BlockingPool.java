package acme_pool;

import com.example.kata.pool.Connection;
import com.example.kata.pool.ConnectionPool;
import com.example.kata.pool.ConnectionPools;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Wrong: correct answers, but a borrower spins on poll() while the pool is empty. */
public class BlockingPool implements ConnectionPools {

  @Override
  public ConnectionPool open(List<Connection> connections) {
    Queue<Connection> idle = new ConcurrentLinkedQueue<>(connections);
    return new ConnectionPool() {
      @Override
      public Connection borrow() {
        while (true) {
          Connection c = idle.poll();
          if (c != null) {
            return c;
          }
          Thread.onSpinWait();
        }
      }

      @Override
      public void release(Connection connection) {
        idle.add(connection);
      }
    };
  }
}

package acme_pool;

import com.example.kata.pool.Connection;
import com.example.kata.pool.ConnectionPool;
import com.example.kata.pool.ConnectionPools;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** Wrong: when every connection is lent, borrow() hands out null instead of waiting. */
public class BlockingPool implements ConnectionPools {

  @Override
  public ConnectionPool open(List<Connection> connections) {
    Deque<Connection> idle = new ArrayDeque<>(connections);
    return new ConnectionPool() {
      @Override
      public synchronized Connection borrow() {
        return idle.poll(); // null when the pool is empty
      }

      @Override
      public synchronized void release(Connection connection) {
        idle.push(connection);
      }
    };
  }
}

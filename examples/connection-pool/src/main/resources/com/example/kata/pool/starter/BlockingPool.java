package acme_pool;

import com.example.kata.pool.Connection;
import com.example.kata.pool.ConnectionPool;
import com.example.kata.pool.ConnectionPools;
import java.util.List;

/**
 * A pool that lends each connection to one borrower at a time. Many threads call borrow() and
 * release() at once; when every connection is lent, borrow() must wait (not spin) until one comes
 * back.
 */
public class BlockingPool implements ConnectionPools {

  @Override
  public ConnectionPool open(List<Connection> connections) {
    return new ConnectionPool() {
      @Override
      public Connection borrow() throws InterruptedException {
        // TODO: take a free connection; wait while none is free.
        throw new UnsupportedOperationException("TODO: borrow a connection");
      }

      @Override
      public void release(Connection connection) {
        // TODO: give the connection back and let a waiting borrower have it.
        throw new UnsupportedOperationException("TODO: release a connection");
      }
    };
  }
}

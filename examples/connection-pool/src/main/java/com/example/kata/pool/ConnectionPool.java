package com.example.kata.pool;

/** A pool that lends a fixed set of connections, each to one borrower at a time. */
public interface ConnectionPool {

  /**
   * Borrow a free connection, waiting while every connection is lent. A waiting borrower must
   * really wait (blocked, not spinning on a core) and must wake up when a connection comes back.
   *
   * @return a connection of this pool that nobody else holds; never null
   * @throws InterruptedException if interrupted while waiting
   */
  Connection borrow() throws InterruptedException;

  /**
   * Give back a connection that the caller borrowed, so the next borrower can have it.
   *
   * @param connection a connection borrowed from this pool and not yet given back
   */
  void release(Connection connection);
}

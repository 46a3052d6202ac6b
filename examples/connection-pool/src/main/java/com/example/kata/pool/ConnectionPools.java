package com.example.kata.pool;

import java.util.List;

/** The contract you implement: make a pool over the given connections. */
public interface ConnectionPools {

  /**
   * Make a pool that lends exactly these connections.
   *
   * @param connections the connections, all free at first
   * @return a pool that many threads may use at once
   */
  ConnectionPool open(List<Connection> connections);
}

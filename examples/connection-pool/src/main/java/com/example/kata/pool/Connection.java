package com.example.kata.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A connection the checks hand to your pool. It knows who is using it, so lending one connection to
 * two borrowers at once is caught the moment the second one starts using it.
 */
public final class Connection {

  private final int id;
  private final AtomicReference<Thread> user = new AtomicReference<>();

  private Connection(int id) {
    this.id = id;
  }

  static List<Connection> create(int count) {
    List<Connection> connections = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      connections.add(new Connection(i));
    }
    return connections;
  }

  /** Start using this connection on the current thread; returns the other user if there is one. */
  Thread begin() {
    Thread me = Thread.currentThread();
    return user.compareAndSet(null, me) ? null : user.get();
  }

  void end() {
    user.set(null);
  }

  @Override
  public String toString() {
    return "connection-" + id;
  }
}

package com.example.kata.pool;

import com.google.auto.service.AutoService;
import dev.kata.api.Hints;
import dev.kata.api.KataPuzzle;
import dev.kata.api.Puzzle;
import dev.kata.api.WrongSolution;
import java.util.List;

/**
 * A third-party puzzle: a blocking connection pool. Its id is namespaced ({@code acme.}) so it can
 * never collide with a built-in puzzle, and it comes after built-in puzzle 06 (semaphores).
 *
 * <p>The sources live beside this class as resources: {@code starter/}, {@code reference/} and
 * {@code wrong/<name>/}, each holding {@code BlockingPool.java}.
 */
@AutoService(Puzzle.class)
@KataPuzzle(
    id = "acme.pool",
    slug = "connection-pool",
    title = "A blocking connection pool",
    difficulty = 2,
    prerequisites = "06",
    concepts = {"resource pools", "blocking until a resource is free", "wake-up on release"},
    apis = {"Semaphore", "ConcurrentLinkedQueue", "BlockingQueue"},
    objective =
        "Lend a fixed set of connections to many threads, each connection to one borrower at a"
            + " time; a borrower waits, without spinning, until a connection comes back.")
public final class BlockingConnectionPool implements Puzzle {

  @Override
  public Class<?> contract() {
    return ConnectionPools.class;
  }

  @Override
  public String solutionFile() {
    return "acme_pool/BlockingPool.java";
  }

  @Override
  public List<Class<?>> checks() {
    return List.of(BlockingConnectionPoolChecks.class);
  }

  @Override
  public Hints hints() {
    return new Hints(
        "A pool is a count of free connections plus the connections themselves. Borrowing takes one"
            + " from the count, waiting while it is zero; releasing gives one back and must wake a"
            + " waiter.",
        "A Semaphore with one permit per connection is the count: acquire() waits without spinning."
            + " Keep the free connections in a thread-safe queue such as ConcurrentLinkedQueue.",
        "Semaphore free = new Semaphore(connections.size()); Queue<Connection> idle = new"
            + " ConcurrentLinkedQueue<>(connections); borrow: free.acquire(); return idle.poll();"
            + " release: idle.add(c); free.release();");
  }

  @Override
  public List<WrongSolution> wrongSolutions() {
    return List.of(
        new WrongSolution(
            "returns-null-when-empty",
            "hands out null when every connection is lent instead of waiting"),
        new WrongSolution(
            "never-wakes-waiters",
            "waits with Object.wait() but release() never calls notify, so a waiter sleeps"
                + " forever"),
        new WrongSolution(
            "spins-while-empty",
            "loops on poll() while the pool is empty, burning a core instead of waiting"));
  }
}

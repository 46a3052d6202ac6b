package com.example.kata.pool;

import static org.quicktheories.generators.SourceDSL.integers;

import dev.kata.api.check.Invariant;
import dev.kata.api.check.PropertyChecks;
import dev.kata.api.check.PuzzleChecks;
import dev.kata.api.check.Threads;
import dev.kata.api.check.TimeScale;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The checks of the connection pool. Nothing is timed: a borrower is seen waiting by its thread
 * state, and a wake-up is awaited with a generous, scaled limit that only a lost wake-up reaches.
 */
@PuzzleChecks
public class BlockingConnectionPoolChecks {

  private static final long WAIT_MILLIS = 2_000;

  @Test
  @Order(1)
  @DisplayName(
      "a borrower waits, without spinning, while every connection is lent, and wakes on a release")
  void waitsWhileEmptyAndWakesOnRelease(ConnectionPools solution) {
    PropertyChecks.forAll(
        8,
        integers().between(1, 4),
        size -> {
          List<Connection> connections = Connection.create(size);
          ConnectionPool pool = solution.open(connections);
          List<Connection> lent = new ArrayList<>();
          for (int i = 0; i < size; i++) {
            Connection c =
                borrowSoon(
                    pool,
                    "borrowing connection "
                        + (i + 1)
                        + " of "
                        + size
                        + " from a pool with free ones");
            Invariant.require(
                c != null && connections.contains(c) && !lent.contains(c),
                "borrow() returns a free connection of the pool (" + size + " connections)",
                "one of " + connections + " not yet lent",
                () -> String.valueOf(c));
            lent.add(c);
          }
          AtomicReference<Object> got = new AtomicReference<>();
          Thread waiter =
              Thread.ofPlatform()
                  .daemon()
                  .name("borrower")
                  .start(
                      () -> {
                        try {
                          Connection c = pool.borrow();
                          got.set(c == null ? "null" : c);
                        } catch (InterruptedException e) {
                          got.set(e);
                        }
                      });
          try {
            Threads.Seen seen = Threads.awaitWaiting(waiter, WAIT_MILLIS);
            if (seen == Threads.Seen.ENDED) {
              waiter.join(); // makes what it stored visible here
            }
            if (got.get() != null) {
              throw Invariant.violated(
                  "borrow() waits while all " + size + " connections are lent",
                  "the borrower waits",
                  "borrow() returned " + got.get() + " while every connection was lent");
            }
            if (seen == Threads.Seen.NEVER_WAITED) {
              throw Invariant.violated(
                  "a waiting borrower is blocked, not spinning ("
                      + size
                      + " connections, all lent)",
                  "the borrower's thread WAITING",
                  "it was "
                      + waiter.getState()
                      + " for "
                      + TimeScale.millis(WAIT_MILLIS)
                      + " ms: it keeps a core busy polling");
            }
            Connection back = lent.removeFirst();
            pool.release(back);
            long limit = TimeScale.millis(WAIT_MILLIS);
            waiter.join(limit);
            if (waiter.isAlive()) {
              throw Invariant.violated(
                  "release() wakes a waiting borrower",
                  "the borrower gets " + back,
                  "it was still waiting "
                      + limit
                      + " ms after "
                      + back
                      + " came back (a lost wake-up)");
            }
            Invariant.require(
                back.equals(got.get()),
                "the waiting borrower gets the connection that came back",
                back,
                () -> String.valueOf(got.get()));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
          } finally {
            waiter.interrupt();
          }
        });
  }

  @Test
  @Order(2)
  @DisplayName("each connection is lent to one borrower at a time, and comes back for the next")
  void oneBorrowerAtATime(ConnectionPools solution) {
    PropertyChecks.forAll(
        20,
        integers().between(1, 4),
        integers().between(1, 8),
        (size, borrowers) -> {
          List<Connection> connections = Connection.create(size);
          ConnectionPool pool = solution.open(connections);
          AtomicReference<String> clash = new AtomicReference<>();
          AtomicReference<String> threw = new AtomicReference<>();
          List<Thread> threads = new ArrayList<>();
          for (int b = 0; b < borrowers; b++) {
            threads.add(
                Thread.ofPlatform()
                    .daemon()
                    .name("borrower-" + b)
                    .start(
                        () -> {
                          try {
                            for (int round = 0;
                                round < 20 && clash.get() == null && threw.get() == null;
                                round++) {
                              Connection c = pool.borrow();
                              if (c == null || !connections.contains(c)) {
                                clash.compareAndSet(
                                    null,
                                    "borrow() returned " + c + ", not a connection of the pool");
                                return;
                              }
                              Thread other = c.begin();
                              if (other != null) {
                                clash.compareAndSet(
                                    null,
                                    c
                                        + " was lent to "
                                        + Thread.currentThread().getName()
                                        + " while "
                                        + other.getName()
                                        + " still held it");
                                return;
                              }
                              Thread.yield();
                              c.end();
                              pool.release(c);
                            }
                          } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                          } catch (RuntimeException | Error e) {
                            threw.compareAndSet(
                                null, Thread.currentThread().getName() + "'s call threw " + e);
                          }
                        }));
          }
          String scenario =
              size
                  + (size == 1 ? " connection, " : " connections, ")
                  + borrowers
                  + " borrowers, 20 rounds each";
          try {
            long deadline =
                System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(WAIT_MILLIS));
            for (Thread t : threads) {
              t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
            if (threw.get() != null) {
              throw Invariant.violated(
                  "borrow() and release() work under contention (" + scenario + ")",
                  "no exception",
                  threw.get());
            }
            if (clash.get() != null) {
              throw Invariant.violated(
                  "each connection has one borrower at a time (" + scenario + ")",
                  "one borrower per connection",
                  clash.get());
            }
            long stuck = threads.stream().filter(Thread::isAlive).count();
            if (stuck > 0) {
              throw Invariant.violated(
                  "every borrower gets its turn (" + scenario + ")",
                  "all borrowers finished",
                  stuck
                      + " borrowers were still waiting after "
                      + TimeScale.millis(WAIT_MILLIS)
                      + " ms");
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
          } finally {
            threads.forEach(Thread::interrupt);
          }
        });
  }

  private static Connection borrowSoon(ConnectionPool pool, String what) {
    CompletableFuture<Connection> borrowed = new CompletableFuture<>();
    Thread t =
        Thread.ofPlatform()
            .daemon()
            .name("borrower")
            .start(
                () -> {
                  try {
                    borrowed.complete(pool.borrow());
                  } catch (Throwable e) {
                    borrowed.completeExceptionally(e);
                  }
                });
    long limit = TimeScale.millis(WAIT_MILLIS);
    try {
      return borrowed.get(limit, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      t.interrupt();
      throw Invariant.violated(
          "borrow() returns at once while a connection is free",
          "a connection",
          "still waiting after " + limit + " ms (" + what + ")");
    } catch (ExecutionException e) {
      throw Invariant.violated(
          "borrow() returns a connection while one is free",
          "a connection",
          "it threw " + e.getCause() + " (" + what + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}

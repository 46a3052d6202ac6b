package p12_graceful_shutdown;

import dev.kata.puzzles.p12.ShutdownReport;
import dev.kata.puzzles.p12.WorkService;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/*
 * Puzzle 12 · Graceful shutdown
 *
 * GOAL
 *   A service runs submitted tasks. When it is shut down, or when its process gets SIGTERM (a
 *   container stopping, Ctrl-C), it must stop accepting work, let the work in flight finish within
 *   a grace period, interrupt what is still running after that, and let the process exit.
 *
 * THE CONCEPT
 *   A graceful stop has three phases: close the door, drain, then cut off. Skip the drain and work
 *   in flight is lost; skip the cut-off and one stuck task keeps the process alive forever. At
 *   SIGTERM the JVM runs its shutdown hooks and then halts: the hook is all the time you get, and
 *   a hook must never call System.exit (exit waits for the hooks, the caller included: a deadlock).
 *
 * WHAT THE CHECKS PROVE
 *   - accepted tasks start at once, all together, and their futures give what they returned or threw;
 *   - once shutdown has begun, submit() throws RejectedExecutionException and the task never runs;
 *   - work that ends within the grace period is not interrupted, and shutdown() returns as soon as
 *     it has ended, not at the end of the grace period;
 *   - work still running at the end of the grace period is interrupted then, not before; shutdown()
 *     waits at most another grace period for it, and the report counts what completed and what was
 *     interrupted;
 *   - interrupting the caller of shutdown() makes it throw InterruptedException and interrupts the tasks;
 *   - a real SIGTERM to a child JVM running your class: the task in flight completes, new work is
 *     rejected, and the process exits on its own within the grace period, with status 143.
 *
 * Run:   ./kata run --puzzle 12       Hints:  ./kata hint --puzzle 12 --level 1
 */
public class DrainingService implements WorkService {

  private final ExecutorService pool = Executors.newCachedThreadPool();

  @Override
  public <T> Future<T> submit(Callable<T> task) {
    return pool.submit(task);
  }

  @Override
  public ShutdownReport shutdown(Duration grace) throws InterruptedException {
    // TODO: this drops the work in flight. Stop accepting new work first, and wait (at most grace)
    // TODO: for the work in flight; only then interrupt what is left, and wait for it to end.
    // TODO: count what completed in time and what had to be interrupted.
    pool.shutdownNow();
    return new ShutdownReport(0, 0);
  }

  @Override
  public void installSignalHandling(Duration grace) {
    // TODO: register a JVM shutdown hook (Runtime.addShutdownHook) that calls shutdown(grace).
  }
}

package p17_first_wins;

import dev.kata.puzzles.p17.Race;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/*
 * Puzzle 17 · First success wins (reference solution)
 *
 * One executor per race, owned by the race:
 *   - newVirtualThreadPerTaskExecutor() starts every mirror at once, each on a thread of its own;
 *   - an ExecutorCompletionService hands out the Futures in the order they COMPLETE, so the loop
 *     sees each outcome as it happens; a failure is just one outcome: the loop keeps waiting;
 *   - the first Future whose get() returns a value is the winner. The finally's shutdownNow()
 *     interrupts every loser still running, and the try-with-resources close() then waits until
 *     every mirror's thread has ended, finally blocks included. Only then does the value leave.
 * Interrupted in take(), the same finally and close() cancel every mirror and wait for them, and
 * the InterruptedException goes on to the caller. Interrupted in close() itself, close() keeps
 * waiting and sets the flag again: the caller gets the value with the interrupt kept.
 *
 * Happens-before: a mirror's result or exception is published by its Future when the task
 * completes; take() returns that Future, so get() and exceptionNow() read them safely.
 */
public final class MirrorRace implements Race {

  @Override
  public <T> T firstSuccess(List<Callable<T>> mirrors)
      throws ExecutionException, InterruptedException {
    if (mirrors.isEmpty()) {
      throw new IllegalArgumentException("no mirror to race: the list is empty");
    }
    List<Future<T>> futures = new ArrayList<>(); // list order: the order failures are reported in
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      CompletionService<T> completed = new ExecutorCompletionService<>(executor);
      try {
        for (Callable<T> mirror : mirrors) {
          futures.add(completed.submit(mirror));
        }
        for (int left = mirrors.size(); left > 0; left--) {
          Future<T> next = completed.take(); // the next mirror to complete, blocked until then
          try {
            return next.get(); // completed: no wait. A value wins the race
          } catch (ExecutionException failed) {
            // A failure is not an answer: wait for the next mirror to complete.
          }
        }
      } finally {
        executor.shutdownNow(); // interrupt every loser still running; close() waits for them
      }
    }
    // Every mirror failed, and every Future is done: report them all, in list order.
    ExecutionException all =
        new ExecutionException("every mirror failed", futures.get(0).exceptionNow());
    for (int i = 1; i < futures.size(); i++) {
      all.addSuppressed(futures.get(i).exceptionNow());
    }
    throw all;
  }
}

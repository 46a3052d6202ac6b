package p01_cooperative_yielding;

import dev.kata.puzzles.p01.ChunkedWork;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.IntConsumer;

/*
 * Puzzle 01 · Event loop basics
 *
 * GOAL
 *   Process `count` items on an event loop without freezing it.
 *
 * THE CONCEPT
 *   An event loop is ONE thread running queued tasks one after another. It cannot preempt a task:
 *   while your task runs, every other task in the queue waits. If your task processes 10,000 items
 *   in one go, the loop is frozen for all of them. A well-behaved task does a chunk of the work and
 *   then puts "the rest" back in the queue, so tasks queued meanwhile get their turn first.
 *
 * WHAT THE CHECKS PROVE
 *   - every item runs once, in order, on the loop's thread, at most chunkSize items per loop task;
 *   - the returned future completes after the last item has run, not before;
 *   - a task queued on the loop while your job runs gets its turn before the job ends;
 *   - an exception (RuntimeException or Error) thrown by an item fails the returned future with
 *     that exception, and stops the job, without letting the exception escape into the loop;
 *   - process() returns at once, before any item runs;
 *   - two jobs in progress at once on the same worker keep apart.
 *
 * Run:   ./kata run --puzzle 1        Hints:  ./kata hint --puzzle 1 --level 1
 */
public class ChunkedWorker implements ChunkedWork {

  @Override
  public CompletableFuture<Void> process(
      Executor loop, int count, int chunkSize, IntConsumer work) {
    // TODO: create the future you will return, and queue the first chunk on `loop`.
    // TODO: a chunk runs work.accept(i) for at most chunkSize items, then queues the rest with
    //       loop.execute(...) instead of carrying on: that is how a task yields on an event loop.
    // TODO: complete the future after the last item; if work throws, completeExceptionally and
    // stop.
    return CompletableFuture.completedFuture(null);
  }
}

package dev.kata.puzzles.p01;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.IntConsumer;

/**
 * Do a long job on an event loop without freezing it.
 *
 * <p>An event loop is one thread taking tasks from a queue, one at a time. Nothing can preempt a
 * task: while one runs, every other queued task waits. A long job must therefore be cut into chunks
 * and give the loop back between them.
 */
public interface ChunkedWork {

  /**
   * Call {@code work.accept(i)} for every {@code i} from 0 to {@code count - 1}, in order, on the
   * loop's thread, at most {@code chunkSize} items per loop task, so that tasks queued on the loop
   * meanwhile run between chunks.
   *
   * <p>Return at once, before any item runs: the caller is not the loop.
   *
   * <p>A failing item fails the future, not the loop: no exception escapes a loop task, where it
   * would end the loop's thread.
   *
   * <p>Several jobs may be in progress at once on one worker, on the same loop: each keeps its own
   * progress.
   *
   * @param loop a single-threaded executor: the event loop
   * @param count how many items, 0 or more
   * @param chunkSize the most items one loop task may process, 1 or more
   * @param work what to do with each item; may throw a RuntimeException or an Error
   * @return a future that completes normally after the last item, or exceptionally with the
   *     exception {@code work} threw, after which no further item runs
   */
  CompletableFuture<Void> process(Executor loop, int count, int chunkSize, IntConsumer work);
}

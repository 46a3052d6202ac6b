package dev.kata.puzzles.p08;

import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * Pass items through three stages that work at the same time, each on a thread of its own, joined
 * by bounded queues.
 *
 * <p>Think of an import: parse each record, enrich it, store it. Parsing record 50 need not wait
 * until record 1 is stored; but when storing is slow, parsing must not run a million records ahead,
 * and when one record cannot be parsed, the whole import stops at once, leaving nothing running.
 */
public interface Pipeline {

  /**
   * One stage's work on one item.
   *
   * @param <I> the item the stage receives
   * @param <O> the item it hands to the next stage
   */
  @FunctionalInterface
  interface Stage<I, O> {

    /**
     * Turn one item into the next stage's item. It may take long, and it may throw anything.
     *
     * @param item an item the previous stage produced (the first stage gets the input's items)
     * @throws InterruptedException if its thread is interrupted while it waits, as blocking Java
     *     methods do
     * @throws Exception any other failure
     */
    O apply(I item) throws Exception;
  }

  /**
   * Pass every item of {@code input} through {@code first}, then {@code second}, then {@code
   * third}, and return the third stage's results in input order.
   *
   * <ol>
   *   <li>Each stage runs on one thread of its own, a different thread for each stage (the caller's
   *       thread may be one of them), and applies its function to one item at a time: to every item
   *       exactly once, in input order.
   *   <li>The stages work at the same time: a stage goes on with its next item as soon as it has
   *       handed the previous one on, whatever the stages after it are doing.
   *   <li>Between two stages is a first-in, first-out queue that holds up to {@code capacity}
   *       items. A stage takes an item from it only when it is ready to work on that item, and
   *       waits when the queue to the next stage is full, and only then: a slow stage holds back
   *       the stages before it (backpressure).
   *   <li>A stage waits for its next item, or for room in the next queue, as long as it takes,
   *       without a time limit: a slow stage upstream is not the end of the input.
   *   <li>After its last item, each stage passes the end of the input on to the next one, and ends.
   *   <li>When {@code run} returns, every stage has ended: no stage function is running, and every
   *       thread {@code run} started ends.
   *   <li>If a stage function throws, {@code run} throws an {@link ExecutionException} whose cause
   *       is that very exception (checked exception, runtime exception or {@link Error}). It does
   *       so promptly, without waiting for the other stages to finish their items: it stops them by
   *       interrupting them, which stops a stage whether it waits on a full queue, on an empty one,
   *       or inside its function.
   *   <li>When {@code run} throws, every stage has stopped, as when it returns; no stage starts
   *       another item.
   *   <li>If the calling thread is interrupted while {@code run} waits, {@code run} stops every
   *       stage in the same way and throws {@link InterruptedException}.
   * </ol>
   *
   * @param input the items, in order; may be empty, never null
   * @param first the first stage's work, applied to each input item
   * @param second the second stage's work, applied to each result of {@code first}
   * @param third the last stage's work, applied to each result of {@code second}
   * @param capacity how many items each queue between two stages holds, 1 or more
   * @return the results of {@code third}, one per input item, in input order
   * @throws ExecutionException if a stage function threw; its cause is what the stage threw
   * @throws InterruptedException if the calling thread was interrupted while {@code run} waited
   */
  <T, A, B, R> List<R> run(
      List<T> input, Stage<T, A> first, Stage<A, B> second, Stage<B, R> third, int capacity)
      throws ExecutionException, InterruptedException;
}

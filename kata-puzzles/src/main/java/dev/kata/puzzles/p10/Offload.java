package dev.kata.puzzles.p10;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Move CPU-heavy work off a responsive thread (a UI or event-loop thread) and spread it over the
 * cores.
 */
public interface Offload {

  /**
   * Start computing {@code work.apply(x)} for every input and return at once.
   *
   * <p>Called on the responsive thread, which must stay free for its other tasks: no input may be
   * computed on it, and this method must not wait for the work. Compute the inputs on a pool that
   * uses the machine's cores, several at a time, so separate calls' work can overlap too. Size it
   * to the cores (a thread per core), not to the inputs: more threads than cores only add
   * switching. Once the work is done, shut down any pool you created: nothing may outlive the work.
   *
   * <p>If {@code work} throws for an input (a RuntimeException or an Error), the future completes
   * exceptionally with that exception as the cause, and the pool is shut down on that path too. (A
   * ForkJoinPool may hand the joining thread a copy of the exception, of the same class and made to
   * carry that thread's stack, with the original as its cause: that counts as the exception; a
   * wrapper of your own does not.)
   *
   * @param inputs the inputs; may be empty
   * @param work a pure, CPU-bound function
   * @return a future completed with the results in input order
   */
  <T, R> CompletableFuture<List<R>> computeAll(List<T> inputs, Function<T, R> work);
}

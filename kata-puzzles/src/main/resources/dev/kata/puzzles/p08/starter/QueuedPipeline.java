package p08_pipeline;

import dev.kata.puzzles.p08.Pipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

/*
 * Puzzle 08 · Three-stage pipeline
 *
 * GOAL
 *   Pass every item through three stages that work at the same time, each on a thread of its own,
 *   joined by queues of `capacity` items, and return the last stage's results in input order.
 *
 * THE CONCEPT
 *   A pipeline is an assembly line. While the last stage stores item 1, the second enriches item 2
 *   and the first parses item 3. Between two stages sits a bounded queue: when the last stage is
 *   slow, its queue fills and the stage before it WAITS (backpressure) instead of piling up items
 *   in memory. The end of the input travels down the line as a special item, a "poison pill",
 *   that each stage passes on before it ends. And when a stage fails, the pipeline must stop at
 *   once: every other stage, whether it waits on a full queue, an empty one or inside its own
 *   work, is interrupted, and run() throws only once they have all stopped.
 *
 * WHAT THE CHECKS PROVE
 *   For 0 to 200 items and capacities 1 to 8, with the checks' own stages that hold, stall or throw
 *   at chosen items:
 *   - every item passes each stage exactly once, in input order; each stage on one thread of its own;
 *   - with the last stage stalled, each queue fills to exactly `capacity` items, and then the stages
 *     before it are seen blocked (not spinning, not running ahead);
 *   - a slow stage is not the end of the input: the stages after it wait, without a time limit;
 *   - a checked exception, RuntimeException or Error thrown by any stage comes out of run() at once,
 *     as the cause of an ExecutionException, even while another stage is stuck inside its function;
 *   - interrupting run()'s caller stops every stage, and run() throws InterruptedException;
 *   - whenever run() returns or throws, no stage is still working and every stage thread ends.
 *
 * Run:   ./kata run --puzzle 8        Hints:  ./kata hint --puzzle 8 --level 1
 */
public class QueuedPipeline implements Pipeline {

  @Override
  public <T, A, B, R> List<R> run(
      List<T> input, Stage<T, A> first, Stage<A, B> second, Stage<B, R> third, int capacity)
      throws ExecutionException, InterruptedException {
    // TODO: create two bounded queues of `capacity` items: one before the second stage, one before
    // the third.
    // TODO: run each stage on a thread of its own (three tasks on an executor, for instance):
    //   stage 1 puts first.apply(item) for each input item, then a poison pill;
    //   stage 2 takes until the pill, puts second.apply(item), then passes the pill on;
    //   stage 3 takes until the pill and collects third.apply(item).
    // TODO: wait for the three; as soon as one fails, or your caller interrupts you, stop them all
    //   (interrupt them) and wait until they have stopped before you throw.
    List<R> results = new ArrayList<>();
    try {
      // one thread does everything, one stage after the other: not a pipeline
      for (T item : input) {
        results.add(third.apply(second.apply(first.apply(item))));
      }
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      throw new ExecutionException(e);
    }
    return results;
  }
}

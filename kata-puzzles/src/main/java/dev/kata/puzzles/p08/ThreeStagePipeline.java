package dev.kata.puzzles.p08;

import com.google.auto.service.AutoService;
import dev.kata.api.Hints;
import dev.kata.api.KataPuzzle;
import dev.kata.api.Puzzle;
import dev.kata.api.WrongSolution;
import java.util.List;

/**
 * Puzzle 08: three stages joined by bounded queues, an end-of-input pill, failures that stop them
 * all.
 */
@AutoService(Puzzle.class)
@KataPuzzle(
    id = "08",
    slug = "pipeline",
    title = "Three-stage pipeline",
    difficulty = 3,
    prerequisites = {"06", "07", "09"},
    concepts = {
      "pipeline",
      "bounded queues between stages",
      "poison pill",
      "failure propagation",
      "cancellation by interrupt",
      "clean shutdown"
    },
    apis = {
      "BlockingQueue",
      "ArrayBlockingQueue",
      "ExecutorService",
      "ExecutorCompletionService",
      "ExecutionException",
      "shutdownNow"
    },
    objective =
        "Run three stages at once, each on its own thread, joined by bounded queues: items come out"
            + " once and in order, a slow stage holds back the others, the end of the input travels"
            + " as a pill, and a failure or an interrupt stops every stage at once.")
public final class ThreeStagePipeline implements Puzzle {

  @Override
  public Class<?> contract() {
    return Pipeline.class;
  }

  @Override
  public String solutionFile() {
    return "p08_pipeline/QueuedPipeline.java";
  }

  @Override
  public List<Class<?>> checks() {
    return List.of(ThreeStagePipelineChecks.class);
  }

  @Override
  public Hints hints() {
    return new Hints(
        "A pipeline is an assembly line: each stage has its own worker and a small shelf (a bounded"
            + " queue) before the next one. A full shelf makes the worker before it wait; that is"
            + " backpressure. The end of the input travels down the line as a special item, a"
            + " poison pill, that each stage passes on before it stops. When one worker fails,"
            + " someone must stop all the others, wherever they are waiting.",
        "new ArrayBlockingQueue<>(capacity): put() waits while it is full, take() while it is"
            + " empty, and both throw InterruptedException when the thread is interrupted. Run the"
            + " three stages as tasks on Executors.newFixedThreadPool(3); an"
            + " ExecutorCompletionService.take() returns the first task to end, so a failure shows"
            + " at once, as an ExecutionException whose getCause() is what the stage threw."
            + " shutdownNow() interrupts every task; closing the executor waits until they have"
            + " ended.",
        "queues q1, q2 = new ArrayBlockingQueue<>(capacity); END = new Object(). Stage 1: for (item"
            + " : input) q1.put(first.apply(item)); q1.put(END). Stage 2: for (x = q1.take(); x !="
            + " END; x = q1.take()) q2.put(second.apply(x)); q2.put(END). Stage 3: for (x ="
            + " q2.take(); x != END; x = q2.take()) results.add(third.apply(x)). try (pool) {"
            + " submit the three to a completion service; three times: done.take().get(); } catch"
            + " (ExecutionException | InterruptedException e) { pool.shutdownNow(); throw e; }"
            + " return results after the try.");
  }

  @Override
  public List<WrongSolution> wrongSolutions() {
    return List.of(
        new WrongSolution(
            "unbounded-queues",
            "joins the stages with LinkedBlockingQueues without a capacity, so a slow"
                + " last stage never holds back the first"),
        new WrongSolution(
            "pill-not-forwarded",
            "the middle stage stops at the pill without passing it on, so the last"
                + " stage waits for ever"),
        new WrongSolution(
            "middle-failure-blocks-first",
            "when the middle stage fails it only ends itself and the last stage, and run() waits"
                + " for the first stage, which is blocked for ever on its full queue"),
        new WrongSolution(
            "poll-timeout-as-end",
            "stages poll with a timeout and take a quiet queue for the end of the"
                + " input, so a slow stage makes the next ones quit early and items are lost"),
        new WrongSolution(
            "two-consumers-one-pill",
            "runs the middle stage on two threads to go faster, with one pill:"
                + " items come out of order and the second consumer waits for ever"),
        new WrongSolution(
            "catches-exception-not-error",
            "each stage catches Exception, so an Error kills its thread"
                + " unseen and the stages after it wait for ever"),
        new WrongSolution(
            "waits-for-drain-on-failure",
            "on a failure it sets a flag the stages check between items and joins them all before"
                + " throwing, so a stage busy inside its function is never stopped"),
        new WrongSolution(
            "shutdown-now-without-waiting",
            "on a failure it calls shutdownNow() and throws at once,"
                + " while interrupted stages are still running"),
        new WrongSolution(
            "offer-drops-the-pill",
            "passes the pill with offer(), which drops it when the queue is full,"
                + " so the next stage sometimes waits for ever"),
        new WrongSolution(
            "synchronous-queues",
            "joins the stages with SynchronousQueues, so a stage waits at every item"
                + " instead of running up to capacity items ahead"),
        new WrongSolution(
            "interrupt-swallowed",
            "when its caller is interrupted it catches the InterruptedException and"
                + " waits again, so the stages never stop"),
        new WrongSolution(
            "stage-swallows-interrupt",
            "each stage catches InterruptedException from take() and put() and"
                + " goes on, so shutdownNow() cannot stop a stage blocked on a queue"),
        new WrongSolution(
            "skips-the-failed-item",
            "each stage catches the failure of one item and goes on with the next, so items flow"
                + " past the failed one, and run() throws only once everything has drained"),
        new WrongSolution(
            "last-failure-wins",
            "records every stage's exception in one field, so the InterruptedException"
                + " of a stage it stopped replaces the failure that stopped the pipeline"),
        // Written after the checks, without looking at them: each was rejected as it stood.
        new WrongSolution(
            "thread-per-item",
            "runs the three stages for each item on a virtual thread of that item's"
                + " own: no stage has a thread, and nothing bounds how many items are in flight"),
        new WrongSolution(
            "error-rethrown-unwrapped",
            "rethrows a stage's RuntimeException or Error itself instead of"
                + " the ExecutionException around it"),
        new WrongSolution(
            "pool-never-closed-on-failure",
            "on a failure throws at once and never stops its pool, so the"
                + " other stages stay blocked on their queues for ever"));
  }
}

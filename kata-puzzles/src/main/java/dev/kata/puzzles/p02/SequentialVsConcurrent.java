package dev.kata.puzzles.p02;

import com.google.auto.service.AutoService;
import dev.kata.api.Hints;
import dev.kata.api.KataPuzzle;
import dev.kata.api.Puzzle;
import dev.kata.api.WrongSolution;
import java.util.List;

/** Puzzle 02: fork, then join; elapsed is the slowest task, not the sum. */
@AutoService(Puzzle.class)
@KataPuzzle(
    id = "02",
    slug = "sequential-vs-concurrent",
    title = "Sequential vs concurrent",
    difficulty = 1,
    prerequisites = "01",
    concepts = {"fork/join", "thread per task", "elapsed ~ max, not sum"},
    apis = {"ExecutorService.submit", "Future.get", "Executors.newVirtualThreadPerTaskExecutor"},
    objective =
        "Run waiting tasks concurrently, all in flight at once, and collect their results in input"
            + " order.")
public final class SequentialVsConcurrent implements Puzzle {

  @Override
  public Class<?> contract() {
    return FanOut.class;
  }

  @Override
  public String solutionFile() {
    return "p02_sequential_vs_concurrent/ConcurrentFanOut.java";
  }

  @Override
  public List<Class<?>> checks() {
    return List.of(SequentialVsConcurrentChecks.class);
  }

  @Override
  public Hints hints() {
    return new Hints(
        "Fork, then join. Start ALL the tasks first, and only then wait for their results. If you"
            + " wait for each task right after starting it, you are back to one-after-another.",
        "ExecutorService.submit(callable) starts a task and returns a Future at once; Future.get()"
            + " waits for its result. Executors.newVirtualThreadPerTaskExecutor() gives every task"
            + " its own cheap thread, and try-with-resources shuts it down when you are done.",
        "try (var executor = Executors.newVirtualThreadPerTaskExecutor()) { List<Future<T>> futures"
            + " = ...; for (task : tasks) futures.add(executor.submit(task)); List<T> results ="
            + " ...; for (future : futures) results.add(future.get()); return results; }");
  }

  @Override
  public List<WrongSolution> wrongSolutions() {
    return List.of(
        new WrongSolution(
            "sequential",
            "calls each task in turn on the caller's thread: elapsed is the sum of all tasks"),
        new WrongSolution(
            "join-in-submit-loop",
            "waits for each future right after submitting it, so only one task is ever in flight"),
        new WrongSolution(
            "single-thread-pool",
            "uses a one-thread executor: the tasks queue up behind each other"),
        new WrongSolution(
            "fixed-pool-of-four",
            "sizes the pool for the CPU, not for waiting: with more than four tasks, the rest"
                + " queue"),
        new WrongSolution(
            "failure-swallowed",
            "catches a task's ExecutionException and returns null in its place, hiding the"
                + " failure"),
        new WrongSolution(
            "never-shut-down",
            "creates a cached thread pool and never shuts it down, so its threads outlive the"
                + " call"),
        new WrongSolution(
            "own-threads-lose-error",
            "one thread per task catching Exception only: a task's Error is lost and its result"
                + " becomes null"),
        new WrongSolution(
            "returns-before-siblings-end",
            "shutdown() without waiting: on a failure or an interrupt it throws while other tasks"
                + " still run"),
        new WrongSolution(
            "interrupt-retried",
            "catches InterruptedException around get() and waits again, so runAll cannot be"
                + " cancelled"),
        new WrongSolution(
            "results-in-completion-order",
            "each task appends its result to a shared list, so results come in finishing order"),
        new WrongSolution(
            "pool-sized-to-tasks",
            "a fixed pool of tasks.size() threads, which Executors refuses for an empty list"),
        new WrongSolution(
            "failure-wrapped-with-context",
            "wraps get()'s ExecutionException in a new one to add context, so the cause is the"
                + " wrapper, not the task's exception"),
        new WrongSolution(
            "finished-count-lost-update",
            "counts finished tasks with ++ on a volatile field: two tasks that end together both"
                + " write the same count, and runAll waits forever"),
        new WrongSolution(
            "interrupt-flag-set-and-returns",
            "interrupted, cancels the tasks and waits for them, then sets the interrupt flag again"
                + " and returns the results so far instead of throwing InterruptedException"));
  }
}

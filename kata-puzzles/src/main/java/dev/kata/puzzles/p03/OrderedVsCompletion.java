package dev.kata.puzzles.p03;

import com.google.auto.service.AutoService;
import dev.kata.api.Hints;
import dev.kata.api.KataPuzzle;
import dev.kata.api.Puzzle;
import dev.kata.api.WrongSolution;
import java.util.List;

/** Puzzle 03: results in input order vs results as they finish. */
@AutoService(Puzzle.class)
@KataPuzzle(
    id = "03",
    slug = "ordered-vs-completion",
    title = "Input order vs completion order",
    difficulty = 1,
    prerequisites = "02",
    concepts = {"input order", "completion order", "collect as they finish"},
    apis = {"ExecutorService.invokeAll", "ExecutorCompletionService", "CompletableFuture.allOf"},
    objective =
        "Run tasks concurrently and return their results two ways: in input order, and in the order"
            + " they finish.")
public final class OrderedVsCompletion implements Puzzle {

  @Override
  public Class<?> contract() {
    return ResultOrders.class;
  }

  @Override
  public String solutionFile() {
    return "p03_ordered_vs_completion/ResultCollector.java";
  }

  @Override
  public List<Class<?>> checks() {
    return List.of(OrderedVsCompletionChecks.class);
  }

  @Override
  public Hints hints() {
    return new Hints(
        "Waiting for futures one by one, in input order, gives input order however the tasks"
            + " finish. To get completion order you need something that hands you whichever result"
            + " is ready next.",
        "ExecutorService.invokeAll(tasks) starts all tasks and returns their futures in input order"
            + " once all are done. ExecutorCompletionService wraps an executor: submit() every"
            + " task, then take() returns the next future to complete.",
        "inInputOrder: for (Future<T> f : executor.invokeAll(tasks)) results.add(f.get());"
            + " inCompletionOrder: var done = new ExecutorCompletionService<T>(executor); submit"
            + " each task; then repeat tasks.size() times: results.add(done.take().get());");
  }

  @Override
  public List<WrongSolution> wrongSolutions() {
    return List.of(
        new WrongSolution(
            "invoke-all-for-both",
            "uses invokeAll for completion order too, so results come back in input order"),
        new WrongSolution(
            "completion-service-for-both",
            "uses a completion service for input order too, so results come back as they finish"),
        new WrongSolution(
            "get-right-after-submit",
            "waits for each task right after submitting it, so the tasks never overlap"),
        new WrongSolution(
            "parallel-stream",
            "calls the tasks from a parallel stream, ignoring the executor it was given"),
        new WrongSolution(
            "failed-tasks-skipped",
            "catches each task's ExecutionException and skips it, returning a shorter list"),
        new WrongSolution(
            "poll-with-timeout",
            "polls the completion service with a timeout and stops at the first empty poll,"
                + " dropping slow tasks"),
        new WrongSolution(
            "interrupt-retried",
            "catches InterruptedException while waiting and waits again, so the methods cannot be"
                + " cancelled"),
        new WrongSolution(
            "completion-exception-escapes",
            "joins CompletableFutures, so a task's failure leaves as CompletionException, not"
                + " ExecutionException"),
        new WrongSolution(
            "results-added-by-workers",
            "each task appends its result to a plain ArrayList on its pool thread, so two finishing"
                + " at once lose one"),
        new WrongSolution(
            "interrupt-returns-results-so-far",
            "interrupted while waiting, keeps the flag but returns the results it has, instead of"
                + " throwing InterruptedException"));
  }
}

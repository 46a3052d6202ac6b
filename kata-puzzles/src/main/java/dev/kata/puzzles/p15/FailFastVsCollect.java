package dev.kata.puzzles.p15;

import com.google.auto.service.AutoService;
import dev.kata.api.Hints;
import dev.kata.api.KataPuzzle;
import dev.kata.api.Puzzle;
import dev.kata.api.WrongSolution;
import java.util.List;

/** Puzzle 15: the two failure policies side by side; why allOf is not fail-fast. */
@AutoService(Puzzle.class)
@KataPuzzle(
    id = "15",
    slug = "fail-fast-vs-collect",
    title = "Fail fast vs collect all",
    difficulty = 4,
    prerequisites = "14",
    concepts = {
      "fail fast: the first failure cancels the rest",
      "collect all: a failure cancels nothing",
      "the first failure in time",
      "suppressed exceptions",
      "results in input order",
      "CompletableFuture.allOf waits for all"
    },
    apis = {
      "ExecutorCompletionService",
      "ExecutorService.shutdownNow",
      "ExecutorService.close",
      "Future.state",
      "Future.resultNow",
      "Future.exceptionNow",
      "Throwable.addSuppressed",
      "CompletableFuture.allOf"
    },
    objective =
        "Run a batch of tasks under two failure policies: failFast throws the first failure"
            + " at once and cancels the rest, collectAll lets every task run to its end and reports"
            + " every result and every failure; both give results in input order and leave no task"
            + " running.")
public final class FailFastVsCollect implements Puzzle {

  @Override
  public Class<?> contract() {
    return FailurePolicies.class;
  }

  @Override
  public String solutionFile() {
    return "p15_fail_fast_vs_collect/BatchRunner.java";
  }

  @Override
  public List<Class<?>> checks() {
    return List.of(FailFastVsCollectChecks.class);
  }

  @Override
  public Hints hints() {
    return new Hints(
        "Two policies for the same batch. Fail fast: the batch is worth nothing once one task has"
            + " failed, so the caller wants that failure now, and the other tasks are cancelled (in"
            + " Java: their threads interrupted) instead of wasting work. Collect all: every task"
            + " is independent, so every one runs to its end and the caller gets every result and"
            + " every failure. In both, the caller returns only once every task has ended, and"
            + " results come in the order of the input, never in the order the tasks happened to"
            + " finish. CompletableFuture.allOf(...).join() is NOT fail-fast: it completes when ALL"
            + " have completed, so one failure waits for the slowest sibling.",
        "An ExecutorCompletionService hands you each Future as it FINISHES (take() blocks for the"
            + " next one, whichever it is): the first failed one it gives is the first failure in"
            + " time. Future.state() tells SUCCESS from FAILED, resultNow() and exceptionNow() give"
            + " the value or the very exception without waiting. One"
            + " Executors.newVirtualThreadPerTaskExecutor() per call, in try-with-resources:"
            + " shutdownNow() interrupts every task it started, and close() waits until every one"
            + " has ended (interrupted while it waits, it cancels them, keeps waiting, and sets"
            + " your flag again). Throwable.addSuppressed keeps a second failure on the first.",
        "failFast: try (var executor = Executors.newVirtualThreadPerTaskExecutor()) { var cs = new"
            + " ExecutorCompletionService<T>(executor); submit each task, keeping its Future in a"
            + " list; try { for n times: Future<T> f = cs.take(); if (f.state() == FAILED) {"
            + " failed = f; executor.shutdownNow(); break; } } catch (InterruptedException e) {"
            + " executor.shutdownNow(); throw e; } }  then: no failure, return each resultNow() in"
            + " list order; else new ExecutionException(failed.exceptionNow()), addSuppressed every"
            + " other FAILED future's exception that is not an InterruptedException, throw it."
            + "   collectAll: submit each in try-with-resources; after the block, if"
            + " (Thread.interrupted()) throw new InterruptedException(); then walk the futures in"
            + " list order: SUCCESS to results, FAILED to new Outcome.Failure(i, exceptionNow()).");
  }

  @Override
  public List<WrongSolution> wrongSolutions() {
    return List.of(
        new WrongSolution(
            "allof-join-as-fail-fast",
            "failFast waits on CompletableFuture.allOf(...).join(): it completes only when every"
                + " task has, so a failure waits for the blocked siblings forever"),
        new WrongSolution(
            "fail-fast-without-cancel",
            "failFast throws the first failure at once but cancels nothing: the other tasks keep"
                + " running after it has thrown"),
        new WrongSolution(
            "cancel-false",
            "failFast cancels the others with cancel(false), which interrupts nothing: they keep"
                + " running, and their Futures say cancelled"),
        new WrongSolution(
            "throws-before-siblings-end",
            "failFast cancels the others with cancel(true) and throws at once: a cancelled Future"
                + " is done, but its task is still running its cleanup"),
        new WrongSolution(
            "get-in-input-order",
            "failFast calls get() on each Future in input order: a failure of a later task is not"
                + " seen while an earlier one blocks"),
        new WrongSolution(
            "keeps-last-failure",
            "failFast records every failure over the one before: it throws a later failure, such"
                + " as a cancelled task's, instead of the first"),
        new WrongSolution(
            "no-suppressed",
            "failFast throws the first failure but drops the later ones: a cancelled task whose"
                + " cleanup failed is lost"),
        new WrongSolution(
            "catch-exception-not-error",
            "failFast's task wrapper catches Exception: an Error cancels nothing, and failFast"
                + " waits for the blocked siblings forever"),
        new WrongSolution(
            "interrupt-as-failure",
            "failFast interrupted cancels the tasks, then throws a cancelled task's"
                + " InterruptedException as the batch's failure, with the caller's flag cleared:"
                + " the interrupt is lost"),
        new WrongSolution(
            "gives-up-after-a-second",
            "failFast waits at most a second for the next task, then cancels everything and"
                + " fails: the contract has no time limit"),
        new WrongSolution(
            "interrupted-leaves-tasks-running",
            "failFast interrupted while it waits throws InterruptedException at once: the"
                + " try-with-resources close() then waits for tasks nobody cancelled"),
        new WrongSolution(
            "collect-stops-at-first-failure",
            "collectAll cancels the rest when a task fails, like fail-fast: the other tasks never"
                + " finish their work"),
        new WrongSolution(
            "collect-keeps-one-exception",
            "collectAll keeps only the first failure: the others are lost"),
        new WrongSolution(
            "collect-completion-order",
            "collectAll adds the results as the tasks finish: in completion order, not input"
                + " order"),
        new WrongSolution(
            "collect-wrapped-exceptions",
            "collectAll reports the ExecutionException from get() instead of the very exception"
                + " the task threw"),
        new WrongSolution(
            "collect-ignores-interrupt",
            "collectAll interrupted returns an Outcome in which the cancelled tasks are failures,"
                + " instead of throwing InterruptedException"),
        new WrongSolution(
            "suppresses-cancelled-interrupts",
            "failFast adds the InterruptedException of every task it cancelled to the suppressed"
                + " list, not only the later failures that are not InterruptedException"),
        new WrongSolution(
            "collect-hashmap-race",
            "collectAll's task threads put their outcomes into a plain HashMap with no lock: two"
                + " tasks that end at the same instant can lose one"),
        new WrongSolution(
            "results-hashmap-race",
            "both policies' task threads put their results into one plain HashMap with no lock:"
                + " two tasks that end at the same instant under failFast can lose a result"));
  }
}

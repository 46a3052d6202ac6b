package dev.kata.puzzles.p04;

import com.google.auto.service.AutoService;
import dev.kata.api.Hints;
import dev.kata.api.KataPuzzle;
import dev.kata.api.MistakeAnalysis;
import dev.kata.api.Puzzle;
import dev.kata.api.WrongSolution;
import java.util.List;

/** Puzzle 04: bound a wait two ways, and cancel the work that lost. */
@AutoService(Puzzle.class)
@KataPuzzle(
    id = "04",
    slug = "timeouts",
    title = "Timeouts two ways",
    difficulty = 2,
    prerequisites = {"02", "03"},
    concepts = {
      "bounded wait",
      "cancel the loser",
      "interrupt as cancellation",
      "cancelling a CompletableFuture interrupts nothing"
    },
    apis = {
      "Future.get(timeout, unit)",
      "Future.cancel(true)",
      "CompletableFuture.completeOnTimeout",
      "CompletableFuture.orTimeout"
    },
    objective =
        "Wait for a task at most a given time, two ways, and when the time is up make sure the task"
            + " really stops: interrupted, its cleanup run, its thread gone.")
public final class Timeouts implements Puzzle {

  @Override
  public Class<?> contract() {
    return BoundedWait.class;
  }

  @Override
  public String solutionFile() {
    return "p04_timeouts/Waiter.java";
  }

  @Override
  public List<Class<?>> checks() {
    return List.of(TimeoutsChecks.class);
  }

  /** In a puzzle about bounded waits, a wait with no bound is the mistake itself. */
  @Override
  public MistakeAnalysis mistakeAnalysis() {
    return MistakeAnalysis.standard().switchOn("untimed-future-get");
  }

  @Override
  public Hints hints() {
    return new Hints(
        "A timeout bounds how long YOU wait; it does nothing to the work you were waiting for. When"
            + " time is up, the task must be told to stop (Java's way is to interrupt its thread),"
            + " and you must wait until it has really stopped before you say it did. A failure of"
            + " the task is not a timeout.",
        "Future.get(timeout, unit) waits at most that long and throws TimeoutException;"
            + " Future.cancel(true) interrupts the running task; ExecutorService.close()"
            + " (try-with-resources) waits until its tasks have ended."
            + " CompletableFuture.completeOnTimeout(value, timeout, unit) completes with a"
            + " fallback, and whenComplete(...) runs when the future completes for any reason,"
            + " including cancel(). But cancel() on a CompletableFuture interrupts NOTHING: keep"
            + " the Future of the thread that runs the task, and cancel(true) that one.",
        "withFuture: try (var executor = Executors.newVirtualThreadPerTaskExecutor()) { var future"
            + " = executor.submit(task); try { return Optional.of(future.get(...)); } catch"
            + " (TimeoutException e) { future.cancel(true); return Optional.empty(); } catch"
            + " (InterruptedException e) { future.cancel(true); throw e; } }   withCompletable: var"
            + " result = new CompletableFuture<T>(); var running = executor.submit(() -> { try {"
            + " result.complete(task.call()); } catch (Throwable t) {"
            + " result.completeExceptionally(t); } }); executor.shutdown();"
            + " result.completeOnTimeout(fallback, ...); result.whenComplete((v, e) ->"
            + " running.cancel(true)); return result;");
  }

  @Override
  public List<WrongSolution> wrongSolutions() {
    return List.of(
        new WrongSolution(
            "get-without-timeout",
            "calls future.get() with no timeout: a task that never finishes"
                + " blocks the caller forever"),
        new WrongSolution(
            "never-cancels",
            "times out but never cancels the task: it keeps running on a leaked thread"
                + " after withFuture returned empty"),
        new WrongSolution(
            "sleeps-whole-limit",
            "sleeps for the whole limit and then looks at isDone(): a fast result"
                + " comes back only when the limit is over"),
        new WrongSolution(
            "cancel-without-interrupt",
            "cancels with cancel(false), which does not interrupt a running"
                + " task: the caller then waits forever for a task that was never told to stop"),
        new WrongSolution(
            "completable-timeout-only",
            "puts orTimeout/completeOnTimeout on supplyAsync and believes the"
                + " task was stopped: it keeps running, uninterrupted"),
        new WrongSolution(
            "exception-as-timeout",
            "treats an exception from the task as a timeout: the failure is"
                + " hidden behind an empty Optional or the fallback"),
        new WrongSolution(
            "cancel-completable-future",
            "cancels the CompletableFuture on timeout with cancel(true),"
                + " which interrupts nothing: the task keeps running"),
        new WrongSolution(
            "returns-before-task-ends",
            "interrupts the task with shutdownNow() but returns without waiting: the task is still"
                + " running its cleanup when withFuture says it timed out"),
        new WrongSolution(
            "limit-cut-to-millis",
            "converts the limit with toMillis(), which truncates: a limit under a"
                + " millisecond becomes 0, and both methods give up at once"),
        new WrongSolution(
            "limit-in-whole-seconds",
            "passes limit.toSeconds() to get(): a limit under a second becomes"
                + " 0 and the call gives up at once, before the limit"),
        new WrongSolution(
            "catch-exception-not-error",
            "completes the future in catch (Exception e): an Error escapes, the future never"
                + " completes exceptionally and the failure turns into the fallback"),
        new WrongSolution(
            "swallows-caller-interrupt",
            "catches the caller's InterruptedException, cancels the task and"
                + " returns empty: the interrupt is swallowed"),
        new WrongSolution(
            "interrupt-without-cancel",
            "lets the caller's InterruptedException propagate but never"
                + " cancels the task, so close() waits forever for it"),
        new WrongSolution(
            "common-pool-thread",
            "runs the task on the common pool and interrupts the pool thread it"
                + " ran on: a thread it does not own, that outlives the task"),
        new WrongSolution(
            "cancel-does-not-reach-task",
            "returns a dependent future (whenComplete's), so cancelling the"
                + " returned future never reaches the task"),
        new WrongSolution(
            "busy-waits",
            "spins on isDone() until the deadline instead of blocking: a core burns while"
                + " it waits"),
        new WrongSolution(
            "blocks-before-returning",
            "withCompletable waits for the task before returning its future:"
                + " the caller is blocked, and nothing is asynchronous"),
        new WrongSolution(
            "stops-waiting-when-interrupted",
            "waits for the cancelled task with awaitTermination, but an interrupt during that wait"
                + " makes it throw while the task is still cleaning up"),
        new WrongSolution(
            "shared-future-field",
            "keeps the running Future in a field shared by all calls: a timeout"
                + " cancels another call's task"));
  }
}

package dev.kata.puzzles.p14;

import com.google.auto.service.AutoService;
import dev.kata.api.Hints;
import dev.kata.api.KataPuzzle;
import dev.kata.api.Puzzle;
import dev.kata.api.WrongSolution;
import java.util.List;

/** Puzzle 14: a scope owns its subtasks; a failure cancels the siblings; no thread outlives it. */
@AutoService(Puzzle.class)
@KataPuzzle(
    id = "14",
    slug = "structured-scope",
    title = "Structured concurrency",
    difficulty = 4,
    prerequisites = "11",
    concepts = {
      "structured concurrency",
      "a failure cancels the siblings",
      "join waits for every thread",
      "no thread outlives its scope",
      "the first failure is the cause"
    },
    apis = {
      "Executors.newVirtualThreadPerTaskExecutor",
      "ExecutorService.close",
      "ExecutorService.shutdownNow",
      "Future.state",
      "Future.resultNow",
      "StructuredTaskScope (preview)"
    },
    objective =
        "Build a scope that owns its subtasks: each runs in a virtual thread of its own, a failure"
            + " cancels the others, and join() returns, or throws the first failure, only when"
            + " every subtask's thread has ended.")
public final class StructuredScope implements Puzzle {

  @Override
  public Class<?> contract() {
    return Scopes.class;
  }

  @Override
  public String solutionFile() {
    return "p14_structured_scope/TaskScopes.java";
  }

  @Override
  public List<Class<?>> checks() {
    return List.of(StructuredScopeChecks.class);
  }

  @Override
  public Hints hints() {
    return new Hints(
        "A scope is a parent that never leaves before its children: every subtask starts inside it"
            + " and has ended, succeeded, failed or cancelled, before the scope does. Cancelling in"
            + " Java means interrupting the subtask's thread, and a cancelled subtask still needs"
            + " time to run its finally blocks: a Future says CANCELLED at once, while the thread"
            + " is still running. So 'join' means: wait until every THREAD has ended. The first"
            + " failure decides the outcome; later ones are mostly the siblings reacting to being"
            + " cancelled.",
        "Executors.newVirtualThreadPerTaskExecutor() starts a new virtual thread per task, and one"
            + " executor per scope is a container you own: shutdownNow() interrupts every thread it"
            + " started, and close() waits until every one has ended (interrupted while it waits,"
            + " close() cancels them all, keeps waiting, then sets your interrupt flag again). An"
            + " AtomicReference's compareAndSet(null, failure) lets only the first failure in."
            + " Future.resultNow() gives a finished task's result without waiting. Catch Throwable,"
            + " not Exception, around the task: an Error must cancel the siblings too.",
        "fork: Future<T> f = executor.submit(() -> { try { return task.call(); } catch (Throwable"
            + " t) { if (first.compareAndSet(null, t)) executor.shutdownNow(); throw t; } });"
            + " return f::resultNow;   join: executor.close(); if (Thread.interrupted()) throw new"
            + " InterruptedException(); if (first.get() != null) throw new"
            + " ExecutionException(first.get());   close: executor.shutdownNow(); executor.close();"
            + "   With the preview API (java --enable-preview, Java 25) the same reads: try (var"
            + " scope = StructuredTaskScope.open()) { Subtask<String> a = scope.fork(taskA);"
            + " Subtask<String> b = scope.fork(taskB); scope.join(); return a.get() + b.get(); }"
            + " where join() throws StructuredTaskScope.FailedException with the first failure as"
            + " its cause.");
  }

  @Override
  public List<WrongSolution> wrongSolutions() {
    return List.of(
        new WrongSolution(
            "join-without-cancel",
            "join waits for every subtask but a failure cancels nothing:"
                + " join hangs on the sibling that blocks"),
        new WrongSolution(
            "cancel-false",
            "cancels the siblings with cancel(false), which interrupts nothing: they"
                + " keep running after join has thrown"),
        new WrongSolution(
            "returns-before-siblings-end",
            "cancels the siblings with cancel(true) and throws at once:"
                + " a cancelled Future is done, but its thread is still running its cleanup"),
        new WrongSolution(
            "throws-last-failure",
            "every failure overwrites the one before: join throws the last"
                + " failure, such as a cancelled sibling's, instead of the first"),
        new WrongSolution(
            "first-in-fork-order",
            "looks for a failed Future in fork order after all have ended:"
                + " a sibling forked first and cancelled later hides the failure that came first"),
        new WrongSolution(
            "shared-static-executor",
            "one static cached thread pool for every scope, never closed:"
                + " platform threads, shared, that outlive every scope"),
        new WrongSolution(
            "shared-executor-shut-down",
            "one static virtual-thread executor for every scope: a"
                + " failure's shutdownNow() cancels the subtasks of every other scope"),
        new WrongSolution(
            "catch-exception-not-error",
            "the subtask wrapper catches Exception: an Error cancels"
                + " nothing, and join hangs on the blocked siblings"),
        new WrongSolution(
            "close-without-cancel",
            "close() waits for the subtasks without interrupting them: close"
                + " without join hangs on a subtask that runs until cancelled"),
        new WrongSolution(
            "interrupt-as-failure",
            "an interrupted join lets close() cancel the subtasks and then throws their"
                + " InterruptedException as a failure, instead of InterruptedException"),
        new WrongSolution(
            "interrupt-without-cancel",
            "an interrupted join rethrows InterruptedException at once,"
                + " leaving the subtasks running"),
        new WrongSolution(
            "close-stops-waiting-when-interrupted",
            "close() waits with awaitTermination and returns"
                + " when interrupted, while the cancelled subtasks still clean up"),
        new WrongSolution(
            "platform-threads",
            "runs each subtask on a platform thread of a cached pool, closed"
                + " properly, but not the virtual thread the contract asks for"),
        new WrongSolution(
            "join-with-timeout",
            "join gives up after a second: it cancels the subtasks and throws a"
                + " TimeoutException, though a scope waits as long as its subtasks take"),
        new WrongSolution(
            "join-with-a-safety-net",
            "join gives up after 5 s, a 'safety net' longer than any quick test waits: it cancels"
                + " the subtasks and throws, though a scope waits as long as its subtasks take"),
        new WrongSolution(
            "fork-runs-inline",
            "fork calls the task itself: nothing is concurrent, and a failure"
                + " cannot cancel a sibling that has not started"),
        new WrongSolution(
            "cancels-before-recording-the-failure",
            "a failing subtask interrupts its siblings before it records its failure, so a"
                + " sibling's InterruptedException can become the cause"));
  }
}

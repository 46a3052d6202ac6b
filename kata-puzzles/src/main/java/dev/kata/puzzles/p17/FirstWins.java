package dev.kata.puzzles.p17;

import com.google.auto.service.AutoService;
import dev.kata.api.Hints;
import dev.kata.api.KataPuzzle;
import dev.kata.api.Puzzle;
import dev.kata.api.WrongSolution;
import java.util.List;

/** Puzzle 17: the first success wins, the losers are cancelled, all failures are reported. */
@AutoService(Puzzle.class)
@KataPuzzle(
    id = "17",
    slug = "first-wins",
    title = "First success wins",
    difficulty = 4,
    prerequisites = "16",
    concepts = {
      "the first success wins, not the first completion",
      "cancel the losers",
      "wait for the losers to end",
      "report every failure",
      "an interruptible race"
    },
    apis = {
      "ExecutorCompletionService",
      "ExecutorService.invokeAny",
      "ExecutorService.shutdownNow",
      "ExecutorService.close",
      "Future.exceptionNow",
      "Throwable.addSuppressed"
    },
    objective =
        "Race several mirrors: the first to succeed wins and the others are interrupted and"
            + " have ended when you return; if all fail, the caller gets every failure.")
public final class FirstWins implements Puzzle {

  @Override
  public Class<?> contract() {
    return Race.class;
  }

  @Override
  public String solutionFile() {
    return "p17_first_wins/MirrorRace.java";
  }

  @Override
  public List<Class<?>> checks() {
    return List.of(FirstWinsChecks.class);
  }

  @Override
  public Hints hints() {
    return new Hints(
        "A race has two endings. Someone succeeds: that value wins, however many failed before it,"
            + " and everyone else must stop: interrupted, and waited for until their finally blocks"
            + " have run, or they go on using connections and threads after you returned. Nobody"
            + " succeeds: the caller needs every failure to decide what to do, not just one of"
            + " them. The first COMPLETION is not the first SUCCESS: a mirror that fails fast must"
            + " not end the race.",
        "An ExecutorCompletionService hands out each Future as it completes: take() blocks until"
            + " the next one is done, get() then returns its value or throws ExecutionException for"
            + " a failure. shutdownNow() interrupts every mirror still running; an executor's"
            + " close() waits until all have ended (interrupted meanwhile, it keeps waiting and"
            + " sets the flag again). Future.exceptionNow() gives a failed Future's exception;"
            + " Throwable.addSuppressed() carries the others. invokeAny cancels the losers too, but"
            + " reports only one failure. CompletableFuture.anyOf completes with the first"
            + " completion, a failure included.",
        "try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {"
            + " CompletionService<T> done = new ExecutorCompletionService<>(executor); submit each"
            + " mirror, keeping the Futures in list order; try { for (int left = n; left > 0;"
            + " left--) { Future<T> next = done.take(); try { return next.get(); } catch"
            + " (ExecutionException failed) { /* not an answer: keep waiting */ } } } finally {"
            + " executor.shutdownNow(); } } then, all failed: new ExecutionException(first Future's"
            + " exceptionNow()) and addSuppressed for the others, in list order. Empty list:"
            + " IllegalArgumentException before starting anything.");
  }

  @Override
  public List<WrongSolution> wrongSolutions() {
    return List.of(
        new WrongSolution(
            "any-of",
            "CompletableFuture.anyOf: the first mirror to complete decides,"
                + " so a fast failure ends the race that a slower mirror would have won"),
        new WrongSolution(
            "waits-for-all",
            "invokeAll, then the first success: waits for every"
                + " mirror, and a loser that blocks until interrupted is never interrupted"),
        new WrongSolution(
            "losers-not-cancelled",
            "returns the winner's value and shuts the executor"
                + " down politely: the losers are never interrupted and keep running"),
        new WrongSolution(
            "cancel-false",
            "cancels the losers with cancel(false), which interrupts"
                + " nothing: they keep running after the winner is returned"),
        new WrongSolution(
            "returns-before-losers-end",
            "interrupts the losers with shutdownNow() and"
                + " returns at once, while they are still running their cleanup"),
        new WrongSolution(
            "invoke-any-last-failure",
            "ExecutorService.invokeAny: when all fail, the"
                + " cause is the last failure and the others are lost"),
        new WrongSolution(
            "invoke-any-pool-never-shut-down",
            "invokeAny on a cached pool the solution never shuts down: the losers' cleanup still"
                + " runs at return, and pool threads stay"),
        new WrongSolution(
            "swallowed-interrupt",
            "catches the caller's InterruptedException and waits"
                + " again: an interrupted caller is stuck with mirrors nobody cancelled"),
        new WrongSolution(
            "catch-exception-not-error",
            "each mirror's thread reports with catch"
                + " (Exception): an Error is never reported, and the caller waits for it forever"),
        new WrongSolution(
            "failures-in-completion-order",
            "adds the failures in the order they happened, not in list order: the cause is the"
                + " first to fail, not the first mirror"),
        new WrongSolution(
            "timed-invoke-any",
            "invokeAny with a time limit of a second: a slow"
                + " mirror that would have won is cut off with a TimeoutException"),
        new WrongSolution(
            "close-stops-when-interrupted",
            "waits for the losers with"
                + " awaitTermination and returns when interrupted, their cleanup still running"),
        new WrongSolution(
            "check-then-act-winner",
            "decides the winner with won.get() then won.set(true): two mirrors that succeed"
                + " together both take the win, and the later overwrites the first"));
  }
}

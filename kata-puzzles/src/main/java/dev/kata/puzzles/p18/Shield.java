package dev.kata.puzzles.p18;

import com.google.auto.service.AutoService;
import dev.kata.api.Hints;
import dev.kata.api.KataPuzzle;
import dev.kata.api.Puzzle;
import dev.kata.api.WrongSolution;
import java.util.List;

/** Puzzle 18: cancelling the caller of a save must not cancel its commit, once started. */
@AutoService(Puzzle.class)
@KataPuzzle(
    id = "18",
    slug = "shield",
    title = "Shield a critical commit",
    difficulty = 5,
    prerequisites = "17",
    concepts = {
      "cancelling the waiter is not cancelling the work",
      "non-cancellable critical section",
      "interrupts are aimed at threads",
      "prompt cancellation",
      "exactly-once commit"
    },
    apis = {
      "ExecutorService.submit",
      "Future.get",
      "ExecutorService.shutdown",
      "ExecutorService.awaitTermination",
      "Thread.interrupt"
    },
    objective =
        "Save in three steps: prepare and notify are cancelled with their caller, but a commit,"
            + " once started, runs to its end exactly once on a thread no interrupt reaches, while"
            + " its interrupted caller is told at once.")
public final class Shield implements Puzzle {

  @Override
  public Class<?> contract() {
    return Savers.class;
  }

  @Override
  public String solutionFile() {
    return "p18_shield/ShieldedSavers.java";
  }

  @Override
  public List<Class<?>> checks() {
    return List.of(ShieldChecks.class);
  }

  @Override
  public Hints hints() {
    return new Hints(
        "An interrupt is aimed at a thread, not at a piece of work: whatever runs on the"
            + " interrupted thread is cancelled, and whatever runs on another thread is not. So the"
            + " commit must not run on the caller's thread. Cancelling the one who waits is not"
            + " cancelling what it waits for: the caller may stop waiting at once and report the"
            + " cancellation, while the commit, already started, goes on to its end. Somebody must"
            + " still wait for that orphaned commit before the program ends: the owner.",
        "Give the saver an ExecutorService of its own (Executors.newCachedThreadPool(): a thread"
            + " per commit when needed, so commits never queue). submit() the commit and wait with"
            + " Future.get(): interrupted, get() throws InterruptedException at once and leaves the"
            + " task running. Never cancel(true) that future, never shutdownNow() the pool, and"
            + " beware ExecutorService.close(): interrupted, it calls shutdownNow(). shutdown()"
            + " plus awaitTermination() waits for the commits and lets the pool's threads end. A"
            + " failed commit comes back as an ExecutionException: throw its cause.",
        "save: store.prepare(e); Future<?> f = pool.submit(() -> { store.commit(e); return null;"
            + " }); try { f.get(); } catch (ExecutionException x) { throw the cause as itself"
            + " (RuntimeException or Error) } notifier.saved(e);  -- an InterruptedException from"
            + " prepare, get() or saved() simply propagates.  awaitCommits: pool.shutdown(); while"
            + " (!pool.awaitTermination(Long.MAX_VALUE, NANOSECONDS)) { }");
  }

  @Override
  public List<WrongSolution> wrongSolutions() {
    return List.of(
        new WrongSolution(
            "commit-on-callers-thread",
            "runs the commit on the caller's thread: the caller's"
                + " interrupt aborts it half done"),
        new WrongSolution(
            "cancel-true-on-interrupt",
            "shields the commit, but cancels its future with cancel(true)"
                + " when the caller is interrupted: the commit's thread is interrupted half way"),
        new WrongSolution(
            "waits-out-the-commit",
            "interrupted while waiting for the commit, waits on for it and goes on to notify,"
                + " swallowing the interrupt: the cancellation never reaches the caller"),
        new WrongSolution(
            "late-interrupt",
            "interrupted while waiting for the commit, waits for the commit to end"
                + " before throwing InterruptedException: the caller is told, but not promptly"),
        new WrongSolution(
            "returns-quietly-when-interrupted",
            "interrupted while waiting for the commit, returns normally without notifying and"
                + " without the interrupt: the cancelled caller believes it saved"),
        new WrongSolution(
            "commit-submitted-twice-on-retry",
            "interrupted while waiting, submits the commit again"
                + " to be sure it lands, then throws: the entry is committed twice"),
        new WrongSolution(
            "prepare-swallows-interrupt",
            "catches InterruptedException in prepare and returns:"
                + " nothing is committed, but the interrupt flag is lost"),
        new WrongSolution(
            "prepare-in-the-shield",
            "runs prepare and commit together on the shield: prepare cannot"
                + " be cancelled, and a cancelled save still commits"),
        new WrongSolution(
            "notify-in-the-shield",
            "runs commit and notify together on the shield: notify cannot be"
                + " cancelled, and a cancelled save still announces its entry"),
        new WrongSolution(
            "single-shield-thread",
            "one thread for every commit: a commit waits in a queue behind"
                + " the commits of other saves"),
        new WrongSolution(
            "wrapped-failure",
            "rethrows a failed commit as a RuntimeException wrapping the"
                + " ExecutionException, instead of the failure itself"),
        new WrongSolution(
            "await-commits-with-close",
            "awaitCommits uses ExecutorService.close(): interrupted, it"
                + " calls shutdownNow() and aborts the commits still running"),
        new WrongSolution(
            "await-commits-too-early",
            "awaitCommits shuts the pool down without waiting: it returns"
                + " while a cancelled save's commit is still running"),
        new WrongSolution(
            "await-commits-timeout",
            "awaitCommits waits at most a second: a slow commit is still"
                + " running when it returns"),
        new WrongSolution(
            "pool-never-shut-down",
            "awaitCommits waits for every commit's future but never shuts"
                + " the pool down: its idle threads outlive the saver"));
  }
}

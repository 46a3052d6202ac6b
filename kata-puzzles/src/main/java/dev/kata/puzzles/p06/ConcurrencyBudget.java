package dev.kata.puzzles.p06;

import com.google.auto.service.AutoService;
import dev.kata.api.Hints;
import dev.kata.api.KataPuzzle;
import dev.kata.api.Puzzle;
import dev.kata.api.WrongSolution;
import java.util.List;

/** Puzzle 06: at most K in flight, and permits never leak. */
@AutoService(Puzzle.class)
@KataPuzzle(
    id = "06",
    slug = "semaphore",
    title = "Concurrency budget",
    difficulty = 2,
    prerequisites = "05",
    concepts = {"bounded concurrency", "permits", "release in finally"},
    apis = {"Semaphore", "Semaphore.acquire", "Semaphore.release"},
    objective =
        "Run many jobs concurrently but never more than K at once, and return every permit even"
            + " when a job fails.")
public final class ConcurrencyBudget implements Puzzle {

  @Override
  public Class<?> contract() {
    return Throttle.class;
  }

  @Override
  public String solutionFile() {
    return "p06_semaphore/BudgetedRunner.java";
  }

  @Override
  public List<Class<?>> checks() {
    return List.of(ConcurrencyBudgetChecks.class);
  }

  @Override
  public Hints hints() {
    return new Hints(
        "Starting a thread per job gives unbounded concurrency. A budget needs a counter that jobs"
            + " take from before they start and give back when they end, and a job that throws must"
            + " give back just the same.",
        "Semaphore.acquire() takes a permit, waiting while none is free; release() gives one back."
            + " try { ... } finally { permits.release(); } returns it whatever happens.",
        "try (var executor = Executors.newVirtualThreadPerTaskExecutor()) { for each job:"
            + " futures.add(executor.submit(() -> { permits.acquire(); try { return job.call(); }"
            + " finally { permits.release(); } })); } then for each future: get(), and add"
            + " e.getCause() of an ExecutionException to the failures.");
  }

  @Override
  public List<WrongSolution> wrongSolutions() {
    return List.of(
        new WrongSolution(
            "release-outside-finally",
            "releases the permit after the job, not in finally, so a job that throws keeps it"
                + " forever"),
        new WrongSolution(
            "acquire-after-start",
            "submits the job first and acquires the permit afterwards, so one more job than allowed"
                + " is running"),
        new WrongSolution(
            "semaphore-per-job",
            "creates a new Semaphore for each job, so every job gets a permit and nothing is"
                + " limited"),
        new WrongSolution(
            "check-then-act-counter",
            "uses an AtomicInteger: checks there is room, then increments, and two jobs can both"
                + " see room"),
        new WrongSolution(
            "acquire-inside-try",
            "acquires inside the try whose finally releases, so a job interrupted while waiting"
                + " gives back a permit it never took"),
        new WrongSolution(
            "release-in-catch-exception",
            "releases on success and in catch (Exception e), so a job that throws an Error keeps"
                + " its permit forever"),
        new WrongSolution(
            "wrapped-failures",
            "returns the ExecutionException wrappers instead of the exceptions the jobs threw"),
        new WrongSolution(
            "swallowed-interrupt",
            "catches the caller's InterruptedException and keeps waiting, so runAll cannot be"
                + " cancelled"),
        new WrongSolution(
            "timed-acquire-gives-up",
            "waits for a permit with a timeout and drops the job when it expires, so slow jobs make"
                + " others never run"),
        new WrongSolution(
            "returns-before-jobs-finish",
            "shuts the executor down and waits a fixed second, so it returns while slow jobs still"
                + " run and hold permits"),
        new WrongSolution(
            "spin-on-try-acquire",
            "loops on tryAcquire() instead of blocking in acquire(), burning a core per waiting"
                + " job"),
        new WrongSolution(
            "failures-added-by-job-threads",
            "every job thread adds its failure to one plain ArrayList: two failing at the same"
                + " instant lose one of them or write one slot twice"),
        new WrongSolution(
            "interrupt-ends-in-close",
            "waits by closing the executor: interrupted, close() stops the jobs but only sets the"
                + " flag, and runAll returns instead of throwing InterruptedException"),
        new WrongSolution(
            "timed-acquire-retried",
            "waits for a permit with tryAcquire(100 ms) in a loop: never gives up, but a timed"
                + " wait the contract rules out"));
  }
}

package dev.kata.puzzles.p06;

import com.google.auto.service.AutoService;
import dev.kata.api.Hints;
import dev.kata.api.KataPuzzle;
import dev.kata.api.Puzzle;
import dev.kata.api.WrongSolution;
import java.util.List;

/**
 * Puzzle 06: at most K in flight, and permits never leak.
 */
@AutoService(Puzzle.class)
@KataPuzzle(id = "06", slug = "semaphore", title = "Concurrency budget", difficulty = 2,
    prerequisites = "05",
    concepts = {"bounded concurrency", "permits", "release in finally"},
    apis = {"Semaphore", "Semaphore.acquire", "Semaphore.release"},
    objective = "Run many jobs concurrently but never more than K at once, and return every permit even when"
        + " a job fails.")
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
        "try (var executor = Executors.newVirtualThreadPerTaskExecutor()) { for each job: futures.add("
            + "executor.submit(() -> { permits.acquire(); try { return job.call(); } finally { permits.release(); } }));"
            + " } then for each future: get(), and add e.getCause() of an ExecutionException to the failures.");
  }

  @Override
  public List<WrongSolution> wrongSolutions() {
    return List.of(
        new WrongSolution("release-outside-finally", "releases the permit after the job, not in finally, so a job that throws keeps it forever"),
        new WrongSolution("acquire-after-start", "submits the job first and acquires the permit afterwards, so one more job than allowed is running"),
        new WrongSolution("semaphore-per-job", "creates a new Semaphore for each job, so every job gets a permit and nothing is limited"),
        new WrongSolution("check-then-act-counter", "uses an AtomicInteger: checks there is room, then increments, and two jobs can both see room"));
  }
}

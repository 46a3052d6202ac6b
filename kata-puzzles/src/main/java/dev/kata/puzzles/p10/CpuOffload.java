package dev.kata.puzzles.p10;

import com.google.auto.service.AutoService;
import dev.kata.api.Hints;
import dev.kata.api.KataPuzzle;
import dev.kata.api.Puzzle;
import dev.kata.api.WrongSolution;
import java.util.List;

/** Puzzle 10: keep the responsive thread free; use every core. */
@AutoService(Puzzle.class)
@KataPuzzle(
    id = "10",
    slug = "cpu-offload",
    title = "Executors for CPU work",
    difficulty = 3,
    prerequisites = "08",
    concepts = {"responsive thread", "CPU-bound pools", "pool lifecycle"},
    apis = {
      "ForkJoinPool",
      "Executors.newFixedThreadPool",
      "CompletableFuture.supplyAsync(.., executor)"
    },
    objective =
        "Offload CPU-heavy work from the responsive thread to a pool that uses every core, collect"
            + " the results in order, and shut the pool down afterwards.")
public final class CpuOffload implements Puzzle {

  @Override
  public Class<?> contract() {
    return Offload.class;
  }

  @Override
  public String solutionFile() {
    return "p10_cpu_offload/CoreOffload.java";
  }

  @Override
  public List<Class<?>> checks() {
    return List.of(CpuOffloadChecks.class);
  }

  @Override
  public Hints hints() {
    return new Hints(
        "A responsive thread (a UI, an event loop) must never compute for long: while it does,"
            + " nothing else it should do can happen. Hand the work to other threads, one per core"
            + " for CPU work, and let a future tell you when it is done.",
        "Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors()) sizes a pool to"
            + " the cores. CompletableFuture.supplyAsync(supplier, pool) runs on it; allOf(...)"
            + " waits for several; whenComplete(...) can shut the pool down when they are done.",
        "var pool = Executors.newFixedThreadPool(cores); var parts = inputs.stream().map(x ->"
            + " CompletableFuture.supplyAsync(() -> work.apply(x), pool)).toList(); return"
            + " CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v ->"
            + " parts.stream().map(CompletableFuture::join).toList()).whenComplete((r, e) ->"
            + " pool.shutdown());");
  }

  @Override
  public List<WrongSolution> wrongSolutions() {
    return List.of(
        new WrongSolution(
            "work-on-responsive-thread",
            "computes everything on the calling thread and returns a completed future"),
        new WrongSolution(
            "one-thread-pool", "offloads to a single-thread executor, so only one core ever works"),
        new WrongSolution(
            "pool-never-shut-down",
            "creates a pool per call and never shuts it down, so its threads outlive the work"),
        new WrongSolution(
            "parallel-stream-in-lock",
            "runs a parallel stream inside a lock, so two calls' work runs one after the other"),
        new WrongSolution(
            "shutdown-only-on-success",
            "shuts the pool down in thenApply, which a failure skips, so the pool's threads live"
                + " on"),
        new WrongSolution(
            "failure-replaced-by-null",
            "turns each input's exception into a null result, so the future never fails"),
        new WrongSolution(
            "error-never-completes",
            "completes its own future from pool tasks catching Exception only: an Error leaves it"
                + " incomplete forever"),
        new WrongSolution(
            "failure-wrapped-with-its-input",
            "wraps the work's RuntimeException in a new one naming the input, so the future's cause"
                + " is the wrapper"),
        new WrongSolution(
            "cached-pool",
            "computes on a cached pool, which starts a thread per input submitted at once: a"
                + " thousand inputs, a thousand threads fighting over the cores"),
        new WrongSolution(
            "virtual-thread-per-input",
            "computes each input on a virtual thread of its own: a thread per input, bounded by"
                + " nothing, for work that never waits"),
        new WrongSolution(
            "pool-twice-the-cores",
            "computes on a fixed pool of twice the cores: CPU-bound threads never wait, so the"
                + " extra ones only take turns with the others"));
  }
}

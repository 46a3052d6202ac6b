package dev.kata.puzzles.p01;

import com.google.auto.service.AutoService;
import dev.kata.api.Hints;
import dev.kata.api.KataPuzzle;
import dev.kata.api.Puzzle;
import dev.kata.api.WrongSolution;
import java.util.List;

/** Puzzle 01: a single-threaded loop cannot preempt, so long work yields by resubmitting chunks. */
@AutoService(Puzzle.class)
@KataPuzzle(
    id = "01",
    slug = "cooperative-yielding",
    title = "Event loop basics",
    difficulty = 1,
    concepts = {"event loop", "cooperative multitasking", "yield by resubmitting"},
    apis = {"Executors.newSingleThreadExecutor", "Executor.execute", "CompletableFuture"},
    objective =
        "Process a long job on a single-threaded event loop in chunks, giving the loop back between"
            + " chunks so other queued tasks keep running.")
public final class CooperativeYielding implements Puzzle {

  @Override
  public Class<?> contract() {
    return ChunkedWork.class;
  }

  @Override
  public String solutionFile() {
    return "p01_cooperative_yielding/ChunkedWorker.java";
  }

  @Override
  public List<Class<?>> checks() {
    return List.of(CooperativeYieldingChecks.class);
  }

  @Override
  public Hints hints() {
    return new Hints(
        "An event loop runs one task at a time and never interrupts it. Other tasks only get a turn"
            + " when the current task returns. So a long job has to stop after a chunk and ask to"
            + " be continued later.",
        "Executor.execute(runnable) puts a task at the back of the loop's queue. Calling it from"
            + " inside a chunk, for the rest of the work, is how a task yields. CompletableFuture"
            + " lets you report when everything is done (complete) or failed"
            + " (completeExceptionally).",
        "process(): create a CompletableFuture and loop.execute(() -> chunk(0)); return the future."
            + " chunk(from): run items from..min(count, from + chunkSize) - 1 inside try/catch; on"
            + " an exception completeExceptionally and stop; if items remain, loop.execute(() ->"
            + " chunk(next)); else complete(null).");
  }

  @Override
  public List<WrongSolution> wrongSolutions() {
    return List.of(
        new WrongSolution(
            "one-big-task",
            "runs every item in a single loop task, so nothing else can run until it ends"),
        new WrongSolution(
            "all-chunks-upfront",
            "queues every chunk at the start, so tasks queued later wait behind all of them"),
        new WrongSolution(
            "thread-yield",
            "calls Thread.yield() between chunks, which lets other threads run but not the loop's"
                + " own queue"),
        new WrongSolution(
            "offload-to-common-pool",
            "runs the job with CompletableFuture.runAsync, on the common pool instead of the loop"
                + " thread"),
        new WrongSolution(
            "exception-lost",
            "lets the exception escape the loop task, where the executor swallows it, so the future"
                + " never completes"),
        new WrongSolution(
            "blocks-the-caller",
            "waits for the job to finish before returning the future, blocking the caller"),
        new WrongSolution(
            "catches-exception-not-error",
            "catches Exception only, so an Error from the work escapes the loop task and the future"
                + " never completes"),
        new WrongSolution(
            "completes-before-last-chunk",
            "completes the future when the last chunk starts, before its items have run"),
        new WrongSolution(
            "chunk-one-too-big",
            "runs chunkSize + 1 items per loop task (an off-by-one), holding the loop longer than"
                + " allowed"),
        new WrongSolution(
            "progress-in-fields",
            "keeps the job's progress in fields of the worker, so a second job overwrites the"
                + " first"),
        new WrongSolution(
            "failure-rethrown-into-the-loop",
            "fails the future, then rethrows the exception out of the loop task, which ends the"
                + " loop's thread"));
  }
}

package dev.kata.puzzles.p12;

import com.google.auto.service.AutoService;
import dev.kata.api.Hints;
import dev.kata.api.KataPuzzle;
import dev.kata.api.Puzzle;
import dev.kata.api.WrongSolution;
import java.util.List;

/**
 * Puzzle 12: on SIGTERM, stop accepting, drain the work in flight, and give up after a bounded
 * grace.
 */
@AutoService(Puzzle.class)
@KataPuzzle(
    id = "12",
    slug = "graceful-shutdown",
    title = "Graceful shutdown",
    difficulty = 3,
    prerequisites = "10",
    concepts = {"graceful shutdown", "grace period", "shutdown hooks", "SIGTERM"},
    apis = {
      "Runtime.addShutdownHook",
      "ExecutorService.shutdown",
      "ExecutorService.awaitTermination",
      "ExecutorService.shutdownNow"
    },
    objective =
        "Stop a service gracefully, on demand and at SIGTERM: stop accepting work, let the work in"
            + " flight finish within a grace period, interrupt what is left after it, and let the"
            + " process exit.")
public final class GracefulShutdown implements Puzzle {

  @Override
  public Class<?> contract() {
    return WorkService.class;
  }

  @Override
  public String solutionFile() {
    return "p12_graceful_shutdown/DrainingService.java";
  }

  @Override
  public List<Class<?>> checks() {
    return List.of(GracefulShutdownChecks.class);
  }

  @Override
  public Hints hints() {
    return new Hints(
        "A graceful stop has three phases. Close the door: refuse new work. Drain: let the work in"
            + " flight finish, but only for a bounded grace period. Cut off: interrupt what is"
            + " still running, and wait a little for it to unwind. At SIGTERM the JVM runs its"
            + " shutdown hooks and then halts, whatever threads are still running: the hook is the"
            + " only time the work gets, so the hook must do the draining itself, and must simply"
            + " return when done.",
        "ExecutorService.shutdown() closes the door and lets accepted tasks run on;"
            + " awaitTermination(timeout, unit) waits for them and returns false if the time ran"
            + " out; shutdownNow() interrupts the tasks still running. A ThreadPoolExecutor"
            + " (Executors.newCachedThreadPool() is one) can count: getCompletedTaskCount(),"
            + " getActiveCount(). Runtime.getRuntime().addShutdownHook(new Thread(...)) registers a"
            + " hook. Never call System.exit in a hook: it waits for the hooks, its own included.",
        "shutdown(grace): pool.shutdown(); try { if (pool.awaitTermination(grace)) return"
            + " report(all completed, 0); var report = report(completed so far, still active);"
            + " pool.shutdownNow(); pool.awaitTermination(grace); return report; } catch"
            + " (InterruptedException e) { pool.shutdownNow(); throw e; } "
            + " installSignalHandling(grace): addShutdownHook(new Thread(() -> { try {"
            + " shutdown(grace); } catch (InterruptedException e) {"
            + " Thread.currentThread().interrupt(); } }))");
  }

  @Override
  public List<WrongSolution> wrongSolutions() {
    return List.of(
        new WrongSolution(
            "door-checked-apart-from-registration",
            "submit() checks for shutdown under the lock, lets go, and registers the task later,"
                + " so a shutdown() in between returns and the task runs after it"),
        new WrongSolution(
            "shutdown-now-at-once",
            "calls shutdownNow() at once, so the work in flight is interrupted"
                + " instead of drained"),
        new WrongSolution(
            "no-await-termination",
            "closes the door and returns without awaitTermination, so the"
                + " caller (or the JVM at SIGTERM) goes on while the work is still in flight"),
        new WrongSolution(
            "no-shutdown-now-after-grace",
            "waits again after the grace period but never interrupts,"
                + " so a task that never ends holds shutdown and the process forever"),
        new WrongSolution(
            "accepts-while-draining",
            "waits for the running tasks before calling shutdown(), so new"
                + " work is still accepted while it drains"),
        new WrongSolution(
            "hook-calls-system-exit",
            "the hook calls System.exit after draining: exit waits for every"
                + " hook, this one included, so the JVM never exits"),
        new WrongSolution(
            "waits-out-the-grace",
            "sleeps for the whole grace period, so shutdown takes the full grace"
                + " even when the work ended at once"),
        new WrongSolution(
            "fixed-pool-queues-tasks",
            "a fixed pool of two threads: a third accepted task waits in a"
                + " queue instead of starting"),
        new WrongSolution(
            "interrupted-caller-leaves-tasks-running",
            "interrupted while waiting, it rethrows without"
                + " interrupting the tasks, which then run on with nobody to stop them"),
        new WrongSolution(
            "unbounded-wait-after-interrupt",
            "after interrupting, waits without a bound, so one task"
                + " that ignores its interrupt holds shutdown forever"),
        new WrongSolution(
            "counts-after-interrupting",
            "counts after shutdownNow(), when the interrupted tasks have"
                + " ended too, so the report calls them completed"),
        new WrongSolution(
            "hook-halts-the-jvm",
            "the hook calls Runtime.halt(0) after draining: the JVM ends with"
                + " status 0 instead of SIGTERM's, and other hooks are cut off"),
        new WrongSolution(
            "no-hook",
            "shuts down correctly when asked, but registers no shutdown hook, so at SIGTERM"
                + " the JVM halts with the work in flight"),
        new WrongSolution(
            "a-grace-period-per-task",
            "gives each task its own get(grace), one after the other, so with two tasks stuck"
                + " the interrupts come a whole grace period late"));
  }
}

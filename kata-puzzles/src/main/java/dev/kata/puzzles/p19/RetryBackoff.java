package dev.kata.puzzles.p19;

import com.google.auto.service.AutoService;
import dev.kata.api.Hints;
import dev.kata.api.KataPuzzle;
import dev.kata.api.Puzzle;
import dev.kata.api.WrongSolution;
import java.util.List;

/**
 * Puzzle 19: retry with capped, jittered exponential backoff, a per-attempt timeout and a budget.
 */
@AutoService(Puzzle.class)
@KataPuzzle(
    id = "19",
    slug = "retry-backoff",
    title = "Retry with backoff",
    difficulty = 5,
    prerequisites = "18",
    concepts = {
      "exponential backoff with a cap",
      "jitter",
      "per-attempt timeout",
      "total budget",
      "retryable vs not",
      "injected time"
    },
    apis = {
      "Future.get(timeout, unit)",
      "Future.cancel(true)",
      "ExecutorService.close",
      "RandomGenerator.nextDouble(origin, bound)",
      "Throwable.addSuppressed"
    },
    objective =
        "Retry a failing operation with capped, jittered exponential backoff, a per-attempt timeout"
            + " and a total budget, retrying only what is worth it, with time injected so every"
            + " delay is checked exactly.")
public final class RetryBackoff implements Puzzle {

  @Override
  public Class<?> contract() {
    return Retrying.class;
  }

  @Override
  public String solutionFile() {
    return "p19_retry_backoff/Retrier.java";
  }

  @Override
  public List<Class<?>> checks() {
    return List.of(RetryBackoffChecks.class);
  }

  @Override
  public Hints hints() {
    return new Hints(
        "A retry loop is made of three kinds of time: how long to wait before trying again"
            + " (backoff), how long one try may take (timeout), and how long the whole thing may"
            + " take (budget). Backoff grows exponentially up to a cap, and is jittered so that"
            + " many clients do not retry in lock-step. A failure that will not go away (a bad"
            + " request) is not retried at all. And a retry loop must stop when its caller asks it"
            + " to: an interrupt is not a failure to retry.",
        "Back off with the injected sleeper.sleep(delay) and read time with nanoClock.getAsLong(),"
            + " never Thread.sleep or System.nanoTime: the checks give you a fake clock."
            + " random.nextDouble(0.5, 1.5) draws the jitter. Run each attempt with an"
            + " ExecutorService (try-with-resources: close() waits for it), wait with"
            + " Future.get(timeout, unit), and stop a hung attempt with Future.cancel(true);"
            + " ExecutionException.getCause() is the attempt's own failure. Collect failures and"
            + " hand them over with Throwable.addSuppressed.",
        "start = nanoClock.getAsLong(); for (attempt = 0; ; attempt++) { try { return runOnce(op,"
            + " perAttempt); } catch (ExecutionException e) { failure = e.getCause(); if"
            + " (!retryable.test(failure)) throw it; } catch (TimeoutException e) { failure = e; }"
            + " failures.add(failure); if (attempt + 1 == maxAttempts) throw exhausted(failures); c"
            + " = min(base * 2^attempt, max); delay = min(c * random.nextDouble(0.5, 1.5), max); if"
            + " (elapsed + delay > budget) throw exhausted(failures); sleeper.sleep(delay); }  --"
            + " compute 2^attempt in double (Math.pow), or the shift overflows after 40-odd"
            + " attempts; let InterruptedException from get or sleep propagate, after cancel(true)"
            + " on the running attempt.");
  }

  @Override
  public List<WrongSolution> wrongSolutions() {
    return List.of(
        new WrongSolution(
            "no-jitter",
            "backs off by exactly min(base * 2^n, max): every client that failed"
                + " together retries together, in waves"),
        new WrongSolution(
            "jitter-without-cap",
            "applies the jitter after the cap: a capped delay times 1.4 is" + " longer than max"),
        new WrongSolution(
            "retries-non-retryable",
            "never asks the retryable predicate: a failure that will never"
                + " go away is retried, with backoffs, until the attempts run out"),
        new WrongSolution(
            "ignores-budget",
            "never looks at the clock: backs off past the budget the caller gave"),
        new WrongSolution(
            "budget-before-delay",
            "checks that the budget is not spent yet, but not that the next"
                + " backoff fits in it: the last backoff ends past the budget"),
        new WrongSolution(
            "budget-compared-before-jitter",
            "compares the budget with the backoff before jitter, not the delay it"
                + " sleeps: it gives up where a shorter jittered delay fits, and overruns where"
                + " a longer one does not"),
        new WrongSolution(
            "swallows-interrupt-in-backoff",
            "catches InterruptedException around the backoff and"
                + " carries on with the next attempt: the caller cannot stop the retries"),
        new WrongSolution(
            "thread-sleep",
            "backs off with Thread.sleep instead of the injected sleeper: real"
                + " waiting that no test can check without waiting for it"),
        new WrongSolution(
            "one-attempt-too-many",
            "counts attempts from 0 to maxAttempts inclusive: one attempt and"
                + " one backoff more than the policy allows"),
        new WrongSolution(
            "no-per-attempt-timeout",
            "calls op.call() on the caller's thread: a hung attempt is"
                + " never interrupted and the call never returns"),
        new WrongSolution(
            "hung-attempt-left-running",
            "stops waiting for a hung attempt at its limit but never interrupts it: it keeps"
                + " running beside the next attempt, and outlives the call"),
        new WrongSolution(
            "timeout-not-retryable",
            "hands the TimeoutException to the retryable predicate, which"
                + " does not know it: a hung attempt ends the call instead of being retried"),
        new WrongSolution(
            "keeps-only-last-failure",
            "gives up with only the last failure: the earlier attempts'" + " failures are lost"),
        new WrongSolution(
            "jitter-from-thread-local-random",
            "draws the jitter from ThreadLocalRandom instead of"
                + " the injected random: no test can replay it"),
        new WrongSolution(
            "doubling-overflows",
            "computes base << n in a long: after 40-odd attempts the shift"
                + " overflows and the delay becomes zero or negative"),
        new WrongSolution(
            "interrupt-counted-as-failure",
            "takes the caller's InterruptedException while waiting"
                + " for an attempt for a failed attempt, and retries"));
  }
}

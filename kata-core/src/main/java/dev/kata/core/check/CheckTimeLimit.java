package dev.kata.core.check;

import dev.kata.api.check.CheckConfiguration;
import dev.kata.api.check.Invariant;
import dev.kata.api.check.Patience;
import dev.kata.api.check.PuzzleChecks;
import dev.kata.api.check.TimeScale;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.AssertionFailedError;

/**
 * Run each check on its own thread with a time limit. When the limit passes, or sooner when nothing
 * can move any more (every thread waiting, with no timeout, for another: {@link Standstill}),
 * report where the learner's threads are stuck (lock cycles first) and skip the remaining checks of
 * the run, whose results the stuck threads would distort. Also fail a check that leaves its own
 * thread interrupted.
 */
public final class CheckTimeLimit implements InvocationInterceptor, ExecutionCondition {

  static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(CheckTimeLimit.class);
  static final String HUNG = "hung";
  static final String CHECK_THREAD = "kata-check";

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    String hung = context.getRoot().getStore(NAMESPACE).get(HUNG, String.class);
    if (hung != null && context.getTestMethod().isPresent()) {
      return ConditionEvaluationResult.disabled(
          "not run: the check '"
              + hung
              + "' did not finish, and its threads would distort this one; fix that first");
    }
    return ConditionEvaluationResult.enabled("no earlier check hung");
  }

  @Override
  public void interceptTestMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> call,
      ExtensionContext context)
      throws Throwable {
    runLimited(invocation, context);
  }

  @Override
  public void interceptTestTemplateMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> call,
      ExtensionContext context)
      throws Throwable {
    runLimited(invocation, context);
  }

  // PuzzleChecks promises every check a time limit: the code that makes a check's dynamic tests,
  // and a check's set-up, call the solution as much as a test method does.

  @Override
  public <T> T interceptTestFactoryMethod(
      Invocation<T> invocation, ReflectiveInvocationContext<Method> call, ExtensionContext context)
      throws Throwable {
    return runLimited(invocation, context);
  }

  @Override
  public void interceptBeforeEachMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> call,
      ExtensionContext context)
      throws Throwable {
    runLimited(invocation, context);
  }

  @Override
  public void interceptBeforeAllMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> call,
      ExtensionContext context)
      throws Throwable {
    runLimited(invocation, context);
  }

  @Override
  public void interceptAfterEachMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> call,
      ExtensionContext context)
      throws Throwable {
    runLimited(invocation, context);
  }

  @Override
  public void interceptAfterAllMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> call,
      ExtensionContext context)
      throws Throwable {
    runLimited(invocation, context);
  }

  /**
   * Get a check class's time limit, scaled: {@link PuzzleChecks#timeLimitSeconds()}, 10 s without
   * it.
   */
  static Duration limitOf(Class<?> checks) {
    int seconds =
        AnnotationSupport.findAnnotation(checks, PuzzleChecks.class)
            .map(annotation -> annotation.timeLimitSeconds())
            .orElse(10);
    return TimeScale.scaled(Duration.ofSeconds(seconds));
  }

  private static <T> T runLimited(Invocation<T> invocation, ExtensionContext context)
      throws Throwable {
    Duration limit = limitOf(context.getRequiredTestClass());
    CompletableFuture<T> outcome = new CompletableFuture<>();
    Thread runner =
        Thread.ofPlatform()
            .name(CHECK_THREAD)
            .daemon(true)
            .unstarted(
                () -> {
                  try {
                    T value = invocation.proceed();
                    if (Thread.interrupted()) {
                      outcome.completeExceptionally(
                          Invariant.violated(
                              "the interrupt flag of the calling thread is left as it was found",
                              "the caller's thread not interrupted after your method returned",
                              "its interrupt flag was still set: something interrupted the"
                                  + " caller's own thread"
                                  + " (Thread.currentThread().interrupt() on a thread you do not"
                                  + " own?)"));
                    } else {
                      outcome.complete(value);
                    }
                  } catch (Throwable t) {
                    outcome.completeExceptionally(t);
                  }
                });
    runner.start();
    try {
      return await(outcome, limit);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof OutOfMemoryError oom) {
        // JUnit rethrows an OutOfMemoryError past every listener, ending the run with no verdict:
        // report it as this check's failure instead. The memory is free again: its thread has
        // ended.
        throw new AssertionFailedError(Failures.describe(oom));
      }
      throw e.getCause();
    } catch (TimeoutException e) {
      context.getRoot().getStore(NAMESPACE).put(HUNG, context.getDisplayName());
      boolean standstill = e instanceof StandstillSeen;
      if (inOwnMachinery(runner.getStackTrace())) {
        // Lincheck runs the learner's code under its own scheduler and reports a deadlock or a
        // livelock of it as a failure of its own, within its own bounds: a check still inside it
        // at the limit is kata's exploration running slow (its agent instruments classes, then
        // replays thousands of interleavings), typically on a loaded machine.
        throw new MachineTooBusy(
            "kata's interleaving explorer (Lincheck) was still exploring your code when this"
                + " check's limit of "
                + format(limit)
                + " passed: the machine is too busy for this check to judge in time, and nothing"
                + " is known to be wrong with your code. Run it again on a quieter machine, or"
                + " with "
                + TimeScale.ENVIRONMENT
                + "=3 to allow three times as long");
      }
      String learnerPackage = learnerPackage(context);
      ThreadReport report =
          ThreadReport.capture(learnerPackage, Set.of(Thread.currentThread().threadId()));
      String headline =
          standstill
              ? (report.hasDeadlock() ? "your code deadlocked: " : "your code is stuck: ")
                  + e.getMessage()
              : report.hasDeadlock()
                  ? "your code deadlocked: the check did not finish within " + format(limit)
                  : "the check did not finish within "
                      + format(limit)
                      + ": your code is stuck, or far too slow";
      Runtime heap = Runtime.getRuntime();
      long usedMb = (heap.totalMemory() - heap.freeMemory()) / (1024 * 1024);
      long maxMb = heap.maxMemory() / (1024 * 1024);
      if (usedMb * 10 > maxMb * 9) {
        // A program near the heap limit spends its time collecting garbage: that, not a wait, may
        // be why.
        headline +=
            System.lineSeparator()
                + "the heap is nearly full ("
                + usedMb
                + " of "
                + maxMb
                + " MB in use): your code may be running out of memory";
      }
      throw new AssertionFailedError(
          headline
              + System.lineSeparator()
              + report.render(standstill ? "threads standing still:" : "threads at the time limit:")
              + System.lineSeparator()
              + "(thread \""
              + CHECK_THREAD
              + "\" is the check calling your code)");
    }
  }

  /**
   * Wait for a check's outcome within its limit. From {@link #STANDSTILL_AFTER_MILLIS} on, look at
   * the threads every {@link #LOOK_MILLIS}: when nothing can move ({@link Standstill}) on {@link
   * #STANDSTILL_LOOKS} looks in a row, each the same, no waiting out the rest of the limit would
   * change that. If the check's own bounded waits ({@link Patience}) were among the waiting, end
   * them, so the check reports what did not happen; otherwise stop there.
   */
  private static <T> T await(CompletableFuture<T> outcome, Duration limit)
      throws ExecutionException, InterruptedException, TimeoutException {
    long start = System.nanoTime();
    long end = start + limit.toNanos();
    long firstLook =
        start + TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(STANDSTILL_AFTER_MILLIS));
    Set<Long> own = Set.of(Thread.currentThread().threadId());
    String seen = null;
    int looks = 0;
    long seenSince = 0; // when the first look of the same picture was taken
    while (true) {
      long now = System.nanoTime();
      if (now >= end) {
        throw new TimeoutException();
      }
      try {
        return outcome.get(Math.min(end - now, LOOK_MILLIS * 1_000_000L), TimeUnit.NANOSECONDS);
      } catch (TimeoutException notYet) {
        // look at the threads below
      }
      if (System.nanoTime() < firstLook || outcome.isDone()) {
        continue;
      }
      long lookedAt = System.nanoTime();
      String picture = Standstill.look(own).orElse(null);
      looks = picture == null ? 0 : picture.equals(seen) ? looks + 1 : 1;
      seenSince = looks == 1 ? lookedAt : seenSince;
      seen = picture;
      if (looks >= STANDSTILL_LOOKS && Patience.endWaitsBegunBefore(seenSince) > 0) {
        // The check itself was waiting, with a bound, for the learner's code to move: end those
        // waits, and let the check say in its own words what did not happen.
        looks = 0;
        seen = null;
        continue;
      }
      if (looks >= STANDSTILL_LOOKS && !outcome.isDone()) {
        throw new StandstillSeen(
            "after "
                + format(Duration.ofNanos(System.nanoTime() - start))
                + " every thread was waiting, with no timeout, for another: none was running, in a"
                + " timed wait, or waiting for input or output, so none will ever wake (the"
                + " check's limit of "
                + format(limit)
                + " was not waited out)");
      }
    }
  }

  /**
   * When the first look for a standstill is taken, before {@link TimeScale}: soon, so that a
   * check's {@link Patience} wait of two seconds is ended well before its bound (five looks take
   * another second). A check that ends sooner is never looked at.
   */
  static final long STANDSTILL_AFTER_MILLIS = 250;

  /** The time between two looks for a standstill. */
  static final long LOOK_MILLIS = 200;

  /** How many looks in a row must see the same standstill. */
  static final int STANDSTILL_LOOKS = 5;

  /** The check's own code and the learner's stood still: the limit need not be waited out. */
  static final class StandstillSeen extends TimeoutException {
    private static final long serialVersionUID = 1L;

    StandstillSeen(String message) {
      super(message);
    }
  }

  /**
   * Whether a check's thread, at its limit, is inside kata's own interleaving explorer rather than
   * in the learner's code or the check's.
   */
  static boolean inOwnMachinery(StackTraceElement[] stack) {
    for (StackTraceElement frame : stack) {
      String type = frame.getClassName();
      if (type.startsWith("org.jetbrains.lincheck.")
          || type.startsWith("org.jetbrains.kotlinx.lincheck.")) {
        return true;
      }
    }
    return false;
  }

  /**
   * A check stopped at its limit by the slowness of kata's own machinery: not a verdict on the
   * learner's code, so an error, never a failure.
   */
  static final class MachineTooBusy extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MachineTooBusy(String message) {
      super(message, null, false, false);
    }
  }

  static String learnerPackage(ExtensionContext context) {
    Optional<String> type = context.getConfigurationParameter(CheckConfiguration.SOLUTION_CLASS);
    return type.filter(t -> t.contains("."))
        .map(t -> t.substring(0, t.lastIndexOf('.')))
        .orElse("");
  }

  private static String format(Duration d) {
    return d.toMillis() % 1000 == 0
        ? d.toSeconds() + " s"
        : String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }
}

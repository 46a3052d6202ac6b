package dev.kata.puzzles.p12;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * The main class of the child JVM that {@link GracefulShutdownChecks} sends a real SIGTERM to. It
 * runs the learner's service with one task in flight and reports, one line each on standard output,
 * what it sees: the checks read these lines, never the learner's own output.
 *
 * <p>It depends on the JDK and the puzzle's contract only, so the child's class path is this
 * class's folder or jar and the learner's classes. Reading the registered shutdown hooks needs
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED}, which the checks pass.
 *
 * <p>Arguments: the solution's class name, the grace period in milliseconds, and how long to wait
 * for the learner's hook to start draining, in milliseconds.
 *
 * <p>What happens at SIGTERM: the JVM starts every registered hook, the learner's and this
 * harness's watcher. The watcher waits until the learner's hook is seen waiting (draining), then
 * submits a probe task, which must be rejected, then lets the task in flight finish; it watches the
 * learner's hook until it ends, and says whether the task had completed by then. A hook that calls
 * {@code System.exit} blocks forever on the lock the JVM's shutdown holds while it waits for the
 * hooks: the watcher sees it blocked there and says so, since the JVM will never exit.
 */
public final class SigtermHarness {

  /** The prefix of every line this harness writes; the learner's output has no such lines. */
  public static final String MARK = "kata-p12-harness: ";

  private SigtermHarness() {}

  /**
   * Run the scenario until the JVM is stopped.
   *
   * @param args the solution class, the grace in ms, the draining wait in ms
   */
  public static void main(String[] args) throws Exception {
    // Never outlive the checks: if the JVM that started this one dies (killed at a time limit),
    // this one goes too, hooks or not.
    // The future thenRun returns is not kept: nothing waits for it, and halt ends the JVM anyway.
    ProcessHandle.current()
        .parent()
        .ifPresent(
            p -> {
              CompletableFuture<Void> _ = p.onExit().thenRun(() -> Runtime.getRuntime().halt(5));
            });
    Duration grace = Duration.ofMillis(Long.parseLong(args[1]));
    long waitMillis = Long.parseLong(args[2]);
    Set<Thread> before;
    try {
      before = hooks();
    } catch (ReflectiveOperationException | RuntimeException e) {
      say("broken cannot read the registered shutdown hooks: " + e);
      System.exit(3);
      return;
    }
    var constructor = Class.forName(args[0]).getDeclaredConstructor();
    constructor.setAccessible(true);
    WorkService service = (WorkService) constructor.newInstance();
    service.installSignalHandling(grace);
    Set<Thread> learnerHooks = new HashSet<>(hooks());
    learnerHooks.removeAll(before);
    if (learnerHooks.isEmpty()) {
      say("no-hook");
      System.exit(3);
      return;
    }
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<String> task = new AtomicReference<>("not started");
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> watch(service, learnerHooks, release, task, waitMillis), "kata-p12-watcher"));
    // The task says what happens to it on stdout, as it happens; its future is never read, since
    // the JVM is stopped while it runs.
    Future<String> _ =
        service.submit(
            () -> {
              task.set("in flight");
              say("in-flight");
              try {
                release.await();
              } catch (InterruptedException e) {
                task.set("interrupted");
                say("interrupted");
                throw e;
              }
              task.set("completed");
              say("completed");
              return "done";
            });
    new CountDownLatch(1).await(); // stay until the JVM is stopped
  }

  private static void watch(
      WorkService service,
      Set<Thread> learnerHooks,
      CountDownLatch release,
      AtomicReference<String> task,
      long waitMillis) {
    say("sigterm");
    long deadline = System.nanoTime() + waitMillis * 1_000_000L;
    int waitingPolls = 0;
    // 1. Until the learner's hook drains (is seen waiting), ends, or calls System.exit.
    while (true) {
      if (reportExitCall(learnerHooks)) {
        return;
      }
      if (allEnded(learnerHooks)) {
        say("hooks-ended " + task.get());
        // without our release: a hook that did not wait let the JVM go with the task as it is
        return;
      }
      waitingPolls =
          learnerHooks.stream().anyMatch(SigtermHarness::isWaiting) ? waitingPolls + 1 : 0;
      if (waitingPolls == 3) {
        break;
      }
      if (System.nanoTime() > deadline) {
        say("hook-never-waited");
        break;
      }
      pause();
    }
    // 2. Shutdown has begun: new work must be rejected.
    try {
      // Nothing is read from this future: that submit returned one at all is the violation.
      Future<Object> _ =
          service.submit(
              () -> {
                say("probe-ran");
                return null;
              });
      say("accepted-after-sigterm");
    } catch (RejectedExecutionException e) {
      say("rejected");
    } catch (RuntimeException | Error e) {
      say("submit-threw " + e);
    }
    // 3. Let the task in flight finish, and see what the hook does then.
    release.countDown();
    while (true) {
      if (reportExitCall(learnerHooks)) {
        return;
      }
      if (allEnded(learnerHooks)) {
        say("hooks-ended " + task.get());
        return;
      }
      pause();
    }
  }

  /** A hook blocked in java.lang.Shutdown.exit called System.exit (or Runtime.exit) from a hook. */
  private static boolean reportExitCall(Set<Thread> hooks) {
    for (Thread hook : hooks) {
      if (hook.getState() != Thread.State.BLOCKED) {
        continue;
      }
      StackTraceElement[] stack = hook.getStackTrace();
      boolean inExit =
          Arrays.stream(stack)
              .anyMatch(
                  f ->
                      f.getClassName().equals("java.lang.Shutdown")
                          && f.getMethodName().equals("exit"));
      if (inExit) {
        List<String> frames = new ArrayList<>();
        for (StackTraceElement frame : stack) {
          if (!frame.getClassName().startsWith("java.lang.Shutdown")) {
            frames.add(frame.toString());
          }
          if (frames.size() == 4) {
            break;
          }
        }
        say("hook-calls-exit " + String.join(" <- ", frames));
        return true;
      }
    }
    return false;
  }

  private static boolean allEnded(Set<Thread> hooks) {
    return hooks.stream().allMatch(h -> h.getState() == Thread.State.TERMINATED);
  }

  private static boolean isWaiting(Thread thread) {
    Thread.State state = thread.getState();
    return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
  }

  private static void pause() {
    try {
      Thread.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The shutdown hooks registered so far (the JDK keeps them in a private map). */
  private static Set<Thread> hooks() throws ReflectiveOperationException {
    Field field = Class.forName("java.lang.ApplicationShutdownHooks").getDeclaredField("hooks");
    field.setAccessible(true);
    synchronized (Class.forName("java.lang.ApplicationShutdownHooks")) {
      Map<?, ?> hooks = (Map<?, ?>) field.get(null);
      return hooks.keySet().stream().map(Thread.class::cast).collect(Collectors.toSet());
    }
  }

  private static void say(String line) {
    synchronized (System.out) {
      System.out.println(MARK + line);
      System.out.flush();
    }
  }
}

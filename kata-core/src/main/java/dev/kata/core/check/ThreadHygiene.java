package dev.kata.core.check;

import dev.kata.api.check.Invariant;
import dev.kata.api.check.OwnedProcesses;
import dev.kata.api.check.ProcessState;
import dev.kata.api.check.StackFrames;
import dev.kata.api.check.Threads;
import dev.kata.api.check.TimeScale;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fail a check that leaves threads running: a thread the solution started, or the workers of an
 * executor it never shut down. Threads get a short, scaled grace to finish, so a pool closed at the
 * end of the call is not reported while its workers are still exiting.
 */
public final class ThreadHygiene implements BeforeEachCallback, AfterEachCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(ThreadHygiene.class);
  private static final long GRACE_MILLIS = 2_000;
  private static final int FRAMES = 3;
  private static final int MAX_LISTED = 6;

  /** The thread group of the virtual threads' carriers. */
  static final String CARRIER_GROUP = "CarrierThreads";

  static final Set<String> JVM_GROUPS = Set.of("system", CARRIER_GROUP, "InnocuousThreadGroup");

  @Override
  public void beforeEach(ExtensionContext context) {
    Set<Long> before = new HashSet<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      before.add(t.threadId());
    }
    context.getStore(NAMESPACE).put("before", before);
    Set<Long> virtualBefore = new HashSet<>();
    VirtualThreadDump.capture().forEach(v -> virtualBefore.add(v.id()));
    context.getStore(NAMESPACE).put("virtualBefore", virtualBefore);
    Set<Long> processesBefore = new HashSet<>();
    ProcessHandle.current().descendants().forEach(p -> processesBefore.add(p.pid()));
    context.getStore(NAMESPACE).put("processesBefore", processesBefore);
  }

  @Override
  public void afterEach(ExtensionContext context) throws InterruptedException {
    long processDeadline = System.nanoTime() + TimeScale.millis(GRACE_MILLIS) * 1_000_000;
    List<String> leftProcesses = killLeftProcesses(context, processDeadline);
    if (context.getRoot().getStore(CheckTimeLimit.NAMESPACE).get(CheckTimeLimit.HUNG) != null
        || context.getExecutionException().isPresent()) {
      return; // the check already failed: its stuck threads are part of that failure, not news
    }
    if (!leftProcesses.isEmpty()) {
      throw Invariant.violated(
          "nothing your code starts outlives the call",
          "every process your code started has ended (wait for it, or destroy it, in a finally)",
          leftProcesses.size()
              + (leftProcesses.size() == 1 ? " process was" : " processes were")
              + " still running after the check,"
              + " and kata killed "
              + (leftProcesses.size() == 1 ? "it" : "them")
              + ":"
              + leftProcesses.stream()
                  .map(p -> System.lineSeparator() + "    " + p)
                  .reduce("", String::concat));
    }
    @SuppressWarnings("unchecked")
    Set<Long> before = context.getStore(NAMESPACE).get("before", Set.class);
    long deadline = System.nanoTime() + TimeScale.millis(GRACE_MILLIS) * 1_000_000;
    List<Thread> started = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (!before.contains(t.threadId()) && isLearners(t)) {
        started.add(t);
      }
    }
    // The grace is for a pool shut down at the end of the call, whose workers are still exiting;
    // workers still idle in their queue after a while were never shut down, and are not waited for.
    List<Thread> leaked = Threads.awaitEnded(started, GRACE_MILLIS);
    @SuppressWarnings("unchecked")
    Set<Long> virtualBefore = context.getStore(NAMESPACE).get("virtualBefore", Set.class);
    List<VirtualThreadDump.VirtualThread> leakedVirtual =
        leakedVirtualThreads(virtualBefore, deadline);
    if (!leaked.isEmpty() || !leakedVirtual.isEmpty()) {
      int count = leaked.size() + leakedVirtual.size();
      var observed =
          new StringBuilder(
              count
                  + (count == 1 ? " thread is" : " threads are")
                  + " still running after the check:");
      for (VirtualThreadDump.VirtualThread v :
          leakedVirtual.subList(0, Math.min(leakedVirtual.size(), MAX_LISTED))) {
        observed
            .append(System.lineSeparator())
            .append("    virtual thread \"")
            .append(v.name().isEmpty() ? "#" + v.id() : v.name())
            .append("\" ")
            .append(v.state());
        VirtualThreadDump.readableFrames(v.stack(), FRAMES)
            .forEach(f -> observed.append(System.lineSeparator()).append("      at ").append(f));
      }
      for (Thread t : leaked.subList(0, Math.min(leaked.size(), MAX_LISTED))) {
        observed
            .append(System.lineSeparator())
            .append("    ")
            .append('"')
            .append(t.getName())
            .append("\" ")
            .append(t.getState())
            .append(t.isDaemon() ? " (daemon)" : "")
            .append(
                Threads.idlePoolWorker(t)
                    ? ": an idle worker of a pool never shut down, waiting for a task that will"
                        + " never come"
                    : "");
        StackTraceElement[] stack = t.getStackTrace();
        for (int i = 0; i < Math.min(FRAMES, stack.length); i++) {
          observed
              .append(System.lineSeparator())
              .append("      at ")
              .append(StackFrames.format(stack[i]));
        }
      }
      if (leaked.size() > MAX_LISTED) {
        observed
            .append(System.lineSeparator())
            .append("    ... and ")
            .append(leaked.size() - MAX_LISTED)
            .append(" more");
      }
      throw Invariant.violated(
          "nothing your code starts outlives the call",
          "every thread finished and every executor shut down"
              + " (try-with-resources, or shutdown() and awaitTermination())",
          observed);
    }
  }

  /**
   * Find the processes started during the check (descendants of this JVM, as the learner's code may
   * start a shell that starts more) that outlive it, kill them, and describe them. A process the
   * check owns ({@link OwnedProcesses}), or one descending from it, is ended too but not described:
   * the check started it, not the solution.
   */
  private static List<String> killLeftProcesses(ExtensionContext context, long deadline)
      throws InterruptedException {
    @SuppressWarnings("unchecked")
    Set<Long> before = context.getStore(NAMESPACE).get("processesBefore", Set.class);
    List<ProcessHandle> started =
        ProcessHandle.current()
            .descendants()
            .filter(p -> before == null || !before.contains(p.pid()))
            .toList();
    // Whose each is, decided before any is killed: a killed owner's descendants leave its tree.
    List<ProcessHandle> owned =
        started.stream().filter(process -> OwnedProcesses.isOwned(process)).toList();
    owned.forEach(ProcessHandle::destroyForcibly); // the check's own: no grace, no blame
    List<ProcessHandle> solutions = started.stream().filter(p -> !owned.contains(p)).toList();
    // Running, not isAlive(): a zombie is alive to ProcessHandle until its parent reaps it, and a
    // grandchild killed after its parent is re-parented to process 1, which in a container may
    // reap it seconds later or never; a process SIGKILL was sent to runs none of its code again.
    while (solutions.stream().anyMatch(ThreadHygiene::running) && System.nanoTime() < deadline) {
      Thread.sleep(10); // polling for an end within the grace, not asserting after a sleep
    }
    List<String> left = new ArrayList<>();
    for (ProcessHandle process : solutions) {
      if (running(process)) {
        ProcessHandle.Info info = process.info();
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        left.add(
            "process "
                + process.pid()
                + ": "
                + info.commandLine().orElse(info.command().orElse("(command unknown)")));
      }
    }
    return left;
  }

  private static boolean running(ProcessHandle process) {
    return ProcessState.of(process) == ProcessState.RUNNING;
  }

  /** Wait out the grace for virtual threads started during the check; return those still alive. */
  private static List<VirtualThreadDump.VirtualThread> leakedVirtualThreads(
      Set<Long> before, long deadline) throws InterruptedException {
    while (true) {
      List<VirtualThreadDump.VirtualThread> alive =
          VirtualThreadDump.capture().stream()
              .filter(v -> before == null || !before.contains(v.id()))
              .filter(v -> !isJdkPoller(v))
              .toList();
      if (alive.isEmpty() || System.nanoTime() > deadline) {
        return alive;
      }
      Thread.sleep(10); // polling a condition within the grace, not asserting after a sleep
    }
  }

  /**
   * Tell the JDK's own I/O pollers apart: the first virtual thread to block on a socket starts
   * them, as virtual threads, and they serve every later one. They are not a leak.
   */
  private static boolean isJdkPoller(VirtualThreadDump.VirtualThread v) {
    // By the poller's own loop, not by Poller.poll: a thread blocked on a socket has that frame
    // too.
    return v.stack().stream()
        .anyMatch(
            frame ->
                (frame.contains("sun.nio.ch.Poller") && frame.contains("PollerLoop"))
                    || frame.contains("sun.nio.ch.Poller.pollerLoop"));
  }

  private static boolean isLearners(Thread t) {
    if (t.getName().startsWith(CheckTimeLimit.CHECK_THREAD) || t.getName().startsWith("junit-")) {
      return false;
    }
    if (t instanceof ForkJoinWorkerThread worker && worker.getPool() == ForkJoinPool.commonPool()) {
      return false; // the JVM owns the common pool; its idle workers are not a leak
    }
    if (t.getClass().getName().equals("java.util.concurrent.DelayScheduler")
        && t.getName().startsWith("ForkJoinPool.commonPool")) {
      return false; // nor the common pool's timer thread (JDK 25+), started by the first delayed
      // CompletableFuture (orTimeout, completeOnTimeout, delayedExecutor)
    }
    // The JVM's own threads: system threads, virtual-thread carriers and their scheduler's helpers.
    ThreadGroup group = t.getThreadGroup();
    return group != null && !JVM_GROUPS.contains(group.getName());
  }
}

package dev.kata.core.check;

import dev.kata.api.check.Patience;
import dev.kata.api.check.Threads;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Tell when nothing in the check JVM can move any more: every thread is waiting, with no timeout,
 * for another thread, so none will ever wake. A check in that state would only wait out its time
 * limit; {@link CheckTimeLimit} reports it at once instead.
 *
 * <p>It errs on the side of "can still move", since a wrong "stuck" would fail a correct solution.
 * A thread can move, or may be woken from outside the waiting threads, when it is running, new, or
 * in a timed wait (sleeping, a timed park, a timed join), and when it waits for input or output (a
 * platform thread in a socket or pipe read is running, to the JVM; a virtual thread parked on a
 * socket is recognised by its frames). A thread waiting for a child process is woken by the JVM's
 * "process reaper", which is running. A thread in a check's bounded wait made through {@link
 * Patience} waits for another, although its wait is timed. Left out: the JVM's housekeeping
 * threads, which never wake the program's (the virtual threads' delay scheduler among them), kata's
 * watchdogs, and the caller's own thread. A pool's worker idle in its queue (even in its timed
 * keep-alive wait) waits for a task only another thread can give it, and a thread in an executor's
 * {@code close()} waits a day at a time for the executor's tasks.
 */
final class Standstill {

  private static final Set<String> HOUSEKEEPING =
      Set.of(
          "Reference Handler",
          "Finalizer",
          "Signal Dispatcher",
          "Attach Listener",
          "Common-Cleaner",
          "Notification Thread",
          "DestroyJavaVM",
          "Read-Poller",
          "Write-Poller",
          "VirtualThread-unparker",
          "VirtualThread-unblocker",
          "kata-watchdog",
          "kata-stall-watchdog");

  /**
   * The thread that watches kata's own process, the check JVM's parent, for its end (the watchdog's
   * {@code onExit()}): for a process that is not its child, the JDK polls, sleeping.
   */
  private static final String WATCHING_THE_PARENT =
      ProcessHandle.current()
          .parent()
          .map(parent -> "process reaper (pid " + parent.pid() + ")")
          .orElse("");

  /**
   * How a thread in a check's bounded wait ({@link Patience}) is pictured: waiting for another,
   * whatever the moment of its slices a look catches.
   */
  private static final String PATIENT = "in a check's patient wait";

  private Standstill() {}

  /**
   * Look at every thread now.
   *
   * @param ignore the threads of the caller's, left out
   * @return when nothing can move, a picture of the waiting threads (their ids, states and top
   *     frames), which a later look must repeat exactly to confirm it; empty when something can
   *     move, or when the virtual threads could not be read
   */
  static Optional<String> look(Set<Long> ignore) {
    List<String> waiting = new ArrayList<>();
    Map<Thread, StackTraceElement[]> all = Thread.getAllStackTraces();
    String carriersDelayScheduler = carriersDelayScheduler(all.keySet());
    for (Map.Entry<Thread, StackTraceElement[]> entry : all.entrySet()) {
      Thread t = entry.getKey();
      if (ignore.contains(t.threadId())
          || HOUSEKEEPING.contains(t.getName())
          || t.getName().equals(WATCHING_THE_PARENT)
          || t.getName().equals(carriersDelayScheduler)
          || t.getName().startsWith("surefire")) {
        continue;
      }
      Thread.State state = t.getState();
      if (state == Thread.State.TERMINATED) {
        continue;
      }
      if (Patience.isWaiting(t.threadId())) {
        waiting.add(t.threadId() + " " + PATIENT);
        continue;
      }
      StackTraceElement[] stack = entry.getValue();
      List<String> methods =
          Arrays.stream(stack).map(f -> f.getClassName() + "." + f.getMethodName()).toList();
      if (!waitsForAnother(state.name(), methods, Threads.idlePoolWorker(state, stack))
          || CheckTimeLimit.inOwnMachinery(stack)) {
        return Optional.empty();
      }
      waiting.add(t.threadId() + " " + state + " " + (stack.length > 0 ? stack[0] : ""));
    }
    Optional<List<VirtualThreadDump.VirtualThread>> virtuals = VirtualThreadDump.tryCapture();
    if (virtuals.isEmpty()) {
      return Optional.empty();
    }
    for (VirtualThreadDump.VirtualThread v : virtuals.get()) {
      if (ignore.contains(v.id()) || v.state().equals("TERMINATED")) {
        continue;
      }
      if (Patience.isWaiting(v.id())) {
        waiting.add(v.id() + " " + PATIENT);
        continue;
      }
      List<String> methods =
          v.stack().stream().map(VirtualThreadDump::frameName).map(Standstill::method).toList();
      if (!waitsForAnother(v.state(), methods, false)) {
        return Optional.empty();
      }
      waiting.add(v.id() + " " + v.state() + " " + (v.stack().isEmpty() ? "" : v.stack().get(0)));
    }
    waiting.sort(null);
    return Optional.of(String.join("\n", waiting));
  }

  /**
   * The name of the delay scheduler of the virtual threads' own pool, if it has carriers now. It
   * wakes a virtual thread whose timed park ends, and such a thread is pictured in its own right (a
   * timed park can move); nothing else can be scheduled on that pool. A program's own {@code
   * ForkJoinPool} has a delay scheduler of its own, which may run a delayed task: it is not this
   * one.
   */
  private static String carriersDelayScheduler(Set<Thread> threads) {
    for (Thread t : threads) {
      ThreadGroup group = t.getThreadGroup();
      int worker = t.getName().lastIndexOf("-worker-");
      if (group != null && group.getName().equals(ThreadHygiene.CARRIER_GROUP) && worker > 0) {
        return t.getName().substring(0, worker) + "-delayScheduler";
      }
    }
    return "";
  }

  /**
   * Whether a thread in {@code state} (a {@link Thread.State} name) at {@code methods} (class and
   * method, innermost first) can only be woken by another thread of this JVM.
   *
   * @param idleWorker whether it is a pool's worker idle in its queue
   */
  private static boolean waitsForAnother(String state, List<String> methods, boolean idleWorker) {
    boolean waits =
        state.equals("WAITING")
            || state.equals("BLOCKED")
            || (state.equals("TIMED_WAITING")
                && (idleWorker || methods.stream().anyMatch(Standstill::closing)));
    return waits && methods.stream().noneMatch(Standstill::io);
  }

  /** A dumped frame's class and method: "java.util.Foo.bar(Foo.java:1)" is "java.util.Foo.bar". */
  private static String method(String frame) {
    int paren = frame.indexOf('(');
    return paren < 0 ? frame : frame.substring(0, paren);
  }

  /**
   * Whether a frame is an executor's {@code close()}, whose wait is timed but a day long, again and
   * again until the executor has ended: untimed, for anything a check can wait.
   */
  private static boolean closing(String method) {
    return method.equals("java.util.concurrent.ExecutorService.close")
        || method.equals("java.util.concurrent.ThreadPerTaskExecutor.close")
        || method.equals("java.util.concurrent.ForkJoinPool.close");
  }

  /** Whether a frame is in the JDK's input and output: a wait there may end from outside. */
  private static boolean io(String frame) {
    return frame.startsWith("sun.nio.")
        || frame.startsWith("java.net.")
        || frame.startsWith("java.nio.channels.")
        || frame.startsWith("java.io.")
        || frame.startsWith("java.lang.ProcessImpl")
        || frame.startsWith("java.lang.ProcessHandleImpl");
  }
}

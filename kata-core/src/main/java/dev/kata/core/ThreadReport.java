package dev.kata.core;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Describe where a stuck program's threads are, in a learner's words: each thread's state, the lock
 * it waits for and who holds it, its top frames with the learner's own lines first, and every
 * lock cycle as "thread A holds X and waits for Y, held by thread B".
 *
 * <p>Covers platform threads (monitors and {@code java.util.concurrent} locks).
 */
final class ThreadReport {

  private static final int FRAMES = 4;
  private static final int MAX_THREADS = 12;
  private static final Set<String> SYSTEM_THREADS = Set.of("Reference Handler", "Finalizer", "Signal Dispatcher",
      "Attach Listener", "Common-Cleaner", "Notification Thread", "process reaper", "main", "kata-watchdog",
      "DestroyJavaVM");

  private final List<String> cycles;
  private final List<String> threads;

  private ThreadReport(List<String> cycles, List<String> threads) {
    this.cycles = cycles;
    this.threads = threads;
  }

  /**
   * Capture the threads now.
   *
   * @param learnerPackage the solution's package, whose frames are shown first; may be empty
   * @param ignore threads that belong to the checks' own machinery, left out of the report
   */
  static ThreadReport capture(String learnerPackage, Set<Long> ignore) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    ThreadInfo[] all = mx.dumpAllThreads(mx.isObjectMonitorUsageSupported(), mx.isSynchronizerUsageSupported());
    Map<Long, ThreadInfo> byId = new HashMap<>();
    for (ThreadInfo info : all) {
      if (info != null) {
        byId.put(info.getThreadId(), info);
      }
    }
    List<String> cycles = new ArrayList<>();
    long[] deadlocked = mx.findDeadlockedThreads();
    Set<Long> inCycle = new HashSet<>();
    if (deadlocked != null) {
      for (long id : deadlocked) {
        if (!inCycle.contains(id)) {
          List<ThreadInfo> cycle = cycleFrom(id, byId);
          cycle.forEach(t -> inCycle.add(t.getThreadId()));
          if (!cycle.isEmpty()) {
            cycles.add(describeCycle(cycle, learnerPackage));
          }
        }
      }
    }
    List<String> threads = new ArrayList<>();
    for (ThreadInfo info : all) {
      if (info == null || ignore.contains(info.getThreadId()) || SYSTEM_THREADS.contains(info.getThreadName())
          || info.getThreadName().startsWith("surefire") || info.getThreadName().startsWith("junit-")) {
        continue;
      }
      if (threads.size() == MAX_THREADS) {
        threads.add("... and more threads");
        break;
      }
      threads.add(describeThread(info, learnerPackage));
    }
    return new ThreadReport(cycles, threads);
  }

  private static List<ThreadInfo> cycleFrom(long start, Map<Long, ThreadInfo> byId) {
    Set<Long> seen = new LinkedHashSet<>();
    long current = start;
    while (byId.containsKey(current) && seen.add(current)) {
      current = byId.get(current).getLockOwnerId();
    }
    if (!byId.containsKey(current)) {
      return List.of();
    }
    // 'current' is the first thread seen twice: the cycle starts there.
    List<ThreadInfo> cycle = new ArrayList<>();
    long id = current;
    do {
      cycle.add(byId.get(id));
      id = byId.get(id).getLockOwnerId();
    } while (id != current && byId.containsKey(id));
    return cycle;
  }

  private static String describeCycle(List<ThreadInfo> cycle, String learnerPackage) {
    var out = new StringBuilder("lock cycle (deadlock):");
    for (int i = 0; i < cycle.size(); i++) {
      ThreadInfo t = cycle.get(i);
      // The thread before this one in the cycle waits for a lock this one holds.
      ThreadInfo before = cycle.get((i + cycle.size() - 1) % cycle.size());
      out.append(System.lineSeparator()).append("  thread ").append(quote(t.getThreadName()))
          .append(" holds ").append(lockName(before.getLockInfo()))
          .append(" and waits for ").append(lockName(t.getLockInfo()))
          .append(", held by thread ").append(quote(t.getLockOwnerName()));
      String where = firstLearnerFrame(t.getStackTrace(), learnerPackage);
      if (!where.isEmpty()) {
        out.append(System.lineSeparator()).append("    at ").append(where);
      }
    }
    return out.toString();
  }

  private static String describeThread(ThreadInfo info, String learnerPackage) {
    var out = new StringBuilder("thread ").append(quote(info.getThreadName())).append(" is ")
        .append(info.getThreadState());
    if (info.getLockInfo() != null) {
      out.append(", waiting for ").append(lockName(info.getLockInfo()));
      if (info.getLockOwnerName() != null) {
        out.append(" held by thread ").append(quote(info.getLockOwnerName()));
      }
    }
    List<String> held = new ArrayList<>();
    for (MonitorInfo m : info.getLockedMonitors()) {
      held.add(lockName(m));
    }
    for (LockInfo l : info.getLockedSynchronizers()) {
      held.add(lockName(l));
    }
    if (!held.isEmpty()) {
      out.append(", holding ").append(String.join(", ", held));
    }
    StackTraceElement[] stack = info.getStackTrace();
    int shown = 0;
    for (StackTraceElement frame : stack) {
      if (shown == FRAMES) {
        break;
      }
      if (Frames.isSynthetic(frame)) {
        continue;
      }
      out.append(System.lineSeparator()).append("    at ").append(Frames.format(frame));
      shown++;
    }
    String mine = firstLearnerFrame(stack, learnerPackage);
    if (!mine.isEmpty() && !out.toString().contains(mine)) {
      out.append(System.lineSeparator()).append("    ... in your code at ").append(mine);
    }
    return out.toString();
  }

  private static String firstLearnerFrame(StackTraceElement[] stack, String learnerPackage) {
    if (learnerPackage.isEmpty()) {
      return "";
    }
    for (StackTraceElement frame : stack) {
      if (frame.getClassName().startsWith(learnerPackage + ".")) {
        return Frames.format(frame);
      }
    }
    return "";
  }

  private static String lockName(LockInfo lock) {
    if (lock == null) {
      return "nothing";
    }
    String type = lock.getClassName();
    String simple = type.substring(type.lastIndexOf('.') + 1);
    if (simple.endsWith("$NonfairSync") || simple.endsWith("$FairSync") || simple.endsWith("$Sync")) {
      simple = simple.substring(0, simple.indexOf('$'));
    }
    String kind = lock instanceof MonitorInfo || !type.startsWith("java.util.concurrent") ? "the monitor of " : "";
    return kind + simple + "@" + Integer.toHexString(lock.getIdentityHashCode());
  }

  private static String quote(String name) {
    return "\"" + name + "\"";
  }

  /** Tell whether a lock cycle was found. */
  boolean hasDeadlock() {
    return !cycles.isEmpty();
  }

  /** Render the cycles first, then every thread. */
  String render() {
    var out = new StringBuilder();
    for (String cycle : cycles) {
      out.append(cycle).append(System.lineSeparator());
    }
    out.append(threads.isEmpty() ? "no thread of your code is alive" : "threads at the time limit:");
    for (String thread : threads) {
      out.append(System.lineSeparator()).append("  ").append(thread.replace(System.lineSeparator(), System.lineSeparator() + "  "));
    }
    return out.toString();
  }
}

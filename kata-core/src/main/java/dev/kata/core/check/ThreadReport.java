package dev.kata.core.check;

import dev.kata.api.check.StackFrames;
import dev.kata.api.check.WaitForGraph;
import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Describe where a stuck program's threads are, in a learner's words: each thread's state, the lock
 * it waits for and who holds it, its top frames with the learner's own line, and every lock cycle
 * as "thread A holds X and waits for Y, held by thread B".
 *
 * <p>Platform threads come from {@code ThreadMXBean}; virtual threads, which it does not see, from
 * the JDK's JSON thread dump ({@link VirtualThreadDump}). Both go into one wait-for graph, so a
 * cycle through platform and virtual threads alike is found.
 */
final class ThreadReport {

  private static final int FRAMES = 4;
  private static final int MAX_THREADS = 12;
  private static final Set<String> SYSTEM_THREADS =
      Set.of(
          "Reference Handler",
          "Finalizer",
          "Signal Dispatcher",
          "Attach Listener",
          "Common-Cleaner",
          "Notification Thread",
          "process reaper",
          "main",
          "kata-watchdog",
          "kata-stall-watchdog",
          "DestroyJavaVM",
          "VirtualThread-unblocker");

  /** One thread in the wait-for graph. */
  private record Node(
      long id,
      String name,
      boolean virtual,
      String state,
      String waitingFor,
      Long ownerId,
      List<String> held,
      List<String> frames,
      String learnerFrame) {

    String label() {
      return (virtual ? "virtual thread \"" : "thread \"")
          + (name.isEmpty() ? "#" + id : name)
          + "\"";
    }
  }

  private final List<String> cycles;
  private final List<String> threads;
  private final boolean inLearnerCode;

  private ThreadReport(List<String> cycles, List<String> threads, boolean inLearnerCode) {
    this.cycles = cycles;
    this.threads = threads;
    this.inLearnerCode = inLearnerCode;
  }

  /** Tell whether a thread in the report is running the learner's code. */
  boolean inLearnerCode() {
    return inLearnerCode;
  }

  /**
   * Capture the threads now.
   *
   * @param learnerPackage the solution's package, whose frames are shown first; may be empty
   * @param ignore threads that belong to the checks' own machinery, left out of the report
   */
  static ThreadReport capture(String learnerPackage, Set<Long> ignore) {
    Map<Long, Node> nodes = new LinkedHashMap<>();
    Map<String, Long> monitorOwners = new LinkedHashMap<>();
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (ThreadInfo info :
        mx.dumpAllThreads(mx.isObjectMonitorUsageSupported(), mx.isSynchronizerUsageSupported())) {
      if (info == null) {
        continue;
      }
      List<String> held = new ArrayList<>();
      for (MonitorInfo m : info.getLockedMonitors()) {
        held.add(lockName(m));
        monitorOwners.put(identity(m), info.getThreadId());
      }
      for (LockInfo l : info.getLockedSynchronizers()) {
        held.add(lockName(l));
      }
      long owner = info.getLockOwnerId();
      nodes.put(
          info.getThreadId(),
          new Node(
              info.getThreadId(),
              info.getThreadName(),
              false,
              String.valueOf(info.getThreadState()),
              info.getLockInfo() == null ? null : lockName(info.getLockInfo()),
              owner < 0 ? null : owner,
              held,
              frames(info.getStackTrace()),
              StackFrames.learnerFrame(info.getStackTrace(), learnerPackage)
                  .map(frame -> StackFrames.format(frame))
                  .orElse("")));
    }
    List<VirtualThreadDump.VirtualThread> virtuals = VirtualThreadDump.capture();
    for (VirtualThreadDump.VirtualThread v : virtuals) {
      v.monitorsOwned().forEach(m -> monitorOwners.put(m, v.id()));
    }
    for (VirtualThreadDump.VirtualThread v : virtuals) {
      String waitingFor =
          v.blockedOn() != null
              ? lockName(v.blockedOn())
              : v.parkedOn() != null ? lockName(v.parkedOn()) : null;
      Long owner = v.blockedOn() != null ? monitorOwners.get(v.blockedOn()) : v.parkedOnOwner();
      List<String> stack = v.stack().stream().map(VirtualThreadDump::frameName).toList();
      nodes.put(
          v.id(),
          new Node(
              v.id(),
              v.name(),
              true,
              v.state(),
              waitingFor,
              owner,
              v.monitorsOwned().stream().map(ThreadReport::lockName).toList(),
              stack.stream()
                  .filter(
                      f ->
                          !f.startsWith("java.lang.VirtualThread")
                              && !f.startsWith("java.lang.System$"))
                  .limit(FRAMES)
                  .toList(),
              stack.stream()
                  .filter(f -> StackFrames.isLearners(f, learnerPackage))
                  .findFirst()
                  .orElse("")));
    }
    WaitForGraph<Long> graph = new WaitForGraph<>();
    for (Node node : nodes.values()) {
      if (node.ownerId() != null
          && node.waitingFor() != null
          && nodes.containsKey(node.ownerId())) {
        graph.add(node.id(), node.waitingFor(), node.ownerId());
      }
    }
    List<String> cycles =
        graph.cycles().stream()
            .map(
                cycle ->
                    WaitForGraph.describe(
                        cycle, id -> nodes.get(id).label(), id -> nodes.get(id).learnerFrame()))
            .toList();
    // The JVM's own threads by their group, as ThreadHygiene tells them: not by a name such as
    // "ForkJoinPool-1-worker", which is the learner's own pool when it was made before the first
    // virtual thread (the carriers then get another number).
    Set<Long> jvmOwned = new HashSet<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      ThreadGroup group = t.getThreadGroup();
      if (group == null || ThreadHygiene.JVM_GROUPS.contains(group.getName())) {
        jvmOwned.add(t.threadId());
      }
    }
    List<String> threads = new ArrayList<>();
    boolean inLearnerCode = false;
    for (Node node : nodes.values()) {
      boolean machinery =
          jvmOwned.contains(node.id())
              || SYSTEM_THREADS.contains(node.name())
              || node.name().startsWith("surefire")
              || node.name().startsWith("junit-");
      // A thread of kata's or JUnit's own still counts when it is running the learner's code:
      // JUnit's
      // main thread creating the solution, stuck in its static initializer, is the news.
      if (ignore.contains(node.id()) || (machinery && node.learnerFrame().isEmpty())) {
        continue;
      }
      inLearnerCode |= !node.learnerFrame().isEmpty();
      if (threads.size() == MAX_THREADS) {
        threads.add("... and more threads");
        break;
      }
      threads.add(describeThread(node, nodes));
    }
    return new ThreadReport(cycles, threads, inLearnerCode);
  }

  private static String describeThread(Node node, Map<Long, Node> nodes) {
    var out = new StringBuilder(node.label()).append(" is ").append(node.state());
    if (node.waitingFor() != null) {
      out.append(", waiting for ").append(node.waitingFor());
      Node owner = node.ownerId() == null ? null : nodes.get(node.ownerId());
      if (owner != null) {
        out.append(" held by ").append(owner.label());
      }
    }
    if (!node.held().isEmpty()) {
      out.append(", holding ").append(String.join(", ", node.held()));
    }
    for (String frame : node.frames()) {
      out.append(System.lineSeparator()).append("    at ").append(frame);
    }
    if (!node.learnerFrame().isEmpty() && !node.frames().contains(node.learnerFrame())) {
      out.append(System.lineSeparator())
          .append("    ... in your code at ")
          .append(node.learnerFrame());
    }
    return out.toString();
  }

  private static List<String> frames(StackTraceElement[] stack) {
    List<String> frames = new ArrayList<>();
    for (StackTraceElement frame : stack) {
      if (frames.size() == FRAMES) {
        break;
      }
      if (!StackFrames.isSynthetic(frame)) {
        frames.add(StackFrames.format(frame));
      }
    }
    return frames;
  }

  private static String identity(LockInfo lock) {
    return lock.getClassName() + "@" + Integer.toHexString(lock.getIdentityHashCode());
  }

  private static String lockName(LockInfo lock) {
    return lockName(identity(lock));
  }

  /**
   * Name a lock from its identity string
   * ("java.util.concurrent.locks.ReentrantLock$NonfairSync@1f").
   */
  private static String lockName(String identity) {
    int at = identity.lastIndexOf('@');
    String type = at < 0 ? identity : identity.substring(0, at);
    String hash = at < 0 ? "" : identity.substring(at);
    String simple = type.substring(type.lastIndexOf('.') + 1);
    if (simple.endsWith("$NonfairSync")
        || simple.endsWith("$FairSync")
        || simple.endsWith("$Sync")) {
      simple = simple.substring(0, simple.indexOf('$'));
    }
    boolean monitor = !type.startsWith("java.util.concurrent");
    return (monitor ? "the monitor of " : "") + simple + hash;
  }

  /** Tell whether a lock cycle was found. */
  boolean hasDeadlock() {
    return !cycles.isEmpty();
  }

  /** Render the cycles first, then every thread, as seen at the time limit. */
  String render() {
    return render("threads at the time limit:");
  }

  /**
   * Render the cycles first, then every thread under {@code heading}.
   *
   * @param heading what the list of threads is, such as "threads at the time limit:"
   */
  String render(String heading) {
    var out = new StringBuilder();
    for (String cycle : cycles) {
      out.append(cycle).append(System.lineSeparator());
    }
    out.append(threads.isEmpty() ? "no thread of your code is alive" : heading);
    for (String thread : threads) {
      out.append(System.lineSeparator())
          .append("  ")
          .append(thread.replace(System.lineSeparator(), System.lineSeparator() + "  "));
    }
    return out.toString();
  }
}

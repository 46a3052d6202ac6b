package dev.kata.puzzles.p09;

import dev.kata.api.check.Threads;
import dev.kata.api.check.TimeScale;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks' view of every lock operation in one scenario.
 *
 * <p><b>Deadlock.</b> Each wait is registered before it starts. If the new wait closes a cycle
 * (this thread waits for a lock held by a thread that waits, ..., for a lock this thread holds), the
 * deadlock is certain: it is described, and every thread in the cycle is broken out of its wait.
 *
 * <p><b>Choreography</b> (two partner threads only). When a partner takes its first lock of an
 * attempt, it waits until the other partner has moved too: holds a lock, waits for one, backs off
 * (sleeps or parks while holding none), or is done. Transfers in opposite directions thus each take
 * their first lock before either takes its second. Locking in argument order then always
 * deadlocks; a global order never does, because the second partner waits for the first lock
 * instead of taking another. Retrying {@code tryLock} without backing off repeats the same
 * collision forever and is reported as a livelock; backing off lets the other partner through.
 * These waits are conditions, not timers; a safety limit switches the choreography off.
 */
final class Vault {

  private static final int LIVELOCK_RETREATS = 200;
  private static final long CHOREOGRAPHY_LIMIT_MILLIS = 2_000;

  /** What the vault knows of one thread. */
  private static final class Party {
    final Thread thread;
    final Map<CheckedLock, Integer> held = new HashMap<>();
    CheckedLock waitingFor;
    boolean timedWait;
    String waitingAt = "";
    boolean failedSinceFirst;
    boolean active;
    boolean finished;
    boolean broken;

    Party(Thread thread) {
      this.thread = thread;
    }
  }

  private final Map<Thread, Party> parties = new HashMap<>();
  private final List<String> violations = new ArrayList<>();
  private Party partnerA;
  private Party partnerB;
  private boolean choreographyOff;
  private int retreats;
  private String deadlock;
  private String livelock;

  /** Steer these two threads' transfers into the interleaving that exposes lock-order bugs. */
  synchronized void choreograph(Thread first, Thread second) {
    partnerA = party(first);
    partnerB = party(second);
  }

  synchronized void begin() {
    Party me = party(Thread.currentThread());
    me.active = true;
    notifyAll();
  }

  synchronized void end() {
    Party me = party(Thread.currentThread());
    me.active = false;
    me.finished = true;
    notifyAll();
  }

  synchronized void startWaiting(CheckedLock lock, boolean timed) {
    Party me = party(Thread.currentThread());
    throwIfBroken(me);
    me.waitingFor = lock;
    me.timedWait = timed;
    me.waitingAt = learnerFrame(Thread.currentThread().getStackTrace());
    notifyAll();
    if (!timed) {
      List<Party> cycle = cycleFrom(me);
      if (!cycle.isEmpty()) {
        breakCycle(cycle);
      }
    }
  }

  synchronized void stopWaiting() {
    Party me = party(Thread.currentThread());
    me.waitingFor = null;
    me.timedWait = false;
    notifyAll();
  }

  void acquired(CheckedLock lock) {
    Party me;
    boolean first;
    synchronized (this) {
      me = party(Thread.currentThread());
      first = me.held.isEmpty();
      me.held.merge(lock, 1, Integer::sum);
      if (first) {
        me.failedSinceFirst = false;
      }
      notifyAll();
    }
    if (first) {
      rendezvous(me);
    }
  }

  synchronized void failedTry() {
    party(Thread.currentThread()).failedSinceFirst = true;
    notifyAll();
  }

  synchronized void released(CheckedLock lock) {
    Party me = party(Thread.currentThread());
    me.held.computeIfPresent(lock, (l, n) -> n == 1 ? null : n - 1);
    if (me.held.isEmpty() && me.failedSinceFirst && isPartner(me)) {
      retreats++;
      if (retreats >= LIVELOCK_RETREATS && livelock == null) {
        livelock = "livelock: the two transfers took a lock, failed to get the other, let go and tried again "
            + retreats + " times, and neither finished" + me.waitingAt
            + ". Retrying at once repeats the same collision: back off for a random moment before trying again";
        partnerA.broken = true;
        partnerB.broken = true;
      }
    }
    notifyAll();
  }

  void throwIfBroken() {
    synchronized (this) {
      throwIfBroken(party(Thread.currentThread()));
    }
  }

  private void throwIfBroken(Party me) {
    if (me.broken) {
      me.waitingFor = null;
      throw new DeadlockBroken(deadlock != null ? deadlock : livelock);
    }
  }

  /** Wait, after taking a first lock, until the partner has made its move too. */
  private void rendezvous(Party me) {
    synchronized (this) {
      Party other = me == partnerA ? partnerB : me == partnerB ? partnerA : null;
      if (other == null || choreographyOff) {
        return;
      }
      long deadline = System.nanoTime() + TimeScale.millis(CHOREOGRAPHY_LIMIT_MILLIS) * 1_000_000;
      while (!moved(other) && !me.broken) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          choreographyOff = true;
          notifyAll();
          return;
        }
        try {
          wait(1); // polls too: a partner that starts to sleep does not tell us
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private boolean moved(Party other) {
    // A wait counts only once it is real: the lock is held by someone. A wait registered for a free
    // lock is a thread about to take it, and letting this thread go now could let it take that
    // lock first, hiding the very interleaving the choreography is for.
    if (other.finished || !other.held.isEmpty()
        || (other.waitingFor != null && holderOf(other.waitingFor) != null)) {
      return true;
    }
    return other.active && Threads.isWaiting(other.thread); // backing off: holds nothing and sleeps or parks
  }

  private boolean isPartner(Party p) {
    return p == partnerA || p == partnerB;
  }

  private List<Party> cycleFrom(Party me) {
    List<Party> cycle = new ArrayList<>();
    cycle.add(me);
    CheckedLock wanted = me.waitingFor;
    for (int step = 0; step <= parties.size(); step++) {
      Party owner = holderOf(wanted);
      if (owner == null) {
        return List.of();
      }
      if (owner == me) {
        return cycle;
      }
      if (owner.waitingFor == null || owner.timedWait || cycle.contains(owner)) {
        return List.of();
      }
      cycle.add(owner);
      wanted = owner.waitingFor;
    }
    return List.of();
  }

  private Party holderOf(CheckedLock lock) {
    for (Party p : parties.values()) {
      if (p.held.containsKey(lock)) {
        return p;
      }
    }
    return null;
  }

  private void breakCycle(List<Party> cycle) {
    var out = new StringBuilder("deadlock: a cycle of threads, each waiting for a lock the next one holds:");
    for (int i = 0; i < cycle.size(); i++) {
      Party p = cycle.get(i);
      Party next = cycle.get((i + 1) % cycle.size());
      out.append(System.lineSeparator()).append("    thread \"").append(p.thread.getName()).append("\" holds ")
          .append(String.join(" and ", p.held.keySet().stream().map(CheckedLock::toString).toList()))
          .append(" and waits for ").append(p.waitingFor).append(", held by thread \"").append(next.thread.getName())
          .append('"').append(p.waitingAt);
    }
    out.append(System.lineSeparator()).append("    Transfers in opposite directions took the same two locks in opposite orders.");
    if (deadlock == null) {
      deadlock = out.toString();
    }
    for (Party p : cycle) {
      p.broken = true;
      if (p.thread != Thread.currentThread()) {
        p.thread.interrupt();
      }
    }
  }

  synchronized boolean holdsAnyLock(Thread thread) {
    Party p = parties.get(thread);
    return p != null && !p.held.isEmpty();
  }

  synchronized String heldBy(Thread thread) {
    Party p = parties.get(thread);
    return p == null ? "" : String.join(" and ", p.held.keySet().stream().map(CheckedLock::toString).toList());
  }

  synchronized void violation(String message) {
    if (violations.size() < 5) {
      violations.add(message);
    }
  }

  synchronized List<String> violations() {
    return List.copyOf(violations);
  }

  synchronized String deadlock() {
    return deadlock;
  }

  synchronized String livelock() {
    return livelock;
  }

  private Party party(Thread thread) {
    return parties.computeIfAbsent(thread, Party::new);
  }

  /** Describe the first frame of the learner's own code, as " (at Class.method(File.java:12))". */
  static String learnerFrame(StackTraceElement[] stack) {
    for (StackTraceElement frame : stack) {
      String type = frame.getClassName();
      if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")
          && !type.startsWith("dev.kata.") && !type.startsWith("org.junit.") && !type.contains("$$Lambda")) {
        return " (at " + type + "." + frame.getMethodName() + "(" + frame.getFileName() + ":" + frame.getLineNumber() + "))";
      }
    }
    return "";
  }
}

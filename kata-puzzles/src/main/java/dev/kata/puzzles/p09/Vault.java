package dev.kata.puzzles.p09;

import dev.kata.api.check.StackFrames;
import dev.kata.api.check.Threads;
import dev.kata.api.check.TimeScale;
import dev.kata.api.check.WaitForGraph;
import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks' view of every lock operation in one scenario.
 *
 * <p><b>Deadlock.</b> Each wait is registered before it starts. If the new wait closes a cycle
 * (this thread waits for a lock held by a thread that waits, ..., for a lock this thread holds),
 * the deadlock is certain: it is described, and every thread in the cycle is broken out of its
 * wait.
 *
 * <p><b>Choreography</b> (the partner threads only: two, or three around a cycle). When a partner
 * takes its first lock of an attempt, it waits until every other partner has moved too: holds a
 * lock, waits for one, backs off (sleeps or parks while holding none), or is done. Transfers in
 * opposite directions thus each take their first lock before either takes its second. Locking in
 * argument order then always deadlocks; a global order never does, because the second partner waits
 * for the first lock instead of taking another. Retrying {@code tryLock} without backing off
 * repeats the same collision forever and is reported as a livelock; backing off lets the other
 * partner through. These waits are conditions, not timers; a safety limit switches the choreography
 * off. A partner blocked on a lock of the solution's own (a bank-wide lock, a monitor) that this
 * thread holds has moved too: it cannot take an account lock until this thread lets go, so there is
 * nothing to wait for. Thread dumps (owner of the lock a thread waits on) tell that apart from
 * waiting for a move.
 *
 * <p><b>Consistency.</b> Every read and write of a balance is recorded per account. Within one
 * transfer, the vault sums the changes made so far: letting go of a lock while that sum is not zero
 * shows the money half moved to whoever takes the lock next. A write computed from a read made
 * before the lock was last let go is a lost update: whatever ran in between is overwritten; the
 * accesses to that account are shown as per-thread columns.
 */
final class Vault {

  private static final int LIVELOCK_RETREATS = 200;
  private static final int HISTORY = 400;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final long CHOREOGRAPHY_LIMIT_MILLIS = 2_000;

  /** What the vault knows of one thread. */
  private static final class Party {
    final Thread thread;
    final Map<CheckedLock, Integer> held = new HashMap<>();
    CheckedLock waitingFor;
    boolean timedWait;

    /** The learner's frame where it waits, or empty. */
    String waitingAt = "";

    boolean failedSinceFirst;
    boolean active;
    boolean finished;
    boolean broken;

    /** The transfer this thread is in, or null. */
    Account from;

    Account to;
    long moved;
    int writes;
    boolean halfMovedNamed;
    final Map<CheckedLock, Integer> epochs = new HashMap<>();
    final Map<Account, Integer> readEpoch = new HashMap<>();
    final Map<Account, Integer> readAt = new HashMap<>();

    Party(Thread thread) {
      this.thread = thread;
    }
  }

  // Concurrent: a thread looks up its own party without the vault's monitor (balance reads and
  // writes).
  private final Map<Thread, Party> parties = new java.util.concurrent.ConcurrentHashMap<>();
  private final List<String> violations = new ArrayList<>();

  /** Every access to a balance, in order: who, what, which account. */
  private record Access(long seq, Thread thread, Account account, String what) {}

  /**
   * The latest accesses, oldest first; guarded by itself, not by the vault, to keep balance
   * accesses cheap.
   */
  private final java.util.ArrayDeque<Access> history = new java.util.ArrayDeque<>();

  private long nextSeq;
  private final List<Party> partners = new ArrayList<>();
  private boolean choreographyOff;
  private int retreats;
  private String deadlock;
  private String livelock;
  private final String learnerPackage;

  /**
   * Watch one scenario of a solution.
   *
   * @param solution the learner's bank, whose package tells the learner's frames from kata's
   */
  Vault(Object solution) {
    this.learnerPackage = solution.getClass().getPackageName();
  }

  /**
   * Steer these threads' transfers into the interleaving that exposes lock-order bugs: each takes
   * its first lock before any takes its second. Two threads moving money in opposite directions, or
   * three around a cycle of accounts (1 to 2, 2 to 3, 3 to 1).
   */
  synchronized void choreograph(Thread... threads) {
    partners.clear();
    for (Thread thread : threads) {
      partners.add(party(thread));
    }
  }

  synchronized void begin(Account from, Account to) {
    start(party(Thread.currentThread()), from, to);
  }

  private void start(Party me, Account from, Account to) {
    me.active = true;
    me.from = from;
    me.to = to;
    me.moved = 0;
    me.writes = 0;
    me.halfMovedNamed = false;
    me.readEpoch.clear();
    notifyAll();
  }

  /**
   * Record the end of a transfer that returned {@code result} (null if it threw), and check what it
   * left behind. Locks still held are let go here, on the thread that holds them, so the other
   * transfers are not stuck behind a mistake the check has already named.
   */
  void end(Boolean result) {
    List<CheckedLock> leftLocked;
    synchronized (this) {
      Party me = party(Thread.currentThread());
      leftLocked = List.copyOf(me.held.keySet());
      if (!leftLocked.isEmpty() && !me.broken) {
        violation(
            "transfer("
                + me.from
                + ", "
                + me.to
                + ") "
                + (result == null ? "threw" : "returned")
                + " while thread \""
                + me.thread.getName()
                + "\" still held "
                + String.join(" and ", leftLocked.stream().map(CheckedLock::toString).toList())
                + ": leaving a method does not unlock a Lock; every later transfer touching that"
                + " account waits forever. Unlock in a finally block, so every path out of the"
                + " method lets go");
      }
      if (me.moved != 0 && !me.broken && !me.halfMovedNamed) {
        violation(
            "transfer("
                + me.from
                + ", "
                + me.to
                + ") "
                + (me.moved > 0 ? "created " : "destroyed ")
                + Math.abs(me.moved)
                + " of money: the balances it changed do not add up to zero");
      }
      if (Boolean.FALSE.equals(result) && me.writes > 0) {
        violation(
            "transfer("
                + me.from
                + ", "
                + me.to
                + ") returned false, meaning \"nothing moved\", but it"
                + " changed balances "
                + me.writes
                + " times");
      }
    }
    for (CheckedLock lock : leftLocked) {
      while (lock.isHeldByCurrentThread()) {
        lock.unlock();
      }
    }
    synchronized (this) {
      Party me = party(Thread.currentThread());
      me.active = false;
      me.finished = true;
      me.from = null;
      me.to = null;
      notifyAll();
    }
  }

  /** Record a read of a balance by the thread holding its lock. */
  void read(Account account, CheckedLock lock, long balance) {
    // A party's epochs, reads and sums are touched only by its own thread: no monitor needed.
    Party me = party(Thread.currentThread());
    me.readEpoch.put(account, me.epochs.getOrDefault(lock, 0));
    me.readAt.put(account, remember(me.thread, account, "reads " + account + " = " + balance));
  }

  /**
   * Record a change of a balance by the thread holding its lock, and catch a write from a stale
   * read.
   */
  void write(Account account, CheckedLock lock, long old, long now) {
    Party me = party(Thread.currentThread());
    Integer readIn = me.readEpoch.get(account);
    int epoch = me.epochs.getOrDefault(lock, 0);
    remember(
        me.thread,
        account,
        "writes "
            + account
            + " = "
            + now
            + (readIn != null && readIn != epoch ? " (from what it read before letting go)" : ""));
    if (readIn == null || readIn != epoch) {
      Integer from = me.readAt.get(account);
      violation(
          "lost update: thread \""
              + me.thread.getName()
              + "\" wrote "
              + now
              + " to "
              + account
              + (readIn == null
                  ? " without reading it since it took the lock"
                  : ", computed from the balance it read before it let go of the lock and took it"
                      + " again")
              + at(me.thread.getStackTrace())
              + ". Any transfer that ran in between is overwritten: read, check"
              + " and write under one continuous hold of the locks"
              + System.lineSeparator()
              + columns(account, from == null ? 0 : from));
    }
    me.moved += now - old;
    me.writes++;
  }

  private int remember(Thread thread, Account account, String what) {
    synchronized (history) {
      if (history.size() == HISTORY) {
        history.removeFirst();
      }
      long seq = nextSeq++;
      history.addLast(new Access(seq, thread, account, what));
      return (int) seq;
    }
  }

  /**
   * Draw the accesses to one account from sequence number {@code start} on, one column per thread.
   */
  private String columns(Account account, long start) {
    List<Thread> threads = new ArrayList<>();
    List<Access> rows = new ArrayList<>();
    synchronized (history) {
      for (Access a : history) {
        if (a.seq() >= start && a.account() == account) {
          rows.add(a);
          if (!threads.contains(a.thread())) {
            threads.add(a.thread());
          }
        }
      }
    }
    int width = 44;
    StringBuilder out =
        new StringBuilder("    the accesses to " + account + ", in the order they happened:");
    out.append(System.lineSeparator()).append("    ");
    for (Thread t : threads) {
      out.append(String.format("%-" + width + "s", t.getName()));
    }
    for (Access a : rows.subList(0, Math.min(rows.size(), 16))) {
      out.append(System.lineSeparator())
          .append("    ")
          .append(" ".repeat(width * threads.indexOf(a.thread())))
          .append(a.what());
    }
    return out.toString();
  }

  synchronized void startWaiting(CheckedLock lock, boolean timed) {
    Party me = party(Thread.currentThread());
    throwIfBroken(me);
    me.waitingFor = lock;
    me.timedWait = timed;
    me.waitingAt = frameOf(Thread.currentThread().getStackTrace());
    notifyAll();
    if (!timed) {
      List<WaitForGraph.Wait<Party>> cycle = cycleFrom(me);
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
      if (!me.held.containsKey(lock)) {
        me.epochs.merge(lock, 1, Integer::sum);
      }
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
    if (!me.held.containsKey(lock)) {
      remember(me.thread, lock.account(), "lets go of " + lock);
      if (me.moved != 0 && me.from != null && !me.broken && !me.halfMovedNamed) {
        violation(
            "money half moved: thread \""
                + me.thread.getName()
                + "\" let go of "
                + lock
                + " after changing the"
                + " balances by "
                + me.moved
                + " in total"
                + at(me.thread.getStackTrace())
                + ": whoever takes that"
                + " lock now sees "
                + Math.abs(me.moved)
                + " "
                + (me.moved < 0 ? "missing" : "extra")
                + ". Hold both accounts' locks from the first change of a balance to the last");
        me.halfMovedNamed = true;
      }
    }
    if (me.held.isEmpty() && me.failedSinceFirst && isPartner(me)) {
      retreats++;
      if (retreats >= LIVELOCK_RETREATS && livelock == null) {
        livelock =
            "livelock: the transfers each took a lock, failed to get the other, let go and tried"
                + " again "
                + retreats
                + " times, and neither finished"
                + parenthesised(me.waitingAt)
                + ". Retrying at once repeats the same collision: back off for a random moment"
                + " before trying again";
        partners.forEach(partner -> partner.broken = true);
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
      if (!isPartner(me) || choreographyOff) {
        return;
      }
      long deadline = System.nanoTime() + TimeScale.millis(CHOREOGRAPHY_LIMIT_MILLIS) * 1_000_000;
      while (!partners.stream().allMatch(other -> other == me || moved(other)) && !me.broken) {
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
    if (other.finished
        || !other.held.isEmpty()
        || (other.waitingFor != null && holderOf(other.waitingFor) != null)) {
      return true;
    }
    Thread.State state = other.thread.getState();
    boolean blocked =
        state == Thread.State.BLOCKED
            || ((state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING)
                && !Threads.isWaiting(other.thread));
    if (other.waitingFor == null && blocked && blockedByCurrentThread(other.thread)) {
      // blocked on a lock of the solution's own that this thread holds: it cannot move before us
      return true;
    }
    // backing off: holds nothing and sleeps or parks
    return other.active && Threads.isWaiting(other.thread);
  }

  /**
   * Tell, from a thread dump, whether {@code other} is blocked on a lock (not the vault's) owned by
   * this thread.
   */
  private boolean blockedByCurrentThread(Thread other) {
    ThreadInfo info = THREADS.getThreadInfo(other.threadId());
    if (info == null
        || info.getLockInfo() == null
        || info.getLockInfo().getIdentityHashCode() == System.identityHashCode(this)) {
      return false;
    }
    return info.getLockOwnerId() == Thread.currentThread().threadId();
  }

  /** Describe what a thread that did not finish is stuck on, in the learner's terms. */
  synchronized String stuck(Thread thread) {
    Party p = parties.get(thread);
    StringBuilder out = new StringBuilder("thread \"" + thread.getName() + "\"");
    if (p != null && !p.held.isEmpty()) {
      out.append(" holds ").append(heldBy(thread)).append(" and");
    }
    if (p != null && p.waitingFor != null) {
      Party owner = holderOf(p.waitingFor);
      return out.append(" waits for ")
          .append(p.waitingFor)
          .append(owner == null ? "" : ", held by thread \"" + owner.thread.getName() + "\"")
          .append(parenthesised(p.waitingAt))
          .toString();
    }
    ThreadInfo info = THREADS.getThreadInfo(thread.threadId(), 8);
    if (info == null) {
      return out.append(" ended").toString();
    }
    LockInfo lock = info.getLockInfo();
    String at = at(info.getStackTrace());
    if (lock != null) {
      return out.append(" is ")
          .append(info.getThreadState())
          .append(" on a lock of your own (")
          .append(lock.getClassName())
          .append(')')
          .append(
              info.getLockOwnerName() == null
                  ? ""
                  : ", held by thread \"" + info.getLockOwnerName() + "\"")
          .append(at)
          .toString();
    }
    return out.append(" is ")
        .append(
            info.getThreadState() == Thread.State.RUNNABLE
                ? "running (spinning?)"
                : info.getThreadState().toString())
        .append(at)
        .toString();
  }

  private boolean isPartner(Party p) {
    return partners.contains(p);
  }

  /** The cycle this thread's new wait closes, if any; timed waits end by themselves. */
  private List<WaitForGraph.Wait<Party>> cycleFrom(Party me) {
    WaitForGraph<Party> graph = new WaitForGraph<>();
    for (Party p : parties.values()) {
      Party owner = p.waitingFor == null || p.timedWait ? null : holderOf(p.waitingFor);
      if (owner != null) {
        graph.add(p, p.waitingFor.toString(), owner);
      }
    }
    return graph.cycleThrough(me).orElse(List.of());
  }

  private Party holderOf(CheckedLock lock) {
    for (Party p : parties.values()) {
      if (p.held.containsKey(lock)) {
        return p;
      }
    }
    return null;
  }

  private void breakCycle(List<WaitForGraph.Wait<Party>> cycle) {
    // Indented under the failure's "observed:" line.
    String out =
        WaitForGraph.describe(cycle, p -> "thread \"" + p.thread.getName() + "\"", p -> p.waitingAt)
                .replace(System.lineSeparator(), System.lineSeparator() + "  ")
            + System.lineSeparator()
            + (cycle.size() == 2
                ? "    Transfers in opposite directions took the same two locks in opposite orders."
                : "    Each transfer took the lock of its own first account, then waited for the"
                    + " next one's: locks taken in argument order, not in one order for all.");
    if (deadlock == null) {
      deadlock = out;
    }
    for (Party p : cycle.stream().map(WaitForGraph.Wait::waiter).toList()) {
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
    return p == null
        ? ""
        : String.join(" and ", p.held.keySet().stream().map(CheckedLock::toString).toList());
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

  /** Name the first frame of the learner's own code; empty when none is on the stack. */
  String frameOf(StackTraceElement[] stack) {
    return StackFrames.learnerFrame(stack, learnerPackage).map(StackFrames::format).orElse("");
  }

  /** Describe the first frame of the learner's own code, as " (at Class.method(File.java:12))". */
  String at(StackTraceElement[] stack) {
    return parenthesised(frameOf(stack));
  }

  private static String parenthesised(String frame) {
    return frame.isEmpty() ? "" : " (at " + frame + ")";
  }
}

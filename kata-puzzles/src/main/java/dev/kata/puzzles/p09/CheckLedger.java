package dev.kata.puzzles.p09;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ledger the checks pass in: it records transfers and catches a call made while holding a lock,
 * an account's or one of the solution's own (a monitor, a ReentrantLock), seen in a thread dump.
 */
final class CheckLedger implements Ledger {

  /** One recorded transfer. */
  record Entry(long from, long to, long amount) {}

  private final Vault vault;
  private final List<Entry> entries = new ArrayList<>();

  /**
   * Thread dumps stop every thread for a moment: the solution's own locks are looked for in a few
   * calls only.
   */
  private final AtomicInteger dumpsLeft;

  /**
   * @param vault the scenario's vault
   * @param dumps how many calls to check for the solution's own locks with a thread dump; the
   *     calling threads must be the check's own, holding no lock when they call transfer
   */
  CheckLedger(Vault vault, int dumps) {
    this.vault = vault;
    this.dumpsLeft = new AtomicInteger(dumps);
  }

  @Override
  public void record(Account from, Account to, long amount) {
    Thread me = Thread.currentThread();
    if (vault.holdsAnyLock(me)) {
      vault.violation(
          "ledger.record(...) was called while thread \""
              + me.getName()
              + "\" held "
              + vault.heldBy(me)
              + vault.at(me.getStackTrace())
              + ": every thread that needs that lock now waits for the network too");
    } else if (dumpsLeft.getAndDecrement() > 0) {
      String own = ownLocks(me);
      if (!own.isEmpty()) {
        vault.violation(
            "ledger.record(...) was called while thread \""
                + me.getName()
                + "\" held "
                + own
                + vault.at(me.getStackTrace())
                + ": every transfer that needs that lock now waits for the network too. Let go of"
                + " every lock, your own included, before calling the ledger");
      }
    }
    synchronized (entries) {
      entries.add(new Entry(from.id(), to.id(), amount));
    }
  }

  /**
   * Name the locks the thread holds, from a thread dump: monitors and java.util.concurrent locks.
   * The thread is one the check started, which held none when it called transfer.
   */
  private static String ownLocks(Thread thread) {
    List<String> held = new ArrayList<>();
    for (LockInfo lock : locksHeld(thread)) {
      held.add(
          lock instanceof java.lang.management.MonitorInfo
              ? "the monitor of a " + simple(lock)
              : "a " + simple(lock));
    }
    return String.join(" and ", held);
  }

  /** Get the monitors and java.util.concurrent locks a thread holds, from a thread dump. */
  static List<LockInfo> locksHeld(Thread thread) {
    ThreadInfo[] infos =
        ManagementFactory.getThreadMXBean()
            .getThreadInfo(new long[] {thread.threadId()}, true, true);
    List<LockInfo> held = new ArrayList<>();
    if (infos.length == 1 && infos[0] != null) {
      held.addAll(Arrays.asList(infos[0].getLockedMonitors()));
      held.addAll(Arrays.asList(infos[0].getLockedSynchronizers()));
    }
    return held;
  }

  private static String simple(LockInfo lock) {
    String name = lock.getClassName();
    int dollar = name.indexOf('$');
    return name.substring(
        name.lastIndexOf('.') + 1, dollar > name.lastIndexOf('.') ? dollar : name.length());
  }

  List<Entry> entries() {
    synchronized (entries) {
      return List.copyOf(entries);
    }
  }
}

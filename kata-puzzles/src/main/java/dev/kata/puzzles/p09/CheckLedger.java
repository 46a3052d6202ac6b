package dev.kata.puzzles.p09;

import java.util.ArrayList;
import java.util.List;

/** The ledger the checks pass in: it records transfers and catches a call made while holding a lock. */
final class CheckLedger implements Ledger {

  /** One recorded transfer. */
  record Entry(long from, long to, long amount) {}

  private final Vault vault;
  private final List<Entry> entries = new ArrayList<>();

  CheckLedger(Vault vault) {
    this.vault = vault;
  }

  @Override
  public void record(Account from, Account to, long amount) {
    Thread me = Thread.currentThread();
    if (vault.holdsAnyLock(me)) {
      vault.violation("ledger.record(...) was called while thread \"" + me.getName() + "\" held " + vault.heldBy(me)
          + Vault.learnerFrame(me.getStackTrace()) + ": every thread that needs that lock now waits for the network too");
    }
    synchronized (entries) {
      entries.add(new Entry(from.id(), to.id(), amount));
    }
  }

  List<Entry> entries() {
    synchronized (entries) {
      return List.copyOf(entries);
    }
  }
}

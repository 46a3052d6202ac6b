package p09_lock_ordering;

import dev.kata.puzzles.p09.Account;
import dev.kata.puzzles.p09.Bank;
import dev.kata.puzzles.p09.Ledger;

/**
 * WRONG: calls the slow ledger while holding both locks. Correct and deadlock-free, but every other
 * transfer touching these accounts now waits for the network as well.
 */
public class SafeBank implements Bank {

  @Override
  public boolean transfer(Account from, Account to, long amount, Ledger ledger) {
    Account first = from.id() < to.id() ? from : to;
    Account second = first == from ? to : from;
    first.lock().lock();
    try {
      second.lock().lock();
      try {
        boolean moved = move(from, to, amount);
        if (moved) {
          ledger.record(from, to, amount);
        }
        return moved;
      } finally {
        second.lock().unlock();
      }
    } finally {
      first.lock().unlock();
    }
  }

  /** Move the money if it is there; the caller holds both locks. */
  private static boolean move(Account from, Account to, long amount) {
    if (from.balance() < amount) {
      return false;
    }
    from.setBalance(from.balance() - amount);
    to.setBalance(to.balance() + amount);
    return true;
  }
}

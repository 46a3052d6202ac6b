package p09_lock_ordering;

import dev.kata.puzzles.p09.Account;
import dev.kata.puzzles.p09.Bank;
import dev.kata.puzzles.p09.Ledger;

/**
 * WRONG: orders locks by System.identityHashCode with no tie-break. Two distinct objects can share
 * an identity hash; then each thread picks "to" first, and opposite transfers lock in opposite
 * orders again. (The classic fix adds a tie-breaking lock, or orders by a unique id.)
 */
public class SafeBank implements Bank {

  @Override
  public boolean transfer(Account from, Account to, long amount, Ledger ledger) {
    Account first = System.identityHashCode(from) < System.identityHashCode(to) ? from : to;
    Account second = first == from ? to : from;
    boolean moved;
    first.lock().lock();
    try {
      second.lock().lock();
      try {
        moved = move(from, to, amount);
      } finally {
        second.lock().unlock();
      }
    } finally {
      first.lock().unlock();
    }
    if (moved) {
      ledger.record(from, to, amount);
    }
    return moved;
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

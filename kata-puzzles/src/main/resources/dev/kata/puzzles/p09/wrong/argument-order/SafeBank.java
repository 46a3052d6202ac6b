package p09_lock_ordering;

import dev.kata.puzzles.p09.Account;
import dev.kata.puzzles.p09.Bank;
import dev.kata.puzzles.p09.Ledger;

/**
 * WRONG: locks in argument order. transfer(A, B) locks A then B; transfer(B, A) locks B then A. Run
 * at the same moment, each holds one lock and waits for the other forever.
 */
public class SafeBank implements Bank {

  @Override
  public boolean transfer(Account from, Account to, long amount, Ledger ledger) {
    boolean moved;
    from.lock().lock();
    try {
      to.lock().lock();
      try {
        moved = move(from, to, amount);
      } finally {
        to.lock().unlock();
      }
    } finally {
      from.lock().unlock();
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

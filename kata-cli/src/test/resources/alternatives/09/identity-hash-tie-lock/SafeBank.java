package p09_lock_ordering;

import dev.kata.puzzles.p09.Account;
import dev.kata.puzzles.p09.Bank;
import dev.kata.puzzles.p09.Ledger;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * VALID: Goetz's order by System.identityHashCode, with a tie-breaking lock when the hashes are
 * equal.
 */
public class SafeBank implements Bank {

  private static final Lock TIE = new ReentrantLock();

  @Override
  public boolean transfer(Account from, Account to, long amount, Ledger ledger) {
    int fromHash = System.identityHashCode(from);
    int toHash = System.identityHashCode(to);
    boolean moved;
    if (fromHash < toHash) {
      moved = inOrder(from, to, from, to, amount);
    } else if (fromHash > toHash) {
      moved = inOrder(to, from, from, to, amount);
    } else {
      TIE.lock();
      try {
        moved = inOrder(from, to, from, to, amount);
      } finally {
        TIE.unlock();
      }
    }
    if (moved) {
      ledger.record(from, to, amount);
    }
    return moved;
  }

  private static boolean inOrder(
      Account first, Account second, Account from, Account to, long amount) {
    first.lock().lock();
    try {
      second.lock().lock();
      try {
        if (from.balance() < amount) {
          return false;
        }
        long toBalance = to.balance(); // every read that may fail, before the first write
        from.setBalance(from.balance() - amount);
        to.setBalance(toBalance + amount);
        return true;
      } finally {
        second.lock().unlock();
      }
    } finally {
      first.lock().unlock();
    }
  }
}

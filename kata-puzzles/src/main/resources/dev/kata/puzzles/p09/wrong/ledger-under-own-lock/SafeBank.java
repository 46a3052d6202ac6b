package p09_lock_ordering;

import dev.kata.puzzles.p09.Account;
import dev.kata.puzzles.p09.Bank;
import dev.kata.puzzles.p09.Ledger;

/**
 * WRONG: a synchronized method as a bank-wide lock, and the ledger called inside it. Serialising
 * transfers is allowed, but now every transfer in the bank waits for the network call of the one
 * before: the slow ledger is called while holding a lock, the bank's own.
 */
public class SafeBank implements Bank {

  @Override
  public synchronized boolean transfer(Account from, Account to, long amount, Ledger ledger) {
    boolean moved;
    from.lock().lock();
    try {
      to.lock().lock();
      try {
        moved = from.balance() >= amount;
        if (moved) {
          from.setBalance(from.balance() - amount);
          to.setBalance(to.balance() + amount);
        }
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
}

package p09_lock_ordering;

import dev.kata.puzzles.p09.Account;
import dev.kata.puzzles.p09.Bank;
import dev.kata.puzzles.p09.Ledger;
import java.util.concurrent.locks.ReentrantLock;

/** VALID: one bank-wide lock, taken before the two account locks, serialises every transfer. */
public class SafeBank implements Bank {

  private final ReentrantLock bank = new ReentrantLock();

  @Override
  public boolean transfer(Account from, Account to, long amount, Ledger ledger) {
    boolean moved;
    bank.lock();
    try {
      from.lock().lock();
      try {
        to.lock().lock();
        try {
          moved = from.balance() >= amount;
          if (moved) {
            long toBalance = to.balance(); // every read that may fail, before the first write
            from.setBalance(from.balance() - amount);
            to.setBalance(toBalance + amount);
          }
        } finally {
          to.lock().unlock();
        }
      } finally {
        from.lock().unlock();
      }
    } finally {
      bank.unlock();
    }
    if (moved) {
      ledger.record(from, to, amount);
    }
    return moved;
  }
}

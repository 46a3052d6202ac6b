package p09_lock_ordering;

import dev.kata.puzzles.p09.Account;
import dev.kata.puzzles.p09.Bank;
import dev.kata.puzzles.p09.Ledger;

/** VALID: a static monitor as the bank-wide lock, account locks in argument order under it. */
public class SafeBank implements Bank {

  private static Object BANK = new Object(); // MISTAKE: not final

  @Override
  public boolean transfer(Account from, Account to, long amount, Ledger ledger) {
    boolean moved;
    synchronized (BANK) {
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
    }
    if (moved) {
      ledger.record(from, to, amount);
    }
    return moved;
  }
}

package p09_lock_ordering;

import dev.kata.puzzles.p09.Account;
import dev.kata.puzzles.p09.Bank;
import dev.kata.puzzles.p09.Ledger;

/**
 * WRONG: never holds both locks, so it can never deadlock: it takes the money out under from's
 * lock, lets go, then pays it in under to's lock. In between, the money is in neither account: an
 * auditor summing the balances sees money vanish and reappear.
 */
public class SafeBank implements Bank {

  @Override
  public boolean transfer(Account from, Account to, long amount, Ledger ledger) {
    from.lock().lock();
    try {
      if (from.balance() < amount) {
        return false;
      }
      from.setBalance(from.balance() - amount);
    } finally {
      from.lock().unlock();
    }
    to.lock().lock();
    try {
      to.setBalance(to.balance() + amount);
    } finally {
      to.lock().unlock();
    }
    ledger.record(from, to, amount);
    return true;
  }
}

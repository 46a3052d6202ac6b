package p09_lock_ordering;

import dev.kata.puzzles.p09.Account;
import dev.kata.puzzles.p09.Bank;
import dev.kata.puzzles.p09.Ledger;

/**
 * WRONG: checks the balance before locking. Between the check and the move, another transfer can
 * spend the same money (check-then-act), and the read itself is unguarded.
 */
public class SafeBank implements Bank {

  @Override
  public boolean transfer(Account from, Account to, long amount, Ledger ledger) {
    if (from.balance() < amount) {
      return false;
    }
    Account first = from.id() < to.id() ? from : to;
    Account second = first == from ? to : from;
    first.lock().lock();
    try {
      second.lock().lock();
      try {
        from.setBalance(from.balance() - amount);
        to.setBalance(to.balance() + amount);
      } finally {
        second.lock().unlock();
      }
    } finally {
      first.lock().unlock();
    }
    ledger.record(from, to, amount);
    return true;
  }
}

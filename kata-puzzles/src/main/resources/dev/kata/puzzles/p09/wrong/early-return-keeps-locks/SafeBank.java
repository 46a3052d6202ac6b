package p09_lock_ordering;

import dev.kata.puzzles.p09.Account;
import dev.kata.puzzles.p09.Bank;
import dev.kata.puzzles.p09.Ledger;

/**
 * WRONG: returns early, without unlocking, when the money is not there. Locks are not released by
 * leaving a method (that is synchronized's trick, not Lock's): both accounts stay locked, and every
 * later transfer touching them waits forever.
 */
public class SafeBank implements Bank {

  @Override
  public boolean transfer(Account from, Account to, long amount, Ledger ledger) {
    Account first = from.id() < to.id() ? from : to;
    Account second = first == from ? to : from;
    first.lock().lock();
    second.lock().lock();
    if (from.balance() < amount) {
      return false;
    }
    from.setBalance(from.balance() - amount);
    to.setBalance(to.balance() + amount);
    second.lock().unlock();
    first.lock().unlock();
    ledger.record(from, to, amount);
    return true;
  }
}

package p09_lock_ordering;

import dev.kata.puzzles.p09.Account;
import dev.kata.puzzles.p09.Bank;
import dev.kata.puzzles.p09.Ledger;

/**
 * WRONG: reads both balances under the locks, lets go, and writes the new balances under the locks
 * again. Every access is guarded, but the read-modify-write is not atomic: a transfer that runs in
 * between is overwritten (a lost update), and money appears or vanishes.
 */
public class SafeBank implements Bank {

  @Override
  public boolean transfer(Account from, Account to, long amount, Ledger ledger) {
    Account first = from.id() < to.id() ? from : to;
    Account second = first == from ? to : from;
    long fromBalance;
    long toBalance;
    first.lock().lock();
    second.lock().lock();
    try {
      fromBalance = from.balance();
      toBalance = to.balance();
    } finally {
      second.lock().unlock();
      first.lock().unlock();
    }
    if (fromBalance < amount) {
      return false;
    }
    first.lock().lock();
    second.lock().lock();
    try {
      from.setBalance(fromBalance - amount);
      to.setBalance(toBalance + amount);
    } finally {
      second.lock().unlock();
      first.lock().unlock();
    }
    ledger.record(from, to, amount);
    return true;
  }
}

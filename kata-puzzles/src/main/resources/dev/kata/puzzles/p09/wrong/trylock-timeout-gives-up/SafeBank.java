package p09_lock_ordering;

import dev.kata.puzzles.p09.Account;
import dev.kata.puzzles.p09.Bank;
import dev.kata.puzzles.p09.Ledger;
import java.util.concurrent.TimeUnit;

/**
 * WRONG: tryLock with a timeout, and a transfer that times out is reported as "not moved". It can
 * never deadlock, but two opposite transfers that collide both give up and return false although
 * the money was there: a busy lock is not an empty account. Back off and try again instead.
 */
public class SafeBank implements Bank {

  @Override
  public boolean transfer(Account from, Account to, long amount, Ledger ledger) {
    boolean moved = false;
    try {
      if (from.lock().tryLock(50, TimeUnit.MILLISECONDS)) {
        try {
          if (to.lock().tryLock(50, TimeUnit.MILLISECONDS)) {
            try {
              if (from.balance() >= amount) {
                from.setBalance(from.balance() - amount);
                to.setBalance(to.balance() + amount);
                moved = true;
              }
            } finally {
              to.lock().unlock();
            }
          }
        } finally {
          from.lock().unlock();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    if (moved) {
      ledger.record(from, to, amount);
    }
    return moved;
  }
}

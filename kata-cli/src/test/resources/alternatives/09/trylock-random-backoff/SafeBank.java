package p09_lock_ordering;

import dev.kata.puzzles.p09.Account;
import dev.kata.puzzles.p09.Bank;
import dev.kata.puzzles.p09.Ledger;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** VALID: tryLock both in argument order; on failure let go and sleep a random moment. */
public class SafeBank implements Bank {

  @Override
  public boolean transfer(Account from, Account to, long amount, Ledger ledger) {
    while (true) {
      if (from.lock().tryLock()) {
        boolean both = false;
        boolean moved = false;
        try {
          if (to.lock().tryLock()) {
            both = true;
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
          }
        } finally {
          from.lock().unlock();
        }
        if (both) {
          if (moved) {
            ledger.record(from, to, amount);
          }
          return moved;
        }
      }
      try {
        TimeUnit.MICROSECONDS.sleep(ThreadLocalRandom.current().nextInt(50, 2_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

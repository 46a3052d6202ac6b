package p09_lock_ordering;

import dev.kata.puzzles.p09.Account;
import dev.kata.puzzles.p09.Bank;
import dev.kata.puzzles.p09.Ledger;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * VALID: lockInterruptibly the first, tryLock(timeout) the second; on a timeout, let go, back off,
 * retry.
 */
public class SafeBank implements Bank {

  @Override
  public boolean transfer(Account from, Account to, long amount, Ledger ledger) {
    try {
      while (true) {
        from.lock().lockInterruptibly();
        Boolean moved = null;
        try {
          if (to.lock().tryLock(ThreadLocalRandom.current().nextInt(1, 5), TimeUnit.MILLISECONDS)) {
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
        if (moved != null) {
          if (moved) {
            ledger.record(from, to, amount);
          }
          return moved;
        }
        TimeUnit.MICROSECONDS.sleep(ThreadLocalRandom.current().nextInt(100, 3_000));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}

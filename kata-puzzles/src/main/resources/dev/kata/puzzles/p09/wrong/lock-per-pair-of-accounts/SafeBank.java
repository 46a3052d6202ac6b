package p09_lock_ordering;

import dev.kata.puzzles.p09.Account;
import dev.kata.puzzles.p09.Bank;
import dev.kata.puzzles.p09.Ledger;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/*
 * WRONG: a lock per pair of accounts keeps two opposite transfers apart (1 to 2 and 2 to 1 share
 * the lock of the pair {1, 2}), so the classic two-account deadlock never happens. But the account
 * locks are still taken in argument order, and three transfers around a cycle (1 to 2, 2 to 3, 3 to
 * 1) use three different pair locks: each takes its first account lock and waits for the next one,
 * held by the next transfer. A deadlock needs a cycle of any length, not only of two.
 */
public class SafeBank implements Bank {

  private final Map<String, Object> pairLocks = new ConcurrentHashMap<>();

  @Override
  public boolean transfer(Account from, Account to, long amount, Ledger ledger) {
    long low = Math.min(from.id(), to.id());
    long high = Math.max(from.id(), to.id());
    Object pair = pairLocks.computeIfAbsent(low + "-" + high, key -> new Object());
    boolean moved;
    synchronized (pair) {
      from.lock().lock(); // BUG: argument order, which only the pair lock protects
      try {
        to.lock().lock();
        try {
          moved = move(from, to, amount);
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

  private static boolean move(Account from, Account to, long amount) {
    long fromBalance = from.balance();
    if (fromBalance < amount) {
      return false;
    }
    long toBalance = to.balance();
    from.setBalance(fromBalance - amount);
    to.setBalance(toBalance + amount);
    return true;
  }
}

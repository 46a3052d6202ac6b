package p09_lock_ordering;

import dev.kata.puzzles.p09.Account;
import dev.kata.puzzles.p09.Bank;
import dev.kata.puzzles.p09.Ledger;

/**
 * WRONG: tryLock retried at once. It cannot deadlock (it lets go when the second lock is busy), but
 * two opposite transfers can take their first locks, fail, let go and retry in step, forever: a
 * livelock. Backing off for a random moment before retrying breaks the symmetry.
 */
public class SafeBank implements Bank {

  @Override
  public boolean transfer(Account from, Account to, long amount, Ledger ledger) {
    while (true) {
      if (from.lock().tryLock()) {
        try {
          if (to.lock().tryLock()) {
            boolean moved;
            try {
              moved = move(from, to, amount);
            } finally {
              to.lock().unlock();
            }
            from.lock().unlock();
            if (moved) {
              ledger.record(from, to, amount);
            }
            return moved;
          }
        } catch (RuntimeException | Error e) {
          from.lock().unlock();
          throw e;
        }
        from.lock().unlock();
      }
    }
  }

  /** Move the money if it is there; the caller holds both locks. */
  private static boolean move(Account from, Account to, long amount) {
    if (from.balance() < amount) {
      return false;
    }
    from.setBalance(from.balance() - amount);
    to.setBalance(to.balance() + amount);
    return true;
  }
}

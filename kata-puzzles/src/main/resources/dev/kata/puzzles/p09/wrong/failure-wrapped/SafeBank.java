package p09_lock_ordering;

import dev.kata.puzzles.p09.Account;
import dev.kata.puzzles.p09.Bank;
import dev.kata.puzzles.p09.Ledger;

/*
 * WRONG: a failed balance read is wrapped "to add context". The caller's catch of the storage's
 * own exception type no longer matches, and an Error (the storage crashed) becomes a
 * RuntimeException that code catching Exception then swallows. Account.balance says the failure is
 * thrown there and must leave transfer: let it pass, or rethrow the very same object.
 */
public class SafeBank implements Bank {

  @Override
  public boolean transfer(Account from, Account to, long amount, Ledger ledger) {
    Account first = from.id() < to.id() ? from : to;
    Account second = first == from ? to : from;
    boolean moved;
    first.lock().lock();
    try {
      second.lock().lock();
      try {
        moved = move(from, to, amount);
      } catch (RuntimeException | Error e) {
        // BUG: a wrapper is not the failure; Account.balance says the failure itself leaves
        throw new IllegalStateException(
            "transfer of " + amount + " from " + from.id() + " to " + to.id() + " failed", e);
      } finally {
        second.lock().unlock();
      }
    } finally {
      first.lock().unlock();
    }
    if (moved) {
      ledger.record(from, to, amount);
    }
    return moved;
  }

  /** Move the money if it is there; the caller holds both locks. */
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

package p09_lock_ordering;

import dev.kata.puzzles.p09.Account;
import dev.kata.puzzles.p09.Bank;
import dev.kata.puzzles.p09.Ledger;

/**
 * WRONG: refuses a transfer of the whole balance ("fromBalance <= amount" for "not enough"): an
 * account that has exactly the amount has at least that much, and its money must move.
 */
public class SafeBank implements Bank {

  @Override
  public boolean transfer(Account from, Account to, long amount, Ledger ledger) {
    // The order depends on the accounts, never on the direction of the transfer. Ids are unique,
    // so there is no tie to break (System.identityHashCode, by contrast, can collide).
    Account first = from.id() < to.id() ? from : to;
    Account second = first == from ? to : from;
    boolean moved;
    first.lock().lock();
    try {
      second.lock().lock();
      try {
        // Check and act under both locks: nobody can spend the money between the two.
        moved = move(from, to, amount);
      } finally {
        second.lock().unlock();
      }
    } finally {
      first.lock().unlock();
    }
    // The ledger is slow (another system). Calling it under the locks would make every other
    // transfer touching these accounts wait for the network too.
    if (moved) {
      ledger.record(from, to, amount);
    }
    return moved;
  }

  /** Move the money if it is there; the caller holds both locks. */
  private static boolean move(Account from, Account to, long amount) {
    long fromBalance = from.balance();
    if (fromBalance <= amount) {
      return false;
    }
    // Every read that may fail comes before the first write, as in a transaction: if reading the
    // payee's balance throws, nothing has changed yet. Debit first and read after, and a failure
    // there leaves the money taken from one account and paid into none.
    long toBalance = to.balance();
    from.setBalance(fromBalance - amount);
    to.setBalance(toBalance + amount);
    return true;
  }
}

package p09_lock_ordering;

import dev.kata.puzzles.p09.Account;
import dev.kata.puzzles.p09.Bank;
import dev.kata.puzzles.p09.Ledger;

/**
 * WRONG: locks in one global order, checks and moves under both locks, records outside them; but it
 * debits the payer before it reads the payee's balance. When that read fails (storage does), the
 * money has left one account and reached none: the transfer is half done.
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
    if (from.balance() < amount) {
      return false;
    }
    from.setBalance(from.balance() - amount);
    to.setBalance(to.balance() + amount);
    return true;
  }
}

package p09_lock_ordering;

import dev.kata.puzzles.p09.Account;
import dev.kata.puzzles.p09.Bank;
import dev.kata.puzzles.p09.Ledger;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** VALID: the lock order is a sequence number each account gets the first time the bank sees it. */
public class SafeBank implements Bank {

  private final Map<Account, Long> order = new ConcurrentHashMap<>();
  private final AtomicLong next = new AtomicLong();

  @Override
  public boolean transfer(Account from, Account to, long amount, Ledger ledger) {
    long fromRank = order.computeIfAbsent(from, a -> next.incrementAndGet());
    long toRank = order.computeIfAbsent(to, a -> next.incrementAndGet());
    Account first = fromRank < toRank ? from : to;
    Account second = first == from ? to : from;
    boolean moved;
    first.lock().lock();
    try {
      second.lock().lock();
      try {
        moved = from.balance() >= amount;
        if (moved) {
          long toBalance = to.balance(); // every read that may fail, before the first write
          from.setBalance(from.balance() - amount);
          to.setBalance(toBalance + amount);
        }
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
}

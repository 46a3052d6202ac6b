package dev.kata.puzzles.p09;

/** Move money between accounts, from many threads at once. */
public interface Bank {

  /**
   * Move {@code amount} from {@code from} to {@code to} if {@code from} has at least that much;
   * otherwise change nothing.
   *
   * <p>Many threads call this at once, in both directions between the same accounts, and it must
   * never deadlock. Hold both accounts' locks while moving the money, so nobody sees it half moved.
   * After a transfer that happened, report it with {@code ledger.record(from, to, amount)}, without
   * holding any lock: the ledger is slow.
   *
   * @param from the account to take from; never the same as {@code to}
   * @param to the account to pay into
   * @param amount a positive amount
   * @param ledger where to record a transfer that happened
   * @return whether the money moved
   */
  boolean transfer(Account from, Account to, long amount, Ledger ledger);
}

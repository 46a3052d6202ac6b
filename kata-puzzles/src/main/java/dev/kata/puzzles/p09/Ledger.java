package dev.kata.puzzles.p09;

/**
 * Record transfers in another system: a slow call, over the network.
 *
 * <p>Never call it while holding a lock: every thread that needs that lock would wait for the
 * network too.
 */
public interface Ledger {

  /**
   * Record a transfer that happened.
   *
   * @param from the account the money left
   * @param to the account the money reached
   * @param amount how much moved
   */
  void record(Account from, Account to, long amount);
}

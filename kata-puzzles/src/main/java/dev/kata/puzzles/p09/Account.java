package dev.kata.puzzles.p09;

import java.util.concurrent.locks.Lock;

/**
 * A bank account whose balance is guarded by its own lock.
 *
 * <p>Hold {@link #lock()} to read or change the balance; doing either without it throws.
 */
public final class Account {

  private final long id;
  private final CheckedLock lock;
  private long balance;
  private volatile Throwable failNextRead;

  Account(long id, long balance, Vault vault) {
    this.id = id;
    this.balance = balance;
    this.lock = new CheckedLock(this, vault);
  }

  /** Get the account's number, unique among all accounts. */
  public long id() {
    return id;
  }

  /** Get the lock that guards the balance. */
  public Lock lock() {
    return lock;
  }

  /**
   * Get the balance.
   *
   * <p>Reading may fail, as storage does: then the RuntimeException or Error is thrown here, and
   * must leave {@code transfer} with nothing changed and every lock let go.
   *
   * @throws IllegalStateException if the calling thread does not hold {@link #lock()}
   */
  public long balance() {
    guard("read the balance of");
    Throwable failure = failNextRead;
    if (failure != null) {
      failNextRead = null;
      if (failure instanceof Error e) {
        throw e;
      }
      throw (RuntimeException) failure;
    }
    lock.vault().read(this, lock, balance);
    return balance;
  }

  /**
   * Set the balance.
   *
   * @throws IllegalStateException if the calling thread does not hold {@link #lock()}
   * @throws IllegalArgumentException if the balance would be negative
   */
  public void setBalance(long newBalance) {
    guard("changed the balance of");
    if (newBalance < 0) {
      lock.vault().violation("account " + id + " went negative: " + newBalance);
      throw new IllegalArgumentException("account " + id + " would go negative: " + newBalance);
    }
    lock.vault().write(this, lock, balance, newBalance);
    balance = newBalance;
  }

  /** Make the next read of the balance throw {@code failure}, a RuntimeException or an Error. */
  void failNextRead(Throwable failure) {
    failNextRead = failure;
  }

  long balanceUnguarded() {
    return balance;
  }

  private void guard(String action) {
    if (!lock.isHeldByCurrentThread()) {
      String message =
          "thread \""
              + Thread.currentThread().getName()
              + "\" "
              + action
              + " account "
              + id
              + " without holding its lock"
              + lock.vault().at(Thread.currentThread().getStackTrace());
      lock.vault().violation(message);
      throw new IllegalStateException(message);
    }
  }

  @Override
  public String toString() {
    return "account " + id;
  }
}

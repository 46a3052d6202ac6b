package dev.kata.puzzles.p09;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An account's lock as the checks hand it out: a ReentrantLock that reports every acquisition,
 * wait, failed try and release to the {@link Vault}, which finds deadlocks and livelocks as they
 * happen and steers two transfers into the interleaving that exposes them.
 */
final class CheckedLock implements Lock {

  private final Account account;
  private final Vault vault;
  private final ReentrantLock inner = new ReentrantLock();

  CheckedLock(Account account, Vault vault) {
    this.account = account;
    this.vault = vault;
  }

  Vault vault() {
    return vault;
  }

  Account account() {
    return account;
  }

  boolean isHeldByCurrentThread() {
    return inner.isHeldByCurrentThread();
  }

  @Override
  public void lock() {
    boolean interrupted = false;
    vault.startWaiting(this, false);
    try {
      while (true) {
        try {
          inner.lockInterruptibly(); // interruptible only so the checks can break a deadlock
          break;
        } catch (InterruptedException e) {
          vault.throwIfBroken();
          // somebody else's interrupt: lock() is not interruptible, keep waiting
          interrupted = true;
        }
      }
    } finally {
      vault.stopWaiting();
    }
    vault.acquired(this);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void lockInterruptibly() throws InterruptedException {
    vault.startWaiting(this, false);
    try {
      inner.lockInterruptibly();
    } catch (InterruptedException e) {
      vault.throwIfBroken();
      throw e;
    } finally {
      vault.stopWaiting();
    }
    vault.acquired(this);
  }

  @Override
  public boolean tryLock() {
    vault.throwIfBroken();
    if (inner.tryLock()) {
      vault.acquired(this);
      return true;
    }
    vault.failedTry();
    return false;
  }

  @Override
  public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
    vault.startWaiting(this, true);
    boolean ok;
    try {
      ok = inner.tryLock(time, unit);
    } catch (InterruptedException e) {
      vault.throwIfBroken();
      throw e;
    } finally {
      vault.stopWaiting();
    }
    if (ok) {
      vault.acquired(this);
    } else {
      vault.failedTry();
    }
    return ok;
  }

  @Override
  public void unlock() {
    inner.unlock();
    vault.released(this);
  }

  @Override
  public Condition newCondition() {
    return inner.newCondition();
  }

  @Override
  public String toString() {
    return account + "'s lock";
  }
}

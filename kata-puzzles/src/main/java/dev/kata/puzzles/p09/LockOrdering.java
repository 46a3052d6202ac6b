package dev.kata.puzzles.p09;

import com.google.auto.service.AutoService;
import dev.kata.api.Hints;
import dev.kata.api.KataPuzzle;
import dev.kata.api.Puzzle;
import dev.kata.api.WrongSolution;
import java.util.List;

/** Puzzle 09: a global lock order (or tryLock with back-off), and no slow work under a lock. */
@AutoService(Puzzle.class)
@KataPuzzle(
    id = "09",
    slug = "lock-ordering",
    title = "Locks and deadlocks",
    difficulty = 3,
    prerequisites = "05",
    concepts = {"deadlock", "global lock order", "livelock", "no slow calls under a lock"},
    apis = {"ReentrantLock", "Lock.tryLock"},
    objective =
        "Transfer money between accounts from many threads without deadlock, keeping every balance"
            + " consistent and never calling the slow ledger while holding a lock.")
public final class LockOrdering implements Puzzle {

  @Override
  public Class<?> contract() {
    return Bank.class;
  }

  @Override
  public String solutionFile() {
    return "p09_lock_ordering/SafeBank.java";
  }

  @Override
  public List<Class<?>> checks() {
    return List.of(LockOrderingChecks.class);
  }

  @Override
  public Hints hints() {
    return new Hints(
        "A deadlock needs two threads that take the same two locks in opposite orders. If every"
            + " thread takes them in the same order, whatever the direction of the transfer, that"
            + " cannot happen.",
        "Account.id() is unique: lock the account with the smaller id first. Lock.lock() in try,"
            + " unlock() in finally, inner lock released before outer. Read both balances before"
            + " you change either (a read may fail). Call the ledger after both unlock() calls.",
        "Account first = from.id() < to.id() ? from : to; Account second = first == from ? to :"
            + " from; first.lock().lock(); try { second.lock().lock(); try { if (from.balance() <"
            + " amount) return false; long toBalance = to.balance(); then both setBalance calls; }"
            + " finally { second.lock().unlock(); } } finally { first.lock().unlock(); } then"
            + " ledger.record(from, to, amount); return true;");
  }

  @Override
  public List<WrongSolution> wrongSolutions() {
    return List.of(
        new WrongSolution(
            "argument-order",
            "locks from, then to: two opposite transfers each hold one lock and wait for the"
                + " other"),
        new WrongSolution(
            "identity-hash-no-tie-break",
            "orders the locks by System.identityHashCode, which two accounts can share, with no"
                + " tie-break"),
        new WrongSolution(
            "ledger-under-lock", "calls the slow ledger while still holding both locks"),
        new WrongSolution(
            "trylock-no-backoff",
            "retries tryLock at once after a failure, so two transfers can collide forever"),
        new WrongSolution(
            "check-before-lock",
            "checks the balance before taking the locks: another transfer can spend the money in"
                + " between"),
        new WrongSolution(
            "early-return-keeps-locks",
            "returns false without unlocking when the money is not there, so both accounts stay"
                + " locked forever"),
        new WrongSolution(
            "one-lock-at-a-time",
            "never holds both locks: takes the money out under one, pays it in under the other, so"
                + " it is half moved in between"),
        new WrongSolution(
            "stale-read-relock",
            "reads the balances under the locks, lets go, then writes under the locks again: a lost"
                + " update"),
        new WrongSolution(
            "ledger-under-own-lock",
            "serialises transfers with a synchronized method and calls the slow ledger inside it"),
        new WrongSolution(
            "trylock-timeout-gives-up",
            "uses tryLock with a timeout and returns false when it expires, although the money was"
                + " there"),
        new WrongSolution(
            "debit-before-reading-payee",
            "debits the payer before reading the payee's balance, so a failing read leaves the"
                + " money half moved"),
        new WrongSolution(
            "whole-balance-refused",
            "tests \"not enough\" with <= instead of <: a transfer of exactly the whole balance is"
                + " refused"),
        new WrongSolution(
            "lock-per-pair-of-accounts",
            "keeps two opposite transfers apart with a lock per pair of accounts, but takes the"
                + " account locks in argument order: three transfers around a cycle deadlock"),
        new WrongSolution(
            "failure-wrapped",
            "wraps a failed balance read in an IllegalStateException: the failure itself no longer"
                + " leaves transfer, and an Error becomes an exception"));
  }
}

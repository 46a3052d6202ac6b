package p09_lock_ordering;

import dev.kata.puzzles.p09.Account;
import dev.kata.puzzles.p09.Bank;
import dev.kata.puzzles.p09.Ledger;

/*
 * Puzzle 09 · Locks and deadlocks
 *
 * GOAL
 *   Move money between two accounts, from many threads at once, without ever deadlocking.
 *
 * THE CONCEPT
 *   A transfer must hold BOTH accounts' locks while it moves the money, or another thread could
 *   see it half moved. But thread 1 doing transfer(A, B) locks A then B while thread 2 doing
 *   transfer(B, A) locks B then A: each holds one lock and waits forever for the other. That is
 *   a deadlock, and it happens only when the timing is just wrong, which is why it survives
 *   testing and bites in production.
 *
 * WHAT THE CHECKS PROVE
 *   - a transfer moves the money only if it is there (and then returns true), and records it in
 *     the ledger once;
 *   - transfers in opposite directions at the same moment never deadlock or livelock, and both
 *     move their money (the checks steer the two threads into exactly the dangerous
 *     interleaving, every time);
 *   - money is conserved and no balance goes negative, with 2 to 4 threads transferring at once;
 *   - nobody ever sees money half moved: a lock is let go only once the balances add up again,
 *     and no balance is written from a value read before the lock was let go (a lost update);
 *   - balances are read and written only under their lock, every lock taken is let go, and the
 *     slow ledger is never called while holding a lock, an account's or your own;
 *   - a read of either balance that fails (storage does) leaves nothing changed: the failure
 *     passes on, every lock is let go, and no money is half moved.
 *
 * Run:   ./kata run --puzzle 9        Hints:  ./kata hint --puzzle 9 --level 1
 */
public class SafeBank implements Bank {

  @Override
  public boolean transfer(Account from, Account to, long amount, Ledger ledger) {
    // TODO: take both accounts' locks (from.lock(), to.lock()) in an order that every thread agrees
    // on.
    // TODO: with both held, move the money if from.balance() has enough; unlock in finally blocks.
    // TODO: after unlocking, record a transfer that happened: ledger.record(from, to, amount).
    return false;
  }
}

package dev.kata.puzzles.p09;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.kata.api.check.Futures;
import dev.kata.api.check.Invariant;
import dev.kata.api.check.PropertyChecks;
import dev.kata.api.check.PuzzleChecks;
import dev.kata.api.check.TimeScale;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The checks of puzzle 09. See {@link Vault} for how deadlocks and livelocks are found and forced,
 * how a partner blocked on the solution's own lock is told apart from one that has not moved, and
 * how half-moved money and lost updates are seen at the moment they happen.
 *
 * <p><b>Contract audit.</b> Each sentence of {@link Bank#transfer}, {@link Account}, {@link Ledger}
 * and the starter's GOAL, and the check that fails when it is violated:
 *
 * <table>
 *   <caption>contract sentence: check</caption>
 *   <tr><td>"Move amount from from to to if from has at least that much"; "@return whether the money moved"</td>
 *       <td>{@link #singleTransfer} (enough, too little, and exactly the whole balance); {@link #oppositeTransfersNeverDeadlock}: two opposite transfers that both
 *       have the money both return true and both move it (a transfer that gives up on a busy lock fails)</td></tr>
 *   <tr><td>"otherwise change nothing"</td>
 *       <td>{@link #singleTransfer}; every transfer: one that returns false but changed a balance is named
 *       ({@link Vault#end})</td></tr>
 *   <tr><td>"Many threads call this at once, in both directions between the same accounts, and it must never
 *       deadlock"; GOAL "without ever deadlocking"</td>
 *       <td>{@link #oppositeTransfersNeverDeadlock}: steered into the interleaving where each holds its first lock;
 *       ids in both orders and two accounts with the same identity hash; a wait-for cycle is found as it closes;
 *       livelock (retrying without back-off) is counted. {@link #transfersAroundACycleNeverDeadlock}: three
 *       transfers around a cycle of accounts, each holding its first lock (a lock per pair of accounts keeps
 *       two opposite transfers apart, and deadlocks here)</td></tr>
 *   <tr><td>"Hold both accounts' locks while moving the money, so nobody sees it half moved"</td>
 *       <td>every transfer: letting go of a lock while the balances changed so far do not add up to zero is
 *       named at once ({@link Vault#released}); a balance written from a read made before the lock was let go and
 *       taken again is a lost update, shown as per-thread columns ({@link Vault#write})</td></tr>
 *   <tr><td>Account: "Hold lock() to read or change the balance"</td>
 *       <td>{@link Account#balance()} and {@link Account#setBalance} throw and record a violation</td></tr>
 *   <tr><td>"After a transfer that happened, report it with ledger.record(from, to, amount)"</td>
 *       <td>{@link #singleTransfer} (exactly once, only when moved); {@link #moneyIsConserved}: the ledger
 *       replayed gives every final balance, and it has as many entries as transfers that returned true</td></tr>
 *   <tr><td>"without holding any lock: the ledger is slow"</td>
 *       <td>{@link CheckLedger}: an account lock, or any lock of the solution's own (monitor or
 *       java.util.concurrent lock, from a thread dump), held during record() is named</td></tr>
 *   <tr><td>(implied by every sentence) a transfer lets go of every lock it took</td>
 *       <td>every transfer: returning while holding an account lock or a lock of its own is named at the return
 *       ({@link Vault#end}), and the locks are let go so the other transfers can finish</td></tr>
 *   <tr><td>Account: "Reading may fail ... must leave transfer with nothing changed and every lock let go"</td>
 *       <td>{@link #failureInsideTheLocks}: a RuntimeException and an Error thrown from the read of the payer's and, apart, of the payee's
 *       balance; the failure must leave transfer, the locks be let go (named at once if kept), nothing change, and
 *       the next transfer succeed</td></tr>
 *   <tr><td>GOAL "keeping every balance consistent"; "money is conserved and no balance goes negative"</td>
 *       <td>{@link #moneyIsConserved}: 2 to 6 accounts, 2 to 4 threads; {@link Account#setBalance} refuses a
 *       negative balance</td></tr>
 * </table>
 *
 * <p>Valid designs that must pass (fixtures under the module's test resources, {@code p09/valid}):
 * a bank-wide lock or monitor taken before the account locks, tryLock with a random back-off, a
 * timed tryLock retried, identity-hash order with a tie-breaking lock, order by a sequence the bank
 * assigns.
 */
@PuzzleChecks
public class LockOrderingChecks {

  private static final long JOIN_MILLIS = 5_000;

  @Test
  @Order(1)
  @DisplayName(
      "a transfer moves the money only if it is there, and is recorded once, outside the locks")
  void singleTransfer(Bank bank) {
    Vault vault = new Vault(bank);
    CheckLedger ledger = new CheckLedger(vault, 2);
    Account a = new Account(1, 100, vault);
    Account b = new Account(2, 50, vault);

    // On a thread of the check's own, holding no lock, so a thread dump shows only the solution's
    // locks.
    Boolean[] results = new Boolean[3];
    long[] balancesBefore = new long[2]; // before the third transfer, the whole balance
    Thread teller =
        Thread.ofPlatform()
            .name("teller")
            .start(
                () -> {
                  results[0] = transferGuarded(bank, vault, ledger, a, b, 30);
                  results[1] = transferGuarded(bank, vault, ledger, b, a, 500);
                  balancesBefore[0] = a.balanceUnguarded();
                  balancesBefore[1] = b.balanceUnguarded();
                  results[2] = transferGuarded(bank, vault, ledger, b, a, 80);
                });
    join(List.of(teller), vault);
    Boolean moved = results[0];
    Boolean overdraft = results[1];

    requireClean(vault);
    Invariant.require(
        Boolean.TRUE.equals(moved) && balancesBefore[0] == 70 && balancesBefore[1] == 80,
        "a transfer with enough money moves it",
        "transfer(100 -> 50, 30) returns true; balances 70 and 80",
        () ->
            "returned " + moved + "; balances " + balancesBefore[0] + " and " + balancesBefore[1]);
    Invariant.require(
        Boolean.FALSE.equals(overdraft) && balancesBefore[0] == 70 && balancesBefore[1] == 80,
        "a transfer without enough money changes nothing",
        "transfer(80 -> 70, 500) returns false; balances unchanged",
        () ->
            "returned "
                + overdraft
                + "; balances "
                + balancesBefore[0]
                + " and "
                + balancesBefore[1]);
    Boolean whole = results[2];
    Invariant.require(
        Boolean.TRUE.equals(whole) && a.balanceUnguarded() == 150 && b.balanceUnguarded() == 0,
        "a transfer of the whole balance moves it: \"at least that much\" includes exactly that"
            + " much",
        "transfer(80 -> 70, 80) returns true; balances 150 and 0",
        () ->
            "returned "
                + whole
                + "; balances "
                + a.balanceUnguarded()
                + " and "
                + b.balanceUnguarded());
    Invariant.require(
        ledger
            .entries()
            .equals(List.of(new CheckLedger.Entry(1, 2, 30), new CheckLedger.Entry(2, 1, 80))),
        "each transfer that happened is recorded once, and only those",
        "[Entry[from=1, to=2, amount=30], Entry[from=2, to=1, amount=80]]",
        ledger::entries);
  }

  @Test
  @Order(2)
  @DisplayName("transfers in opposite directions at the same moment never deadlock or livelock")
  void oppositeTransfersNeverDeadlock(Bank bank) {
    SplittableRandom random = new SplittableRandom(PropertyChecks.seed());
    for (int round = 0; round < 8; round++) {
      Vault vault = new Vault(bank);
      long first = 1L + random.nextInt(1000);
      long second = first + 1 + random.nextInt(1000);
      Account a = new Account(round % 2 == 0 ? first : second, 1_000, vault);
      Account b = new Account(round % 2 == 0 ? second : first, 1_000, vault);
      opposite(bank, vault, a, b, "accounts " + a.id() + " and " + b.id());
    }
    Vault vault = new Vault(bank);
    Account[] twins = sameIdentityHash(vault);
    opposite(
        bank,
        vault,
        twins[0],
        twins[1],
        "two accounts whose System.identityHashCode is the same ("
            + System.identityHashCode(twins[0])
            + ")");
  }

  @Test
  @Order(3)
  @DisplayName(
      "three transfers around a cycle of accounts (1 to 2, 2 to 3, 3 to 1) at the same moment never"
          + " deadlock")
  void transfersAroundACycleNeverDeadlock(Bank bank) {
    // Each of the three takes its first lock before any takes its second. Locks taken in argument
    // order then close a cycle of three, which no pair of these transfers has: a lock per pair of
    // accounts, or anything else that only keeps two opposite transfers apart, still deadlocks.
    SplittableRandom random = new SplittableRandom(PropertyChecks.seed());
    for (int round = 0; round < 4; round++) {
      Vault vault = new Vault(bank);
      CheckLedger ledger = new CheckLedger(vault, 0);
      long base = 1L + random.nextInt(1000);
      // The ids rise around the cycle in even rounds and fall in odd ones.
      Account[] ring = new Account[3];
      for (int i = 0; i < 3; i++) {
        ring[i] = new Account(round % 2 == 0 ? base + i : base + 2 - i, 1_000, vault);
      }
      Boolean[] results = new Boolean[3];
      List<Thread> tellers = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        int at = i;
        Account from = ring[i];
        Account to = ring[(i + 1) % 3];
        tellers.add(
            Thread.ofPlatform()
                .name("transfer-" + from.id() + "-to-" + to.id())
                .unstarted(
                    () -> results[at] = transferGuarded(bank, vault, ledger, from, to, 10 + at)));
      }
      String what =
          "accounts " + ring[0].id() + " -> " + ring[1].id() + " -> " + ring[2].id() + " -> back";
      vault.choreograph(tellers.toArray(Thread[]::new));
      tellers.forEach(Thread::start);
      join(tellers, vault);
      requireNeitherDeadlockNorLivelock(
          vault,
          "transfers around a cycle of three accounts (" + what + ")",
          "all three transfers finish",
          "Keeping two opposite transfers apart is not enough: lock the two accounts of every"
              + " transfer in one global order (by id, say), whichever direction the money goes.");
      requireClean(vault);
      Invariant.require(
          Arrays.stream(results).allMatch(Boolean.TRUE::equals) && ledger.entries().size() == 3,
          "each transfer around the cycle whose money is there moves it and is recorded ("
              + what
              + ")",
          "three transfers returning true, 3 ledger entries",
          () -> Arrays.toString(results) + ", " + ledger.entries().size() + " ledger entries");
    }
  }

  @Test
  @Order(4)
  @DisplayName("money is conserved and no balance goes negative, whatever transfers run at once")
  void moneyIsConserved(Bank bank) {
    PropertyChecks.forAll(
        20,
        integers().between(2, 6),
        integers().between(2, 4),
        longs().all(),
        (accounts, threads, seed) -> {
          Vault vault = new Vault(bank);
          CheckLedger ledger = new CheckLedger(vault, 0);
          SplittableRandom random = new SplittableRandom(seed);
          List<Account> all = new ArrayList<>();
          Map<Long, Long> initial = new HashMap<>();
          long total = 0;
          for (int i = 0; i < accounts; i++) {
            long balance = random.nextInt(200);
            Account account = new Account(i + 1, balance, vault);
            all.add(account);
            initial.put(account.id(), balance);
            total += balance;
          }
          List<Thread> workers = new ArrayList<>();
          java.util.concurrent.atomic.AtomicInteger movedCount =
              new java.util.concurrent.atomic.AtomicInteger();
          for (int t = 0; t < threads; t++) {
            SplittableRandom own = random.split();
            workers.add(
                Thread.ofPlatform()
                    .name("teller-" + t)
                    .unstarted(
                        () -> {
                          for (int n = 0; n < 20; n++) {
                            Account from = all.get(own.nextInt(all.size()));
                            Account to = all.get(own.nextInt(all.size()));
                            if (from != to
                                && Boolean.TRUE.equals(
                                    transferGuarded(
                                        bank, vault, ledger, from, to, 1 + own.nextInt(150)))) {
                              movedCount.incrementAndGet();
                            }
                          }
                        }));
          }
          workers.forEach(Thread::start);
          join(workers, vault);
          requireClean(vault);
          Invariant.require(
              ledger.entries().size() == movedCount.get(),
              "the ledger records each transfer that returned true, once ("
                  + accounts
                  + " accounts, "
                  + threads
                  + " threads)",
              movedCount.get() + " entries",
              () -> ledger.entries().size() + " entries");
          long after = all.stream().mapToLong(Account::balanceUnguarded).sum();
          String scenario = accounts + " accounts, " + threads + " threads";
          Invariant.require(
              after == total,
              "money is conserved (" + scenario + ")",
              "a total of " + total,
              () -> "a total of " + after);
          Map<Long, Long> expected = new HashMap<>(initial);
          for (CheckLedger.Entry e : ledger.entries()) {
            expected.merge(e.from(), -e.amount(), Long::sum);
            expected.merge(e.to(), e.amount(), Long::sum);
          }
          for (Account account : all) {
            long want = expected.get(account.id());
            Invariant.require(
                account.balanceUnguarded() == want,
                "the ledger records exactly the transfers that happened (" + scenario + ")",
                account + " at " + want + " after the recorded transfers",
                () -> account + " at " + account.balanceUnguarded());
          }
        });
  }

  /** A storage failure the checks throw from a balance read: a RuntimeException. */
  static final class StorageFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StorageFailure(String message) {
      super(message);
    }
  }

  /**
   * A storage crash the checks throw from a balance read: an Error, which catch (Exception e)
   * misses.
   */
  static final class StorageCrash extends Error {
    private static final long serialVersionUID = 1L;

    StorageCrash(String message) {
      super(message);
    }
  }

  @Test
  @Order(5)
  @DisplayName(
      "a transfer that fails while holding the locks lets go of them, changes nothing and passes"
          + " the failure on")
  void failureInsideTheLocks(Bank bank) {
    // Either read may fail: the payer's, and the payee's, which a solution may make after it has
    // already debited the payer. Both accounts, both kinds of failure.
    for (int failing : new int[] {1, 2}) {
      for (Throwable failure :
          List.of(
              new StorageFailure(
                  "storage failed reading account " + failing + " (a RuntimeException)"),
              new StorageCrash("storage crashed reading account " + failing + " (an Error)"))) {
        failOneRead(bank, failing, failure);
      }
    }
  }

  private static void failOneRead(Bank bank, int failing, Throwable failure) {
    Vault vault = new Vault(bank);
    CheckLedger ledger = new CheckLedger(vault, 0);
    Account a = new Account(1, 100, vault);
    Account b = new Account(2, 50, vault);
    (failing == 1 ? a : b).failNextRead(failure);
    Throwable[] thrown = new Throwable[1];
    Boolean[] after = new Boolean[1];
    Thread teller =
        Thread.ofPlatform()
            .name("teller")
            .start(
                () -> {
                  vault.begin(a, b);
                  Boolean result = null;
                  try {
                    result = bank.transfer(a, b, 30, ledger);
                  } catch (Throwable t) {
                    thrown[0] = t;
                  } finally {
                    vault.end(result);
                  }
                  after[0] = transferGuarded(bank, vault, ledger, b, a, 20);
                });
    join(List.of(teller), vault);
    requireClean(vault);
    String what = failure instanceof Error ? "an Error" : "a RuntimeException";
    // The failure itself leaves transfer (Account.balance: "the RuntimeException or Error is
    // thrown here, and must leave transfer"): a wrapper hides its type from the caller's catch,
    // and turns an Error into an exception that code catching Exception then swallows.
    Invariant.require(
        thrown[0] == failure,
        "a failure inside transfer leaves it (" + what + " from reading a balance)",
        "transfer throws "
            + failure
            + ", that very "
            + (failure instanceof Error ? "Error" : "exception"),
        () ->
            thrown[0] == null
                ? "it returned normally: the failure was swallowed"
                : "it threw "
                    + thrown[0]
                    + (Futures.causedBy(thrown[0], failure)
                        ? ", a wrapper around it: rethrow the failure itself (or let it pass)"
                        : ""));
    Invariant.require(
        Boolean.TRUE.equals(after[0])
            && a.balanceUnguarded() == 120
            && b.balanceUnguarded() == 30
            && ledger.entries().size() == 1,
        "a failed transfer changes nothing and records nothing ("
            + what
            + " reading account "
            + failing
            + (failing == 1 ? ", the payer" : ", the payee")
            + ")",
        "balances 100 and 50 after the failure; then transfer(2 -> 1, 20) moves and is recorded",
        () ->
            "the next transfer returned "
                + after[0]
                + "; balances "
                + a.balanceUnguarded()
                + " and "
                + b.balanceUnguarded()
                + "; "
                + ledger.entries().size()
                + " ledger entries");
  }

  /** Run transfer(a, b) and transfer(b, a) at once, steered into the dangerous interleaving. */
  private static void opposite(Bank bank, Vault vault, Account a, Account b, String what) {
    // No thread dumps here: each stops every thread, and a loaded machine pays for it in every
    // round.
    // A ledger called under the solution's own lock is looked for in singleTransfer.
    CheckLedger ledger = new CheckLedger(vault, 0);
    Boolean[] results = new Boolean[2];
    Thread one =
        Thread.ofPlatform()
            .name("transfer-" + a.id() + "-to-" + b.id())
            .unstarted(() -> results[0] = transferGuarded(bank, vault, ledger, a, b, 10));
    Thread two =
        Thread.ofPlatform()
            .name("transfer-" + b.id() + "-to-" + a.id())
            .unstarted(() -> results[1] = transferGuarded(bank, vault, ledger, b, a, 20));
    long before = a.balanceUnguarded();
    vault.choreograph(one, two);
    one.start();
    two.start();
    join(List.of(one, two), vault);
    requireNeitherDeadlockNorLivelock(
        vault,
        "transfers between " + what + " in opposite directions",
        "both transfers finish",
        "Lock the two accounts in one global order (by id, say), whichever direction the money"
            + " goes.");
    requireClean(vault);
    Invariant.require(
        Boolean.TRUE.equals(results[0]) && Boolean.TRUE.equals(results[1]),
        "a transfer whose money is there moves it, even when another transfer holds a lock it needs"
            + " ("
            + what
            + ")",
        "both opposite transfers return true (each account holds 1000, they move 10 and 20)",
        () ->
            "transfer("
                + a.id()
                + " -> "
                + b.id()
                + ", 10) returned "
                + results[0]
                + " and transfer("
                + b.id()
                + " -> "
                + a.id()
                + ", 20) returned "
                + results[1]
                + ": a busy lock is not a missing balance; wait for it, or back"
                + " off and try again, instead of giving up");
    Invariant.require(
        a.balanceUnguarded() == before + 10 && ledger.entries().size() == 2,
        "both opposite transfers move their money and are recorded (" + what + ")",
        a + " at " + (before + 10) + ", 2 ledger entries",
        () ->
            a + " at " + a.balanceUnguarded() + ", " + ledger.entries().size() + " ledger entries");
  }

  /**
   * Name the deadlock or the livelock the vault found among the choreographed {@code transfers}, if
   * any: "{@code transfers} never deadlock", with {@code advice}, or "{@code transfers} finish".
   */
  private static void requireNeitherDeadlockNorLivelock(
      Vault vault, String transfers, String expected, String advice) {
    if (vault.deadlock() != null) {
      throw Invariant.violated(transfers + " never deadlock", expected, vault.deadlock(), advice);
    }
    if (vault.livelock() != null) {
      throw Invariant.violated(transfers + " finish", expected, vault.livelock());
    }
  }

  /** Run one transfer, recording it in the vault; return its result, or null if it threw. */
  private static Boolean transferGuarded(
      Bank bank, Vault vault, Ledger ledger, Account from, Account to, long amount) {
    vault.begin(from, to);
    Boolean result = null;
    try {
      result = bank.transfer(from, to, amount, ledger);
    } catch (DeadlockBroken | IllegalStateException | IllegalArgumentException e) {
      // recorded in the vault; the check reports it
    } finally {
      vault.end(result);
    }
    return result;
  }

  private static void join(List<Thread> threads, Vault vault) {
    long deadline = System.nanoTime() + TimeScale.millis(JOIN_MILLIS) * 1_000_000;
    try {
      for (Thread t : threads) {
        t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    List<Thread> stuck = threads.stream().filter(Thread::isAlive).toList();
    if (!stuck.isEmpty()) {
      List<String> why = stuck.stream().map(vault::stuck).toList();
      threads.forEach(Thread::interrupt);
      // a violation (a lock kept after returning, say) is the cause: name it first
      requireClean(vault);
      throw Invariant.violated(
          "every transfer finishes",
          "all transfers done within " + TimeScale.millis(JOIN_MILLIS) + " ms",
          String.join(System.lineSeparator() + "            ", why));
    }
  }

  private static void requireClean(Vault vault) {
    List<String> violations = vault.violations();
    if (!violations.isEmpty()) {
      throw Invariant.violated(
          "each transfer keeps the accounts' rules: balances only under their locks, never seen"
              + " half moved or overwritten, every lock let go, the slow ledger under no lock",
          "no violation",
          String.join(System.lineSeparator() + "            ", violations));
    }
  }

  /**
   * Find two accounts with the same identity hash code: a tie that an identity-hash lock order must
   * break.
   */
  private static Account[] sameIdentityHash(Vault vault) {
    Map<Integer, Account> seen = new HashMap<>();
    for (long id = 1_000_000; ; id++) {
      Account account = new Account(id, 1_000, vault);
      Account twin = seen.putIfAbsent(System.identityHashCode(account), account);
      if (twin != null) {
        return new Account[] {twin, account};
      }
    }
  }
}

package dev.kata.puzzles.p09;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.kata.api.check.Invariant;
import dev.kata.api.check.PropertyChecks;
import dev.kata.api.check.PuzzleChecks;
import dev.kata.api.check.TimeScale;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** The checks of puzzle 09. See {@link Vault} for how deadlocks and livelocks are found and forced. */
@PuzzleChecks
public class LockOrderingChecks {

  private static final long JOIN_MILLIS = 3_000;

  @Test
  @Order(1)
  @DisplayName("a transfer moves the money only if it is there, and is recorded once, outside the locks")
  void singleTransfer(Bank bank) {
    Vault vault = new Vault();
    CheckLedger ledger = new CheckLedger(vault);
    Account a = new Account(1, 100, vault);
    Account b = new Account(2, 50, vault);

    boolean moved = bank.transfer(a, b, 30, ledger);
    boolean overdraft = bank.transfer(b, a, 500, ledger);

    requireClean(vault);
    Invariant.require(moved && a.balanceUnguarded() == 70 && b.balanceUnguarded() == 80,
        "a transfer with enough money moves it", "transfer(100 -> 50, 30) returns true; balances 70 and 80",
        () -> "returned " + moved + "; balances " + a.balanceUnguarded() + " and " + b.balanceUnguarded());
    Invariant.require(!overdraft && a.balanceUnguarded() == 70 && b.balanceUnguarded() == 80,
        "a transfer without enough money changes nothing", "transfer(80 -> 70, 500) returns false; balances unchanged",
        () -> "returned " + overdraft + "; balances " + a.balanceUnguarded() + " and " + b.balanceUnguarded());
    Invariant.require(ledger.entries().equals(List.of(new CheckLedger.Entry(1, 2, 30))),
        "each transfer that happened is recorded once, and only those", "[Entry[from=1, to=2, amount=30]]",
        ledger::entries);
  }

  @Test
  @Order(2)
  @DisplayName("transfers in opposite directions at the same moment never deadlock or livelock")
  void oppositeTransfersNeverDeadlock(Bank bank) {
    SplittableRandom random = new SplittableRandom(PropertyChecks.seed());
    for (int round = 0; round < 8; round++) {
      Vault vault = new Vault();
      long first = 1 + random.nextInt(1000);
      long second = first + 1 + random.nextInt(1000);
      Account a = new Account(round % 2 == 0 ? first : second, 1_000, vault);
      Account b = new Account(round % 2 == 0 ? second : first, 1_000, vault);
      opposite(bank, vault, a, b, "accounts " + a.id() + " and " + b.id());
    }
    Vault vault = new Vault();
    Account[] twins = sameIdentityHash(vault);
    opposite(bank, vault, twins[0], twins[1], "two accounts whose System.identityHashCode is the same ("
        + System.identityHashCode(twins[0]) + ")");
  }

  @Test
  @Order(3)
  @DisplayName("money is conserved and no balance goes negative, whatever transfers run at once")
  void moneyIsConserved(Bank bank) {
    PropertyChecks.forAll(30, integers().between(2, 6), integers().between(2, 4), longs().all(), (accounts, threads, seed) -> {
      Vault vault = new Vault();
      CheckLedger ledger = new CheckLedger(vault);
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
      for (int t = 0; t < threads; t++) {
        SplittableRandom own = random.split();
        workers.add(Thread.ofPlatform().name("teller-" + t).unstarted(() -> {
          for (int n = 0; n < 25; n++) {
            Account from = all.get(own.nextInt(all.size()));
            Account to = all.get(own.nextInt(all.size()));
            if (from != to) {
              transferGuarded(bank, vault, ledger, from, to, 1 + own.nextInt(150));
            }
          }
        }));
      }
      workers.forEach(Thread::start);
      join(workers);
      requireClean(vault);
      long after = all.stream().mapToLong(Account::balanceUnguarded).sum();
      String scenario = accounts + " accounts, " + threads + " threads";
      Invariant.require(after == total, "money is conserved (" + scenario + ")", "a total of " + total,
          () -> "a total of " + after);
      Map<Long, Long> expected = new HashMap<>(initial);
      for (CheckLedger.Entry e : ledger.entries()) {
        expected.merge(e.from(), -e.amount(), Long::sum);
        expected.merge(e.to(), e.amount(), Long::sum);
      }
      for (Account account : all) {
        long want = expected.get(account.id());
        Invariant.require(account.balanceUnguarded() == want, "the ledger records exactly the transfers that happened ("
            + scenario + ")", account + " at " + want + " after the recorded transfers",
            () -> account + " at " + account.balanceUnguarded());
      }
    });
  }

  /** Run transfer(a, b) and transfer(b, a) at once, steered into the dangerous interleaving. */
  private static void opposite(Bank bank, Vault vault, Account a, Account b, String what) {
    CheckLedger ledger = new CheckLedger(vault);
    Thread one = Thread.ofPlatform().name("transfer-" + a.id() + "-to-" + b.id())
        .unstarted(() -> transferGuarded(bank, vault, ledger, a, b, 10));
    Thread two = Thread.ofPlatform().name("transfer-" + b.id() + "-to-" + a.id())
        .unstarted(() -> transferGuarded(bank, vault, ledger, b, a, 20));
    vault.choreograph(one, two);
    one.start();
    two.start();
    join(List.of(one, two));
    if (vault.deadlock() != null) {
      throw Invariant.violated("transfers between " + what + " in opposite directions never deadlock",
          "both transfers finish", vault.deadlock(),
          "Lock the two accounts in one global order (by id, say), whichever direction the money goes.");
    }
    if (vault.livelock() != null) {
      throw Invariant.violated("transfers between " + what + " in opposite directions finish", "both transfers finish",
          vault.livelock());
    }
    requireClean(vault);
  }

  private static void transferGuarded(Bank bank, Vault vault, Ledger ledger, Account from, Account to, long amount) {
    vault.begin();
    try {
      bank.transfer(from, to, amount, ledger);
    } catch (DeadlockBroken | IllegalStateException | IllegalArgumentException e) {
      // recorded in the vault; the check reports it
    } finally {
      vault.end();
    }
  }

  private static void join(List<Thread> threads) {
    long deadline = System.nanoTime() + TimeScale.millis(JOIN_MILLIS) * 1_000_000;
    try {
      for (Thread t : threads) {
        t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    List<String> stuck = threads.stream().filter(Thread::isAlive).map(Thread::getName).toList();
    if (!stuck.isEmpty()) {
      threads.forEach(Thread::interrupt);
      throw Invariant.violated("every transfer finishes", "all transfers done within " + TimeScale.millis(JOIN_MILLIS) + " ms",
          "still running: " + stuck);
    }
  }

  private static void requireClean(Vault vault) {
    List<String> violations = vault.violations();
    if (!violations.isEmpty()) {
      throw Invariant.violated("balances are touched only under their lock, and the slow ledger only under none",
          "no violation", String.join(System.lineSeparator() + "            ", violations));
    }
  }

  /** Find two accounts with the same identity hash code: a tie that an identity-hash lock order must break. */
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

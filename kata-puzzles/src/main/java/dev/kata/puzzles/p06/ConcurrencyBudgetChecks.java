package dev.kata.puzzles.p06;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.kata.api.check.Futures;
import dev.kata.api.check.Invariant;
import dev.kata.api.check.PropertyChecks;
import dev.kata.api.check.PuzzleChecks;
import dev.kata.api.check.Threads;
import dev.kata.api.check.TimeScale;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The checks of puzzle 06: N jobs (0 to 64), K permits (1 to 8), jobs that fail with a checked
 * exception, a RuntimeException or an Error while other jobs are still in flight, completion orders
 * the check chooses, and interrupts at each place runAll or a job waits.
 *
 * <p>The semaphore handed to runAll is a {@link WatchedSemaphore}: a real one that also counts
 * failed {@code tryAcquire()} calls (spinning), timed waits, and permits given back that were never
 * taken. Jobs are held by {@link PermitWatch} (property checks) or {@link Gate} (steered checks)
 * until the check lets them finish, so "in flight together" is proven, not hoped for.
 *
 * <p><b>Contract audit.</b> Each sentence of {@link Throttle#runAll} and of the starter's GOAL, and
 * the check that fails when it is violated:
 *
 * <table>
 *   <caption>contract sentence: check</caption>
 *   <tr><td>"Run every job concurrently"; GOAL "run every job concurrently"</td>
 *       <td>{@link #atMostKInFlightAndKReached}: min(K, N) jobs in flight together</td></tr>
 *   <tr><td>"each holding one of permits while it runs"</td>
 *       <td>{@link #atMostKInFlightAndKReached}, {@link #doneMeansDone}: a job that starts while fewer permits are
 *       taken than jobs run fails at once ({@code withoutPermit})</td></tr>
 *   <tr><td>"no more jobs run at once than the semaphore has permits"</td>
 *       <td>{@link #atMostKInFlightAndKReached}: max in flight &le; K</td></tr>
 *   <tr><td>"Return when every job has finished"</td>
 *       <td>{@link #doneMeansDone}: the last job is held until runAll is seen blocked (untimed), or for longer than
 *       any plausible timeout; runAll returning before it ends fails; every job's body has ended at the moment
 *       runAll returns ({@link #everyJobOnceAndFailuresReturned})</td></tr>
 *   <tr><td>"Each job runs on a thread of its own and takes its permit there, just before it runs (a job waiting
 *       for a permit is a thread queued on the semaphore)"</td>
 *       <td>{@link PermitWatch}/{@link Gate} hold running jobs until the others are queued on the semaphore; spinning
 *       on tryAcquire() is counted by {@link WatchedSemaphore} and reported as spinning</td></tr>
 *   <tr><td>"it waits for a permit as long as it takes: no timeout"</td>
 *       <td>{@link #doneMeansDone}: a thread queued on the semaphore in TIMED_WAITING is in a timed
 *       tryAcquire, seen directly at every step of every steered run, whether it would give up or retry</td></tr>
 *   <tr><td>"A job may throw. Its permit must still be returned, and the other jobs still run"</td>
 *       <td>{@link #permitsAlwaysReturned}: failures of all three kinds (checked, RuntimeException, Error) in
 *       every run; {@link #everyJobOnceAndFailuresReturned}: every other job runs once</td></tr>
 *   <tr><td>"When this method returns, the semaphore has as many permits as it had when it was called"</td>
 *       <td>{@link #permitsAlwaysReturned}, {@link #doneMeansDone}, {@link #interruptedCallerStopsCleanly},
 *       {@link #interruptedWaiterTakesNoPermit}: counted at the moment of return, on the caller's thread; a
 *       permit given back that was never taken is named</td></tr>
 *   <tr><td>"{@literal @}param jobs: each must run exactly once"</td>
 *       <td>{@link #everyJobOnceAndFailuresReturned}</td></tr>
 *   <tr><td>"@return the exceptions the failed jobs threw, in any order; empty if none failed"</td>
 *       <td>{@link #everyJobOnceAndFailuresReturned}: the very exception objects (identity, not a wrapper or a
 *       copy), each once, nothing else; {@link #manyJobsFailingAtOnce}: still so when jobs fail in pairs at
 *       the same instant on two threads, rounds until 1,000 pairs (a plain list written by job threads)</td></tr>
 *   <tr><td>"@throws InterruptedException if interrupted while waiting"; "by then no job runs and every permit is
 *       back"</td>
 *       <td>{@link #interruptedCallerStopsCleanly}: the caller interrupted while jobs run and others queue: it
 *       throws InterruptedException (a return, even with the flag set, fails), not before every job has ended, with every
 *       permit back</td></tr>
 *   <tr><td>"a job interrupted while it waits for a permit takes none and gives none back"</td>
 *       <td>{@link #interruptedWaiterTakesNoPermit}</td></tr>
 * </table>
 */
@PuzzleChecks
public class ConcurrencyBudgetChecks {

  private static final long RETURN_MILLIS = 2_000;
  private static final long STEER_MILLIS = 2_000;

  /** Longer than any timeout a solution could plausibly put on its waits. */
  private static final long LONGER_THAN_A_TIMEOUT_MILLIS = 3_000;

  // Numbers the starter's prose states too: StarterProseTest holds the two to each other.
  /** The most jobs a generated run has. */
  static final int MOST_JOBS = 64;

  /** The fewest permits a generated run's semaphore has. */
  static final int FEWEST_PERMITS = 1;

  /** The most permits a generated run's semaphore has. */
  static final int MOST_PERMITS = 8;

  /** A checked exception a job throws. */
  static final class JobFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    JobFailedException(String message) {
      super(message);
    }
  }

  /** An Error a job throws: not an Exception, so catch (Exception e) does not see it. */
  static final class JobCrashedError extends Error {
    private static final long serialVersionUID = 1L;

    JobCrashedError(String message) {
      super(message);
    }
  }

  /**
   * One generated scenario: which jobs fail comes from the bits of a seed; the failing jobs take
   * turns throwing a checked exception, a RuntimeException and an Error, starting at {@code
   * kindShift}.
   */
  private record Scenario(int jobs, int permits, long failureBits, int kindShift) {
    boolean fails(int job) {
      return (failureBits >>> (job % 64) & 1) == 1;
    }

    int failures() {
      int count = 0;
      for (int i = 0; i < jobs; i++) {
        count += fails(i) ? 1 : 0;
      }
      return count;
    }

    /** Create the exception job {@code job} throws, or null if it succeeds. */
    Throwable failureOf(int job) {
      if (!fails(job)) {
        return null;
      }
      int index = 0;
      for (int i = 0; i < job; i++) {
        index += fails(i) ? 1 : 0;
      }
      return switch ((index + kindShift) % 3) {
        case 0 -> new JobFailedException("job " + job + " failed (a checked exception)");
        case 1 -> new IllegalStateException("job " + job + " failed (a RuntimeException)");
        default -> new JobCrashedError("job " + job + " crashed (an Error)");
      };
    }

    @Override
    public String toString() {
      return jobs + " jobs, " + permits + " permits, " + failures() + " failing";
    }
  }

  /** What the check saw at the very moment runAll returned or threw, on the caller's thread. */
  private record AtReturn(
      int permitsFree, int jobsFinished, int jobsRunning, String running, boolean flagSet) {}

  /** What one call of runAll did. */
  private record Run(
      Scenario scenario,
      PermitWatch permitWatch,
      WatchedSemaphore semaphore,
      AtomicIntegerArray calls,
      Throwable[] thrown,
      List<Throwable> failures,
      AtReturn atReturn) {}

  @Test
  @Order(1)
  @DisplayName("every job runs exactly once, and the very exceptions the jobs threw are returned")
  void everyJobOnceAndFailuresReturned(Throttle solution) {
    PropertyChecks.forAll(
        30,
        integers().between(0, MOST_JOBS),
        integers().between(FEWEST_PERMITS, MOST_PERMITS),
        longs().all(),
        (n, k, bits) -> {
          Run run = run(solution, new Scenario(n, k, bits, (int) (bits >>> 60 & 3)), false);
          requireEachJobOnce(run.scenario().toString(), run.calls(), n, run.failures(), "");
          requireFailuresReturned(run.scenario().toString(), run.thrown(), run.failures());
          if (run.atReturn().jobsFinished() < n) {
            throw Invariant.violated(
                "runAll returns when every job has finished (" + run.scenario() + ")",
                "all " + n + " jobs finished when runAll returned",
                "only "
                    + run.atReturn().jobsFinished()
                    + " had finished; still running: "
                    + run.atReturn().running());
          }
        });
  }

  @Test
  @Order(2)
  @DisplayName("never more jobs in flight than permits, and the budget is used in full")
  void atMostKInFlightAndKReached(Throttle solution) {
    PropertyChecks.forAll(
        40,
        integers().between(1, MOST_JOBS),
        integers().between(FEWEST_PERMITS, MOST_PERMITS),
        longs().all(),
        (n, k, bits) -> {
          Run run = run(solution, new Scenario(n, k, bits, (int) (bits >>> 60 & 3)), true);
          int max = run.permitWatch().maxInFlight();
          if (run.permitWatch().withoutPermit() != null) {
            throw Invariant.violated(
                "a job runs only while it holds one of the permits it was given ("
                    + run.scenario()
                    + ")",
                "each running job holds a permit of the semaphore passed to runAll",
                run.permitWatch().withoutPermit(),
                run.permitWatch().timeline());
          }
          if (max > k) {
            throw Invariant.violated(
                "at most " + k + " jobs in flight at once (" + run.scenario() + ")",
                "at most " + k + " in flight",
                max + " jobs were in flight at once" + excessReleases(run.semaphore()),
                run.permitWatch().timeline());
          }
          if (run.semaphore().spins(n)) {
            throw Invariant.violated(
                "a job waiting for a permit blocks on the semaphore (" + run.scenario() + ")",
                "waiting jobs queued on the semaphore in acquire()",
                run.semaphore().spinning());
          }
          if (max < Math.min(k, n)) {
            throw Invariant.violated(
                "the budget is used: "
                    + Math.min(k, n)
                    + " jobs in flight together ("
                    + run.scenario()
                    + ")",
                Math.min(k, n) + " in flight at once",
                "at most " + max,
                run.permitWatch().timeline());
          }
        });
  }

  @Test
  @Order(3)
  @DisplayName(
      "every permit is back when runAll returns, even after jobs threw exceptions and errors")
  void permitsAlwaysReturned(Throttle solution) {
    PropertyChecks.forAll(
        30,
        integers().between(3, MOST_JOBS),
        integers().between(FEWEST_PERMITS, MOST_PERMITS),
        longs().all(),
        (n, k, bits) -> {
          // The first three jobs fail, so every kind of failure is in every run.
          Run run = run(solution, new Scenario(n, k, bits | 7, (int) (bits >>> 60 & 3)), false);
          int available = run.atReturn().permitsFree();
          if (available != k) {
            throw Invariant.violated(
                "every permit comes back, even from a job that threw (" + run.scenario() + ")",
                k + " permits free when runAll returns",
                available
                    + " permits free"
                    + (available < k ? lostToErrors() : excessReleases(run.semaphore())));
          }
        });
  }

  @Test
  @Order(4)
  @DisplayName(
      "runAll returns only after the last job has finished, whatever order the jobs finish in")
  void doneMeansDone(Throttle solution) {
    boolean patient = true; // once per check: a timed wait held longer than any plausible timeout
    for (Scenario scenario :
        List.of(
            new Scenario(5, 2, 0b01010, 2),
            new Scenario(4, 1, 0b0110, 0),
            new Scenario(6, 3, 0b100001, 1))) {
      steeredRun(solution, scenario, patient);
      patient = false;
    }
  }

  @Test
  @Order(5)
  @DisplayName(
      "interrupting runAll's caller stops it with InterruptedException, no job left running, no"
          + " permit lost")
  void interruptedCallerStopsCleanly(Throttle solution) {
    int n = 6;
    int k = 2;
    String scenario =
        n
            + " jobs, "
            + k
            + " permits, caller interrupted while "
            + k
            + " run and "
            + (n - k)
            + " wait";
    WatchedSemaphore semaphore = new WatchedSemaphore(k);
    Gate gate = new Gate(semaphore, n);
    Caller caller =
        Caller.start(
            solution, jobs(n, gate, i -> null, new AtomicIntegerArray(n)), semaphore, gate);
    boolean saturated = gate.awaitSaturated(k, STEER_MILLIS);
    if (!saturated && semaphore.spins(n)) {
      gate.openAll();
      caller.join(RETURN_MILLIS);
      throw Invariant.violated(
          "a job waiting for a permit blocks on the semaphore (" + scenario + ")",
          "waiting jobs queued on the semaphore",
          semaphore.spinning());
    }
    caller.thread.interrupt();
    // Let the interrupt land: either runAll ends, or it is seen blocked again (waiting for its
    // jobs).
    awaitEndedOrBlocked(caller.thread);
    AtReturn early = caller.ended() ? caller.atReturn : null;
    gate.openAll();
    caller.join(RETURN_MILLIS);
    if (caller.thread.isAlive()) {
      caller.thread.interrupt();
      throw Invariant.violated(
          "an interrupted runAll stops (" + scenario + ")",
          "runAll throws InterruptedException once its jobs have ended",
          "ignored interrupt: it was still running "
              + TimeScale.millis(RETURN_MILLIS)
              + " ms after the interrupt,"
              + " although every job had been let finish");
    }
    if (early != null && early.jobsRunning() > 0) {
      throw Invariant.violated(
          "an interrupted runAll leaves no job running (" + scenario + ")",
          "when runAll throws, no job runs any more and every permit is back",
          "it ended while "
              + early.running()
              + " still ran, holding "
              + (k - early.permitsFree())
              + " permits: the jobs outlive the call. Stop them (interrupt them) and wait for them"
              + " to end, then throw");
    }
    if (caller.thrown instanceof InterruptedException) {
      // honoured
    } else if (caller.thrown != null) {
      throw Invariant.violated(
          "an interrupted runAll throws InterruptedException (" + scenario + ")",
          "InterruptedException",
          "it threw " + caller.thrown);
    } else if (!caller.atReturn.flagSet()) {
      throw Invariant.violated(
          "an interrupted runAll throws InterruptedException (" + scenario + ")",
          "InterruptedException",
          "swallowed interrupt: it returned normally with the interrupt flag cleared, so its caller"
              + " can never know it was cancelled. Let InterruptedException out of runAll (it is"
              + " declared), after stopping the jobs");
    } else {
      throw Invariant.violated(
          "an interrupted runAll throws InterruptedException (" + scenario + ")",
          "InterruptedException",
          "it returned normally, with the interrupt flag set: its caller takes the list for the"
              + " outcome of every job. ExecutorService.close() does that when interrupted; throw"
              + " InterruptedException after the jobs have stopped");
    }
    requireCleanAtReturn("an interrupted runAll", scenario, k, caller.atReturn, semaphore);
  }

  @Test
  @Order(6)
  @DisplayName("a job interrupted while it waits for a permit takes none and gives none back")
  void interruptedWaiterTakesNoPermit(Throttle solution) {
    int n = 3;
    int k = 1;
    String scenario = n + " jobs, " + k + " permit, one waiting job's thread interrupted";
    WatchedSemaphore semaphore = new WatchedSemaphore(k);
    Gate gate = new Gate(semaphore, n);
    AtomicIntegerArray calls = new AtomicIntegerArray(n);
    Caller caller = Caller.start(solution, jobs(n, gate, i -> null, calls), semaphore, gate);
    boolean saturated = gate.awaitSaturated(k, STEER_MILLIS);
    List<Thread> waiters = semaphore.waiters();
    if (saturated && !waiters.isEmpty()) {
      waiters.getFirst().interrupt();
      gate.await(STEER_MILLIS, () -> semaphore.getQueueLength() < n - k);
    }
    gate.openAll();
    caller.join(RETURN_MILLIS);
    if (caller.thread.isAlive()) {
      caller.thread.interrupt();
      throw Invariant.violated(
          "runAll returns once every job has finished (" + scenario + ")",
          "it returned",
          "it was still waiting "
              + TimeScale.millis(RETURN_MILLIS)
              + " ms after every job was let finish");
    }
    if (semaphore.excessReleases() > 0) {
      throw Invariant.violated(
          "a job interrupted while it waits for a permit gives none back (" + scenario + ")",
          k + " permit(s) at most in the semaphore",
          "it had more permits than it started with" + excessReleases(semaphore),
          gate.timeline());
    }
    if (gate.withoutPermit() != null) {
      throw Invariant.violated(
          "a job runs only while it holds a permit (" + scenario + ")",
          "the interrupted job does not run without a permit",
          gate.withoutPermit() + ": a job whose acquire() was interrupted must not run",
          gate.timeline());
    }
    requireCleanAtReturn("runAll", scenario, k, caller.atReturn, semaphore);
    int ran = IntStream.range(0, n).map(calls::get).sum();
    long interrupted =
        caller.failures == null
            ? 0
            : caller.failures.stream().filter(t -> t instanceof InterruptedException).count();
    Invariant.require(
        ran + interrupted == n,
        "every job runs, or its InterruptedException is returned (" + scenario + ")",
        n + " jobs ran or were reported interrupted",
        () -> ran + " ran and " + interrupted + " were reported interrupted");
  }

  /** Jobs 0..n-1 that run through the gate and throw what {@code failure} gives for them. */
  private static List<Callable<?>> jobs(
      int n, Gate gate, IntFunction<Throwable> failure, AtomicIntegerArray calls) {
    List<Callable<?>> jobs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int id = i;
      Throwable thrown = failure.apply(i);
      jobs.add(
          () -> {
            calls.incrementAndGet(id);
            gate.run(id, thrown);
            return id;
          });
    }
    return jobs;
  }

  /**
   * How many pairs of jobs must fail at the same instant before the check believes the solution.
   */
  private static final int PAIRS = 1_000;

  @Test
  @Order(7)
  @DisplayName(
      "jobs failing two at a time, on two threads at the same instant: every failure comes back")
  void manyJobsFailingAtOnce(Throttle solution) throws InterruptedException {
    // The other checks hand failures over one at a time, which also orders whatever the solution
    // does with each. Here jobs meet in pairs at a spinning rendezvous and throw at the same
    // instant, two permits, so a plain list written from the job threads is written by two threads
    // at once, again and again. Rounds repeat until a failure is lost, garbled or doubled, or PAIRS
    // such pairs have met (a chance far below 1e-20 to miss a plain ArrayList's race), at most
    // about 6 s on a loaded machine, which ends the rounds sooner but never fails a correct one.
    int n = 200;
    AtomicReference<AtomicBoolean> waiting = new AtomicReference<>();
    AtomicInteger paired = new AtomicInteger();
    long deadline = System.nanoTime() + TimeScale.millis(6_000) * 1_000_000;
    for (int round = 0;
        paired.get() < PAIRS && (round < 3 || System.nanoTime() < deadline);
        round++) {
      List<Throwable> thrown = new ArrayList<>();
      List<Callable<?>> jobs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        RuntimeException failure =
            new IllegalStateException("job " + i + " of round " + round + " failed");
        thrown.add(failure);
        jobs.add(
            () -> {
              if (meet(waiting)) {
                paired.incrementAndGet();
              }
              throw failure;
            });
      }
      List<Throwable> failures = solution.runAll(jobs, new Semaphore(2));
      String invariant =
          "every failure comes back when jobs fail two at a time on two threads at once (round "
              + round
              + ", "
              + n
              + " jobs, 2 permits)";
      if (failures == null || failures.size() != n) {
        throw Invariant.violated(
            invariant,
            n + " failures, each job's own exception once",
            (failures == null ? "null" : failures.size() + " failures")
                + ": failures written from several job threads at the same instant were lost or"
                + " doubled (a plain list, or a counter, updated without a lock is not safe to"
                + " share)");
      }
      IdentityHashMap<Throwable, Boolean> seen = new IdentityHashMap<>();
      for (Throwable failure : failures) {
        if (failure == null || seen.put(failure, Boolean.TRUE) != null) {
          throw Invariant.violated(
              invariant,
              n + " failures, each job's own exception once",
              (failure == null ? "a null entry" : "one exception twice")
                  + " among the failures: two job threads wrote the same slot of a shared list at"
                  + " once");
        }
      }
      for (Throwable failure : thrown) {
        if (!seen.containsKey(failure)) {
          throw Invariant.violated(
              invariant,
              "every job's own exception",
              "\"" + failure.getMessage() + "\" is missing");
        }
      }
    }
  }

  /**
   * Meet another job at a spinning rendezvous, so that both go on at the same instant: true if one
   * came within a short spin (a genuine pair, both running at once), false if not.
   */
  private static boolean meet(AtomicReference<AtomicBoolean> waiting) {
    AtomicBoolean partner = waiting.getAndSet(null);
    if (partner != null) {
      partner.set(true);
      return true;
    }
    AtomicBoolean mine = new AtomicBoolean();
    if (!waiting.compareAndSet(null, mine)) {
      return false;
    }
    long until = System.nanoTime() + 1_000_000;
    while (System.nanoTime() < until) {
      if (mine.get()) {
        return true;
      }
      Thread.onSpinWait();
    }
    if (waiting.compareAndSet(mine, null)) {
      return false; // nobody came: withdrawn
    }
    while (!mine.get()) {
      Thread.onSpinWait(); // someone took it just now, and is about to say so
    }
    return true;
  }

  /**
   * Let the jobs finish one at a time, the latest started first, and hold the last until runAll is
   * seen blocked for it; then check the state at the moment runAll returned.
   */
  private static void steeredRun(Throttle solution, Scenario scenario, boolean patient) {
    int n = scenario.jobs();
    int k = scenario.permits();
    WatchedSemaphore semaphore = new WatchedSemaphore(k);
    Gate gate = new Gate(semaphore, n);
    AtomicIntegerArray calls = new AtomicIntegerArray(n);
    Throwable[] thrown = new Throwable[n];
    for (int i = 0; i < n; i++) {
      thrown[i] = scenario.failureOf(i);
    }
    Caller caller = Caller.start(solution, jobs(n, gate, i -> thrown[i], calls), semaphore, gate);
    for (int step = 0; step < n - 1; step++) {
      if (!gate.awaitSaturated(k, STEER_MILLIS)) {
        break;
      }
      String timed = semaphore.timedWaiter();
      if (timed != null) {
        // Seen directly: a thread queued on the semaphore with a time limit is in a timed
        // tryAcquire, which the contract rules out, however patiently it retries.
        gate.openAll();
        caller.join(RETURN_MILLIS);
        throw Invariant.violated(
            "a job waits for its permit as long as it takes, with no timeout (" + scenario + ")",
            "waiting jobs queued on the semaphore in acquire(), untimed",
            timed
                + " waits for a permit with a time limit (tryAcquire with a timeout): a job whose"
                + " permit takes longer than that gives up, or, retried in a loop, wakes and"
                + " queues again for nothing. acquire() waits as long as it takes");
      }
      int done = step + 1;
      gate.releaseLatest();
      gate.await(STEER_MILLIS, () -> gate.finished() >= done);
    }
    gate.awaitSaturated(k, STEER_MILLIS);
    awaitBlockedUntimed(caller.thread, patient);
    gate.openAll();
    caller.join(RETURN_MILLIS);
    if (caller.thread.isAlive()) {
      caller.thread.interrupt();
      throw Invariant.violated(
          "runAll returns once every job has finished (" + scenario + ")",
          "it returned",
          "it was still waiting "
              + TimeScale.millis(RETURN_MILLIS)
              + " ms after every job was let finish, with "
              + semaphore.availablePermits()
              + " of "
              + k
              + " permits free"
              + (semaphore.spins(n) ? "; " + semaphore.spinning() : ""));
    }
    if (semaphore.spins(n)) {
      throw Invariant.violated(
          "a job waiting for a permit blocks on the semaphore (" + scenario + ")",
          "waiting jobs queued on the semaphore in acquire()",
          semaphore.spinning());
    }
    if (caller.thrown != null) {
      throw Invariant.violated(
          "runAll returns the failures instead of throwing (" + scenario + ")",
          "a list of exceptions",
          "it threw " + caller.thrown);
    }
    if (caller.atReturn.jobsRunning() > 0) {
      throw Invariant.violated(
          "runAll returns only after every job has finished (" + scenario + ")",
          "no job running when runAll returns",
          "it returned while "
              + caller.atReturn.running()
              + " still ran, with "
              + caller.atReturn.permitsFree()
              + " of "
              + k
              + " permits free: waiting for a while (a timeout, a sleep,"
              + " shutdown() without awaiting) is not waiting for the jobs",
          gate.timeline());
    }
    if (gate.withoutPermit() != null) {
      throw Invariant.violated(
          "a job runs only while it holds a permit (" + scenario + ")",
          "each running job holds a permit of the semaphore passed to runAll",
          gate.withoutPermit(),
          gate.timeline());
    }
    Invariant.require(
        gate.maxInFlight() <= k,
        "at most " + k + " jobs in flight at once (" + scenario + ")",
        "at most " + k,
        () -> gate.maxInFlight() + " at once" + excessReleases(semaphore));
    String timed =
        semaphore.timedTries() > 0
            ? ". Its thread had waited for a permit with a timeout (TIMED_WAITING on the semaphore)"
                + " while the running jobs were slow, and gave up: a job waits for its permit as"
                + " long as it takes"
            : "";
    requireEachJobOnce(scenario.toString(), calls, n, caller.failures, timed);
    requireFailuresReturned(scenario.toString(), thrown, caller.failures);
    requireCleanAtReturn("runAll", scenario.toString(), k, caller.atReturn, semaphore);
  }

  private static void requireEachJobOnce(
      String scenario, AtomicIntegerArray calls, int n, List<Throwable> failures, String why) {
    for (int i = 0; i < n; i++) {
      if (calls.get(i) != 1) {
        int job = i;
        String reason =
            calls.get(i) == 0 && failures != null
                ? failures.stream()
                    .filter(
                        t ->
                            !(t instanceof JobFailedException
                                || t instanceof JobCrashedError
                                || t instanceof IllegalStateException))
                    .findFirst()
                    .map(t -> "; runAll returned " + t + " instead")
                    .orElse("")
                : "";
        throw Invariant.violated(
            "every job runs exactly once (" + scenario + ")",
            "job " + job + " ran once",
            "job "
                + job
                + " ran "
                + calls.get(i)
                + " times"
                + reason
                + (calls.get(i) == 0 ? why : ""));
      }
    }
  }

  /**
   * The returned failures are exactly the thrown ones: same objects, each once; names the first
   * difference.
   */
  private static void requireFailuresReturned(
      String scenario, Throwable[] thrown, List<Throwable> returned) {
    String invariant =
        "runAll returns the exceptions the failed jobs threw, each once (" + scenario + ")";
    int expected = 0;
    IdentityHashMap<Throwable, Integer> jobOf = new IdentityHashMap<>();
    for (int i = 0; i < thrown.length; i++) {
      if (thrown[i] != null) {
        jobOf.put(thrown[i], i);
        expected++;
      }
    }
    if (returned == null) {
      throw Invariant.violated(invariant, expected + " exceptions", "null");
    }
    IdentityHashMap<Throwable, Integer> seen = new IdentityHashMap<>();
    for (Throwable t : returned) {
      Integer job = jobOf.get(t);
      if (job == null) {
        String wrapped =
            jobOf.keySet().stream()
                .filter(original -> t != null && Futures.causedBy(t, original))
                .findFirst()
                .map(
                    original ->
                        ": it wraps job "
                            + jobOf.get(original)
                            + "'s own "
                            + original.getClass().getSimpleName()
                            + "; return what the job threw (ExecutionException.getCause()), not the"
                            + " wrapper")
                .orElse(": no job threw it");
        throw Invariant.violated(
            invariant, "the exceptions the jobs threw", "the list holds " + t + wrapped);
      }
      if (seen.merge(t, 1, Integer::sum) > 1) {
        throw Invariant.violated(
            invariant, "each failure once", "job " + job + "'s " + t + " is in the list twice");
      }
    }
    for (Map.Entry<Throwable, Integer> e : jobOf.entrySet()) {
      if (!seen.containsKey(e.getKey())) {
        throw Invariant.violated(
            invariant,
            expected + " exceptions, job " + e.getValue() + "'s among them",
            returned.size()
                + " returned; job "
                + e.getValue()
                + "'s "
                + e.getKey()
                + " is missing");
      }
    }
  }

  private static void requireCleanAtReturn(
      String who, String scenario, int k, AtReturn atReturn, WatchedSemaphore semaphore) {
    if (atReturn.jobsRunning() > 0) {
      throw Invariant.violated(
          who + " returns only once no job runs (" + scenario + ")",
          "no job running",
          "it ended while " + atReturn.running() + " still ran");
    }
    if (atReturn.permitsFree() != k) {
      throw Invariant.violated(
          "when " + who + " ends, every permit is back, no more and no fewer (" + scenario + ")",
          k + " permits free",
          atReturn.permitsFree()
              + " permits free"
              + (atReturn.permitsFree() > k
                  ? excessReleases(semaphore)
                  : ": a permit was taken and never given back"));
    }
  }

  private static String lostToErrors() {
    return ": the permits of jobs that threw were never given back (a job that throws an Error, not"
        + " an Exception, skips a release() that is not in finally)";
  }

  private static String excessReleases(WatchedSemaphore semaphore) {
    return semaphore.excessReleases() == 0
        ? ""
        : "; the semaphore was given back more permits than it ever had ("
            + semaphore.excessReleases()
            + " release() without a matching acquire(): a job whose acquire() was interrupted still"
            + " ran the release() of its finally, so acquire() belongs before the try, not inside"
            + " it)";
  }

  /**
   * Wait, bounded, until the thread ends or is seen blocked, after an interrupt has had time to
   * land.
   */
  private static void awaitEndedOrBlocked(Thread thread) {
    long settle = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(50));
    while (thread.isAlive()
        && thread.getState() != Thread.State.RUNNABLE
        && System.nanoTime() < settle) {
      Thread.onSpinWait();
    }
    Threads.awaitWaiting(thread, STEER_MILLIS);
  }

  /**
   * Wait, bounded, until the caller ends or waits without a timeout. A caller in a timed wait is
   * given longer than any plausible timeout, once per check ({@code patient}): a correct one waits
   * for its jobs as long as it takes. ExecutorService.close() waits in a loop of day-long timed
   * waits: that is waiting as long as it takes.
   */
  private static void awaitBlockedUntimed(Thread caller, boolean patient) {
    long limit = patient ? LONGER_THAN_A_TIMEOUT_MILLIS : STEER_MILLIS;
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(limit));
    int polls = 0;
    int timedPolls = 0;
    while (caller.isAlive() && System.nanoTime() < deadline) {
      Thread.State state = caller.getState();
      boolean waiting = Threads.isWaiting(caller);
      polls = waiting && (state == Thread.State.WAITING || inClose(caller)) ? polls + 1 : 0;
      timedPolls = waiting && state == Thread.State.TIMED_WAITING ? timedPolls + 1 : 0;
      if (polls >= Threads.STABLE_POLLS || (!patient && timedPolls >= Threads.STABLE_POLLS)) {
        return;
      }
      try {
        caller.join(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static boolean inClose(Thread thread) {
    if (thread.getState() != Thread.State.TIMED_WAITING) {
      return false;
    }
    for (StackTraceElement frame : thread.getStackTrace()) {
      if (frame.getClassName().equals("java.util.concurrent.ExecutorService")
          && frame.getMethodName().equals("close")) {
        return true;
      }
    }
    return false;
  }

  /** runAll called on a thread of its own; what it did, and the state at the moment it ended. */
  private static final class Caller {
    final Thread thread;
    volatile List<Throwable> failures;
    volatile Throwable thrown;
    volatile AtReturn atReturn;

    private Caller(
        Throttle solution, List<Callable<?>> jobs, WatchedSemaphore semaphore, Gate gate) {
      this.thread =
          Thread.ofPlatform()
              .name("caller")
              .unstarted(
                  () -> {
                    try {
                      failures = solution.runAll(jobs, semaphore);
                    } catch (Throwable t) {
                      thrown = t;
                    } finally {
                      atReturn =
                          new AtReturn(
                              semaphore.availablePermits(),
                              gate.finished(),
                              gate.inFlight(),
                              gate.runningJobs(),
                              Thread.currentThread().isInterrupted());
                    }
                  });
    }

    static Caller start(
        Throttle solution, List<Callable<?>> jobs, WatchedSemaphore semaphore, Gate gate) {
      Caller caller = new Caller(solution, jobs, semaphore, gate);
      caller.thread.start();
      return caller;
    }

    boolean ended() {
      return atReturn != null;
    }

    void join(long baseMillis) {
      try {
        thread.join(TimeScale.millis(baseMillis));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  /**
   * Call runAll on a thread of its own, bounded, so a solution that never returns fails instead of
   * hanging.
   */
  private static Run run(Throttle solution, Scenario scenario, boolean hold) {
    WatchedSemaphore semaphore = new WatchedSemaphore(scenario.permits());
    PermitWatch permitWatch = new PermitWatch(semaphore, scenario.permits(), scenario.jobs(), hold);
    AtomicIntegerArray calls = new AtomicIntegerArray(Math.max(1, scenario.jobs()));
    Throwable[] thrown = new Throwable[scenario.jobs()];
    List<Callable<?>> jobs = new ArrayList<>();
    for (int i = 0; i < scenario.jobs(); i++) {
      int id = i;
      thrown[i] = scenario.failureOf(i);
      jobs.add(
          () -> {
            calls.incrementAndGet(id);
            permitWatch.run("job " + id, thrown[id]);
            return id;
          });
    }
    var result =
        new Object() {
          volatile List<Throwable> failures;
          volatile Throwable thrown;
          volatile AtReturn atReturn;
        };
    Thread caller =
        Thread.ofPlatform()
            .name("caller")
            .start(
                () -> {
                  try {
                    result.failures = solution.runAll(jobs, semaphore);
                  } catch (Throwable t) {
                    result.thrown = t;
                  } finally {
                    result.atReturn =
                        new AtReturn(
                            semaphore.availablePermits(),
                            permitWatch.finished(),
                            permitWatch.inFlight(),
                            permitWatch.inFlight() + " jobs",
                            false);
                  }
                });
    try {
      caller.join(TimeScale.millis(RETURN_MILLIS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    if (caller.isAlive()) {
      int available = semaphore.availablePermits();
      caller.interrupt();
      String why =
          semaphore.spins(scenario.jobs())
              ? ": " + semaphore.spinning()
              : available < scenario.permits() && permitWatch.inFlight() == 0
                  ? ": no job runs, yet only "
                      + available
                      + " permits are free: permits taken by jobs that threw were"
                      + " never returned, and the other jobs wait for them forever"
                  : "";
      throw Invariant.violated(
          "runAll returns once every job has finished (" + scenario + ")",
          "it returned",
          "it was still waiting after "
              + TimeScale.millis(RETURN_MILLIS)
              + " ms, with "
              + available
              + " of "
              + scenario.permits()
              + " permits free and "
              + permitWatch.inFlight()
              + " jobs running"
              + why);
    }
    if (result.thrown != null) {
      throw Invariant.violated(
          "runAll returns the failures instead of throwing (" + scenario + ")",
          "a list of exceptions",
          "it threw " + result.thrown);
    }
    return new Run(
        scenario, permitWatch, semaphore, calls, thrown, result.failures, result.atReturn);
  }
}

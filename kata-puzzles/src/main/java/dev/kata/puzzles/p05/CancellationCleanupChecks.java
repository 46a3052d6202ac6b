package dev.kata.puzzles.p05;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.kata.api.check.InterruptProbe;
import dev.kata.api.check.Invariant;
import dev.kata.api.check.PropertyChecks;
import dev.kata.api.check.PuzzleChecks;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The checks of puzzle 05. Every upload runs on a thread of its own as a {@code FutureTask}, with
 * the checks' {@link ScriptedConnection}, and is cancelled with {@code cancel(true)} at a point the
 * check chooses (see {@link UploadRun}); {@link Verdict} judges what it did against every sentence
 * of the contract. Small scenarios are run exhaustively (every event at every record, every kind of
 * failure, every kind of close failure), so each mistake is found on every run; a property then
 * tries generated larger ones.
 *
 * <h2>Contract audit: each sentence of {@link Uploader#upload} and of the starter's GOAL, and the
 * checks that fail when it is broken</h2>
 *
 * <table>
 *   <caption>sentence → check (Verdict rule)</caption>
 *   <tr><td>1. open() once, send() once per record in order, then close()</td>
 *       <td>{@link #everyRecordSentThenClosedOnce} (records, misuse: open twice, send before open or after
 *       close), every other check via {@link Verdict#judge}</td></tr>
 *   <tr><td>1. all on the thread that called upload</td>
 *       <td>every check: calls from another thread are named (Verdict: offThread)</td></tr>
 *   <tr><td>2. closed exactly once if open() succeeded</td>
 *       <td>{@link #cancelledAtEveryPoint}, {@link #sendFailureReachesCallerAndCloses}, {@link
 *       #closeFailureIsThrownOrSuppressed} (left open, closed twice)</td></tr>
 *   <tr><td>2. never closed if open() failed or was interrupted</td>
 *       <td>{@link #openFailureReachesCallerWithoutClose}, {@link #cancelledAtEveryPoint} (before/during
 *       open)</td></tr>
 *   <tr><td>2. already closed when upload returns or throws</td>
 *       <td>every check: the close count is read by the upload's own thread at the moment it returns</td></tr>
 *   <tr><td>3. if interrupted, stop: send nothing more</td>
 *       <td>{@link #cancelledAtEveryPoint} (a send after the cancel is named)</td></tr>
 *   <tr><td>3. throw InterruptedException or return with the flag set; never lose it</td>
 *       <td>{@link #interruptWhileBlockedIsHonoured} ({@link InterruptProbe}), {@link #cancelledAtEveryPoint}
 *       (before open, in open, in each send, just after each send, in close)</td></tr>
 *   <tr><td>3. stop promptly</td>
 *       <td>every cancelling check: the task must end within a bounded, scaled time of cancel(true)</td></tr>
 *   <tr><td>4. open()/send() failures of every kind reach the caller unchanged; nothing sent after</td>
 *       <td>{@link #openFailureReachesCallerWithoutClose}, {@link #sendFailureReachesCallerAndCloses}
 *       (checked, RuntimeException, Error; identity, not wrapped; no send after)</td></tr>
 *   <tr><td>5. close() failure reaches the caller; after a work failure it is suppressed</td>
 *       <td>{@link #closeFailureIsThrownOrSuppressed} (every event x every kind of close failure)</td></tr>
 *   <tr><td>5. after a cancellation: thrown with the flag set, or suppressed by the InterruptedException</td>
 *       <td>{@link #closeFailureIsThrownOrSuppressed}</td></tr>
 *   <tr><td>6. not cancelled: returns normally, every record sent, the flag left clear</td>
 *       <td>{@link #everyRecordSentThenClosedOnce}</td></tr>
 *   <tr><td>all of the above together, larger uploads</td><td>{@link #generatedScenarios}</td></tr>
 * </table>
 *
 * <p>Adversarial dimensions: failures of every kind at every position (checked, runtime, Error); an
 * interrupt at each blocking point of the contract (open, every send) and between statements (just
 * after a send, inside close); the state asserted at the moment of return. Not applicable: the
 * contract has no shared state of the learner's and no completion order, so there is no contention
 * or ordering dimension; the blocking points wait on latches nobody opens, so no timeout of any
 * length lets a wrong solution through.
 */
@PuzzleChecks(timeLimitSeconds = 20)
public class CancellationCleanupChecks {

  @Test
  @Order(1)
  @DisplayName(
      "not cancelled: open once, send every record once in order, close once, return normally")
  void everyRecordSentThenClosedOnce(Uploader solution) {
    for (int records = 0; records <= 6; records++) {
      Verdict.judge(UploadRun.run(solution, Scenario.plain(records)));
    }
  }

  @Test
  @Order(2)
  @DisplayName(
      "interrupted while blocked in open() or send(): the upload stops and keeps the interrupt")
  void interruptWhileBlockedIsHonoured(Uploader solution) {
    List<Scenario> blocked =
        List.of(
            new Scenario(
                2, Scenario.Event.CANCEL_IN_OPEN, 0, Scenario.Failure.NONE, Scenario.Failure.NONE),
            new Scenario(
                3, Scenario.Event.CANCEL_IN_SEND, 0, Scenario.Failure.NONE, Scenario.Failure.NONE),
            new Scenario(
                3, Scenario.Event.CANCEL_IN_SEND, 2, Scenario.Failure.NONE, Scenario.Failure.NONE));
    for (Scenario scenario : blocked) {
      ScriptedConnection connection = new ScriptedConnection(scenario, new CountDownLatch(1));
      InterruptProbe.Outcome outcome =
          InterruptProbe.interruptWhenBlocked(
              "upload() (" + scenario + ")",
              () -> {
                connection.callerIs(Thread.currentThread());
                solution.upload(connection, scenario.recordList());
                return null;
              },
              connection::blocked);
      // What it did to the connection first: that is the bug to fix; the interrupt's fate second.
      String calls = "  calls the connection saw: " + String.join(" · ", connection.calls());
      if (!connection.misuse().isEmpty()) {
        String misuse = connection.misuse().getFirst();
        throw Invariant.violated(
            Verdict.misuseRule(misuse) + " (" + scenario + ")",
            Verdict.misuseExpected(misuse),
            misuse + Verdict.misuseAdvice(misuse),
            calls);
      }
      if (connection.opened()
          && connection.closes() == 0
          && outcome.kind() != InterruptProbe.Kind.IGNORED) {
        throw Invariant.violated(
            "an interrupted upload closes the connection it opened (" + scenario + ")",
            "close() called once before upload() ends",
            "the connection was left open: the interrupt ended upload()"
                + " before its close(). Close in finally, or with try-with-resources",
            calls);
      }
      outcome.requireHonoured();
    }
  }

  @Test
  @Order(3)
  @DisplayName(
      "cancel(true) before open, during open, during a send, just after a send, during close:"
          + " closed once iff opened, nothing sent after it, the interrupt kept")
  void cancelledAtEveryPoint(Uploader solution) {
    exhaustively(solution, s -> s.event().cancels() && s.closeFailure() == Scenario.Failure.NONE);
  }

  @Test
  @Order(4)
  @DisplayName(
      "open() fails (checked, RuntimeException, Error): that very failure reaches the caller,"
          + " close() is never called")
  void openFailureReachesCallerWithoutClose(Uploader solution) {
    exhaustively(
        solution,
        s -> s.event() == Scenario.Event.OPEN_FAILS && s.closeFailure() == Scenario.Failure.NONE);
  }

  @Test
  @Order(5)
  @DisplayName(
      "a send() fails (checked, RuntimeException, Error): that very failure reaches the caller,"
          + " nothing more is sent, the connection is closed once")
  void sendFailureReachesCallerAndCloses(Uploader solution) {
    exhaustively(
        solution,
        s -> s.event() == Scenario.Event.SEND_FAILS && s.closeFailure() == Scenario.Failure.NONE);
  }

  @Test
  @Order(6)
  @DisplayName(
      "close() fails: its failure reaches the caller, or is attached as suppressed to the work's"
          + " failure or to the InterruptedException")
  void closeFailureIsThrownOrSuppressed(Uploader solution) {
    exhaustively(solution, s -> s.closeFailure() != Scenario.Failure.NONE);
  }

  @Test
  @Order(7)
  @DisplayName(
      "generated uploads (up to 20 records, any event anywhere, any failure): every invariant at"
          + " once")
  void generatedScenarios(Uploader solution) {
    Scenario.Event[] events = Scenario.Event.values();
    Scenario.Failure[] failures = Scenario.Failure.values();
    PropertyChecks.forAll(
        60,
        integers().between(0, 20),
        integers().between(0, events.length - 1),
        longs().all(),
        (records, eventIndex, bits) -> {
          Scenario.Event event = events[eventIndex];
          if (event.atSend() && records == 0) {
            event = Scenario.Event.NONE;
          }
          int at = (int) Math.floorMod(bits, (long) event.positions(records));
          Scenario.Failure failure =
              event == Scenario.Event.OPEN_FAILS || event == Scenario.Event.SEND_FAILS
                  ? failures[1 + (int) Math.floorMod(bits >>> 20, 3L)]
                  : Scenario.Failure.NONE;
          Scenario.Failure close = failures[(int) Math.floorMod(bits >>> 40, 4L)];
          Verdict.judge(UploadRun.run(solution, new Scenario(records, event, at, failure, close)));
        });
  }

  /** Run every scenario of 3, 1 and 0 records that {@code which} selects, and judge each. */
  private static void exhaustively(Uploader solution, Predicate<Scenario> which) {
    List<Scenario.Failure> closes =
        List.of(
            Scenario.Failure.NONE,
            Scenario.Failure.CHECKED,
            Scenario.Failure.RUNTIME,
            Scenario.Failure.ERROR);
    for (int records : new int[] {3, 1, 0}) {
      for (Scenario scenario : Scenario.all(records, closes)) {
        if (which.test(scenario)) {
          Verdict.judge(UploadRun.run(solution, scenario));
        }
      }
    }
  }
}

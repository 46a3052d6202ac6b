package dev.kata.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.core.check.CheckProtocol;
import dev.kata.core.check.SignedEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The parent's reading of a check JVM's events: each check keyed by its JUnit unique id, a pass
 * only when every expected check reported in order and the JVM said it was done, and nothing
 * counted that kata's check JVM did not write.
 */
class VerdictFromEventsTest {

  private static final IsolatedRunner.Death CLEAN =
      new IsolatedRunner.Death(true, 0, "", Optional.empty());

  private final SignedEvents writer = new SignedEvents();

  @Test
  void oneDisplayNameUsedTwiceStillCountsAsTwoChecks() {
    plan(
        "[engine:junit-jupiter]/[class:A]/[method:a()]",
        "[engine:junit-jupiter]/[class:B]/[method:b()]");
    check(
        "[engine:junit-jupiter]/[class:A]/[method:a()]", "the pool never exceeds K", Verdict.FAIL);
    check(
        "[engine:junit-jupiter]/[class:B]/[method:b()]", "the pool never exceeds K", Verdict.PASS);
    writer.write(Map.of(CheckProtocol.EVENT, CheckProtocol.DONE));

    RunResult result = interpret(CLEAN);

    assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(result.checks())
        .extracting(CheckResult::verdict)
        .containsExactly(Verdict.FAIL, Verdict.PASS);
  }

  @Test
  void aPlannedCheckThatNeverReportedIsNotAPass() {
    plan("a", "b");
    check("a", "first", Verdict.PASS);
    writer.write(Map.of(CheckProtocol.EVENT, CheckProtocol.DONE));

    RunResult result = interpret(CLEAN);

    assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(result.checks().get(1).message()).contains("never reported this check");
  }

  @Test
  void checksReportedOutOfThePlannedOrderAreKatasDefectNotAPass() {
    plan("a", "b");
    check("b", "second", Verdict.PASS);
    check("a", "first", Verdict.PASS);
    writer.write(Map.of(CheckProtocol.EVENT, CheckProtocol.DONE));

    RunResult result = interpret(CLEAN);

    assertThat(result.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(result.message()).contains("out of the planned order", "defect of kata");
  }

  @Test
  void aRegisteredRepetitionThatNeverFinishedIsNotAPass() {
    plan();
    writer.write(
        Map.of(
            CheckProtocol.EVENT,
            CheckProtocol.REGISTERED,
            CheckProtocol.ID,
            "r1",
            CheckProtocol.NAME,
            "repetition 1 of 2",
            CheckProtocol.TEST,
            true));
    writer.write(
        Map.of(
            CheckProtocol.EVENT,
            CheckProtocol.REGISTERED,
            CheckProtocol.ID,
            "r2",
            CheckProtocol.NAME,
            "repetition 2 of 2",
            CheckProtocol.TEST,
            true));
    check("r1", "repetition 1 of 2", Verdict.PASS);

    RunResult result = interpret(new IsolatedRunner.Death(true, 7, "", Optional.empty()));

    assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(result.checks())
        .extracting(CheckResult::name)
        .containsExactly("repetition 1 of 2", "repetition 2 of 2");
  }

  @Test
  void aLineWithoutTheRunsSecretIsReportedAsTamperingAndNothingAfterItCounts() {
    plan("a");
    writer.write(
        Map.of(
            CheckProtocol.EVENT,
            CheckProtocol.STARTED,
            CheckProtocol.ID,
            "a",
            CheckProtocol.NAME,
            "first"));
    List<String> lines = new ArrayList<>(lines());
    String last = lines.get(lines.size() - 1);
    lines.add(
        last.substring(0, last.indexOf(' '))
            + " {\"seq\":2,\"event\":\"finished\",\"id\":\"a\",\"check\":\"first\","
            + "\"status\":\"pass\"}");
    lines.add("{\"seq\":3,\"event\":\"done\"}");

    RunResult result =
        IsolatedRunner.interpret(
            "p", CheckProtocol.read(lines, writer.key()), CLEAN, Duration.ZERO);

    assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(result.message()).contains("tampered", "line 3 was not written by kata");
  }

  @Test
  void aReplayedLineBreaksTheSequence() {
    plan("a");
    check("a", "first", Verdict.PASS);
    List<String> lines = new ArrayList<>(lines());
    lines.add(lines.get(2)); // a real, signed "finished" line, again

    RunResult result =
        IsolatedRunner.interpret(
            "p", CheckProtocol.read(lines, writer.key()), CLEAN, Duration.ZERO);

    assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(result.message()).contains("out of sequence");
  }

  private void plan(String... ids) {
    List<Map<String, String>> checks = new ArrayList<>();
    for (String id : ids) {
      checks.add(Map.of(CheckProtocol.ID, id, CheckProtocol.NAME, id));
    }
    writer.write(Map.of(CheckProtocol.EVENT, CheckProtocol.PLAN, CheckProtocol.CHECKS, checks));
  }

  private void check(String id, String name, Verdict verdict) {
    writer.write(
        Map.of(
            CheckProtocol.EVENT,
            CheckProtocol.STARTED,
            CheckProtocol.ID,
            id,
            CheckProtocol.NAME,
            name));
    writer.write(
        Map.of(
            CheckProtocol.EVENT,
            CheckProtocol.FINISHED,
            CheckProtocol.ID,
            id,
            CheckProtocol.NAME,
            name,
            CheckProtocol.TEST,
            true,
            CheckProtocol.STATUS,
            verdict.json(),
            CheckProtocol.MESSAGE,
            "",
            CheckProtocol.OUTPUT,
            ""));
  }

  private List<String> lines() {
    return writer.lines();
  }

  private RunResult interpret(IsolatedRunner.Death death) {
    return IsolatedRunner.interpret(
        "p", CheckProtocol.read(lines(), writer.key()), death, Duration.ZERO);
  }
}

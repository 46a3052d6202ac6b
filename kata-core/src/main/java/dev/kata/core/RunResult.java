package dev.kata.core;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of checking one solution of one puzzle.
 *
 * @param puzzleId the puzzle
 * @param verdict pass when every check passed, error when nothing could be judged, else fail
 * @param message why the whole run errored or what stopped it early; empty otherwise
 * @param checks each check's outcome, in the order they ran
 * @param elapsed compile and check time
 */
public record RunResult(
    String puzzleId, Verdict verdict, String message, List<CheckResult> checks, Duration elapsed) {

  /** Tell whether every check passed. */
  public boolean passed() {
    return verdict == Verdict.PASS;
  }

  /** Get the Exercism results.json (version 3) shape with the puzzle id added. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("version", 3);
    json.put("puzzle", puzzleId);
    json.put("status", verdict.json());
    json.put("message", message.isEmpty() ? null : message);
    json.put(
        "tests",
        checks.stream()
            .map(
                c -> {
                  Map<String, Object> test = new LinkedHashMap<>();
                  test.put("name", c.name());
                  test.put("status", c.verdict().json());
                  test.put("message", c.message().isEmpty() ? null : c.message());
                  test.put("output", c.output().isEmpty() ? null : c.output());
                  return test;
                })
            .toList());
    return json;
  }
}

package dev.kata.api;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Tune kata's mistake analyser for one puzzle: switch built-in rules on or off, add rules of its
 * own.
 *
 * <p>Some built-in rules are on for every puzzle (a swallowed interrupt is wrong everywhere); some
 * are off unless a puzzle switches them on, because they are only wrong where the puzzle says so (a
 * {@code Future.get()} with no timeout, in a puzzle about timeouts). The built-in rule ids are
 * listed in the README. An unknown id is ignored, so a puzzle built against a newer kata still
 * loads in an older one.
 *
 * <pre>{@code
 * @Override
 * public MistakeAnalysis mistakeAnalysis() {
 *   return MistakeAnalysis.standard().switchOn("untimed-future-get").switchOff("sleep-to-wait")
 *       .with(new MyPoolRule());
 * }
 * }</pre>
 *
 * @param switchedOn ids of built-in rules that are off by default and run for this puzzle
 * @param switchedOff ids of built-in rules that do not run for this puzzle
 * @param rules the puzzle's own rules; their findings name this puzzle as the one that teaches them
 * @since 0.1
 */
public record MistakeAnalysis(
    Set<String> switchedOn, Set<String> switchedOff, List<MistakeRule> rules) {

  /**
   * Create settings.
   *
   * @throws NullPointerException if an argument or an element is null
   */
  public MistakeAnalysis {
    switchedOn = Set.copyOf(switchedOn);
    switchedOff = Set.copyOf(switchedOff);
    rules = List.copyOf(rules);
  }

  /**
   * Get the settings of a puzzle that changes nothing: the built-in rules that are on by default.
   */
  public static MistakeAnalysis standard() {
    return new MistakeAnalysis(Set.of(), Set.of(), List.of());
  }

  /** Get these settings with more built-in rules switched on. */
  public MistakeAnalysis switchOn(String... ids) {
    return new MistakeAnalysis(plus(switchedOn, ids), switchedOff, rules);
  }

  /** Get these settings with more built-in rules switched off. */
  public MistakeAnalysis switchOff(String... ids) {
    return new MistakeAnalysis(switchedOn, plus(switchedOff, ids), rules);
  }

  /** Get these settings with more rules of the puzzle's own. */
  public MistakeAnalysis with(MistakeRule... more) {
    List<MistakeRule> all = new ArrayList<>(rules);
    for (MistakeRule rule : more) {
      all.add(Objects.requireNonNull(rule, "rule must not be null"));
    }
    return new MistakeAnalysis(switchedOn, switchedOff, all);
  }

  private static Set<String> plus(Set<String> set, String... ids) {
    Set<String> all = new LinkedHashSet<>(set);
    for (String id : ids) {
      all.add(Objects.requireNonNull(id, "rule id must not be null"));
    }
    return all;
  }
}

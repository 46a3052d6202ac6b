package dev.kata.core;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import dev.kata.api.MistakeAnalysis;
import dev.kata.api.MistakeRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Find known concurrency mistakes in a learner's file by reading its source: the built-in rules
 * ({@link BuiltInMistakes}) the puzzle leaves on, and the puzzle's own rules.
 *
 * <p>Findings never change a verdict; the checks decide. They are shown beside it: "this may be
 * why" on a failure, "passed, but look at line N" on a pass. Every rule must stay silent on every
 * built-in reference and correct alternative (the build proves it): a wrong finding is worse than
 * none.
 */
public final class MistakeAnalyser {

  /**
   * One mistake found.
   *
   * @param rule the rule's id, such as {@code swallowed-interrupt}
   * @param line the 1-based line of the learner's file
   * @param why why the code is wrong, in one sentence
   * @param teachingPuzzle the id of the puzzle that teaches the right way
   */
  public record Finding(String rule, int line, String why, String teachingPuzzle) {

    /**
     * Get this finding as a JSON object: {@code rule}, {@code line}, {@code message}, {@code
     * puzzle}.
     */
    public Map<String, Object> toJson() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("rule", rule);
      json.put("line", line);
      json.put("message", why);
      json.put("puzzle", teachingPuzzle);
      return json;
    }
  }

  private MistakeAnalyser() {}

  /**
   * Analyse a learner's source for a puzzle.
   *
   * @param entry the puzzle, whose {@link dev.kata.api.Puzzle#mistakeAnalysis()} tunes the rules
   * @param source the file's text
   * @return the findings, by line; empty when the source does not parse (the compiler says why)
   */
  public static List<Finding> analyse(CatalogEntry entry, String source) {
    MistakeAnalysis settings;
    try {
      settings = entry.puzzle().mistakeAnalysis();
    } catch (RuntimeException | LinkageError e) {
      // A third-party puzzle's settings are its own code: a failure there costs the findings only.
      settings = MistakeAnalysis.standard();
    }
    List<Finding> findings = new ArrayList<>(builtIn(source, settings));
    for (MistakeRule rule : settings.rules()) {
      try {
        for (int line : rule.find(source)) {
          findings.add(new Finding(rule.id(), line, rule.why(), entry.id()));
        }
      } catch (RuntimeException | LinkageError | StackOverflowError e) {
        // A broken rule of a puzzle's own must not cost the learner the verdict.
      }
    }
    findings.sort(Comparator.comparingInt(Finding::line).thenComparing(Finding::rule));
    return List.copyOf(findings.stream().distinct().toList());
  }

  /**
   * Run the built-in rules that the settings leave on.
   *
   * @param source the file's text
   * @param settings which rules are switched on or off
   */
  static List<Finding> builtIn(String source, MistakeAnalysis settings) {
    Optional<CompilationUnit> unit = parse(source);
    if (unit.isEmpty()) {
      return List.of();
    }
    List<Finding> findings = new ArrayList<>();
    for (BuiltInMistakes.Rule rule : BuiltInMistakes.RULES) {
      boolean on =
          rule.onByDefault()
              ? !settings.switchedOff().contains(rule.id())
              : settings.switchedOn().contains(rule.id())
                  && !settings.switchedOff().contains(rule.id());
      if (on) {
        findings.addAll(BuiltInMistakes.run(rule, unit.get()));
      }
    }
    return findings;
  }

  static Optional<CompilationUnit> parse(String source) {
    ParseResult<CompilationUnit> result =
        new JavaParser(
                new ParserConfiguration()
                    .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_25))
            .parse(source);
    return result.isSuccessful() ? result.getResult() : Optional.empty();
  }

  /** Get the ids of the built-in rules, in the order they run. */
  public static List<String> builtInRuleIds() {
    return BuiltInMistakes.RULES.stream().map(BuiltInMistakes.Rule::id).toList();
  }
}

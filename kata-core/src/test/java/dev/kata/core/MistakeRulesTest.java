package dev.kata.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.api.MistakeAnalysis;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each built-in rule flags its flagged examples and stays silent on its clean ones. */
class MistakeRulesTest {

  static Stream<Arguments> flagged() {
    List<Arguments> all = new ArrayList<>();
    for (BuiltInMistakes.Rule rule : BuiltInMistakes.RULES) {
      for (int i = 0; i < rule.flagged().size(); i++) {
        all.add(Arguments.of(rule.id(), i + 1, rule.flagged().get(i)));
      }
    }
    return all.stream();
  }

  static Stream<Arguments> clean() {
    List<Arguments> all = new ArrayList<>();
    for (BuiltInMistakes.Rule rule : BuiltInMistakes.RULES) {
      for (int i = 0; i < rule.clean().size(); i++) {
        all.add(Arguments.of(rule.id(), i + 1, rule.clean().get(i)));
      }
    }
    return all.stream();
  }

  private static List<MistakeAnalyser.Finding> only(String id, String source) {
    assertThat(MistakeAnalyser.parse(source)).as("the example parses").isPresent();
    BuiltInMistakes.Rule rule =
        BuiltInMistakes.RULES.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    return BuiltInMistakes.run(rule, MistakeAnalyser.parse(source).orElseThrow());
  }

  @ParameterizedTest(name = "{0} flags example {1}")
  @MethodSource("flagged")
  void ruleFlagsItsFlaggedExample(String id, int number, String source) {
    List<MistakeAnalyser.Finding> findings = only(id, source);

    assertThat(findings)
        .as("findings of %s in:%n%s", id, source)
        .isNotEmpty()
        .allSatisfy(f -> assertThat(f.rule()).isEqualTo(id));
    assertThat(findings.getFirst().line()).isBetween(1, (int) source.lines().count());
  }

  @ParameterizedTest(name = "{0} leaves clean example {1} alone")
  @MethodSource("clean")
  void ruleLeavesItsCleanExampleAlone(String id, int number, String source) {
    assertThat(only(id, source)).as("findings of %s in:%n%s", id, source).isEmpty();
  }

  @Test
  void everyRuleHasAnIdAReasonAPuzzleAndExamplesBothWays() {
    assertThat(BuiltInMistakes.RULES)
        .extracting(BuiltInMistakes.Rule::id)
        .doesNotHaveDuplicates()
        .allMatch(id -> id.matches("[a-z0-9]+(-[a-z0-9]+)*"));
    assertThat(BuiltInMistakes.RULES)
        .hasSizeGreaterThanOrEqualTo(11)
        .allSatisfy(
            rule -> {
              assertThat(rule.why()).isNotBlank();
              assertThat(rule.teaches()).matches("\\d\\d");
              assertThat(rule.flagged()).isNotEmpty();
              assertThat(rule.clean()).isNotEmpty();
            });
  }

  @Test
  void aRuleOffByDefaultRunsOnlyWhenSwitchedOn() {
    String source = BuiltInMistakes.UNTIMED_GET.flagged().getFirst();

    assertThat(MistakeAnalyser.builtIn(source, MistakeAnalysis.standard())).isEmpty();
    assertThat(
            MistakeAnalyser.builtIn(
                source, MistakeAnalysis.standard().switchOn("untimed-future-get")))
        .extracting(MistakeAnalyser.Finding::rule)
        .containsExactly("untimed-future-get");
  }

  @Test
  void aRuleSwitchedOffDoesNotRun() {
    String source = BuiltInMistakes.SWALLOWED_INTERRUPT.flagged().getFirst();

    assertThat(MistakeAnalyser.builtIn(source, MistakeAnalysis.standard())).isNotEmpty();
    assertThat(
            MistakeAnalyser.builtIn(
                source, MistakeAnalysis.standard().switchOff("swallowed-interrupt")))
        .isEmpty();
  }

  @Test
  void sourceThatDoesNotParseHasNoFindings() {
    assertThat(MistakeAnalyser.builtIn("class C { void run() { catch", MistakeAnalysis.standard()))
        .isEmpty();
  }

  @Test
  void findingsNameTheLineOfTheMistake() {
    String source = BuiltInMistakes.SWALLOWED_INTERRUPT.flagged().getFirst();

    assertThat(MistakeAnalyser.builtIn(source, new MistakeAnalysis(Set.of(), Set.of(), List.of())))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.line()).isEqualTo(5);
              assertThat(f.teachingPuzzle()).isEqualTo("05");
            });
  }
}

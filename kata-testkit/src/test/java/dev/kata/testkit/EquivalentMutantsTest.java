package dev.kata.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EquivalentMutantsTest {

  @Test
  void aDeclarationMatchesByOperatorAndOriginalCodeNotByLine() {
    List<EquivalentMutants.Declaration> declared =
        EquivalentMutants.parse(
            """
            # operator | code | reason
            RVK | private volatile boolean a || b; | only one thread reads it

            """);
    assertThat(declared)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.code()).isEqualTo("private volatile boolean a || b;");
              assertThat(d.reason()).isEqualTo("only one thread reads it");
              assertThat(d.lineInFile()).isEqualTo(2);
              assertThat(
                      d.matches(new Mutant("RVK", 40, "private volatile boolean a || b;", "", "")))
                  .isTrue();
              assertThat(d.matches(new Mutant("RVK", 3, "private volatile boolean c;", "", "")))
                  .isFalse();
              assertThat(
                      d.matches(new Mutant("RSK", 40, "private volatile boolean a || b;", "", "")))
                  .isFalse();
            });
  }

  @Test
  void aDeclarationWithoutAReasonIsRefused() {
    assertThatThrownBy(() -> EquivalentMutants.parse("RVK | int x; | "))
        .hasMessageContaining("equivalent-mutants.txt:1")
        .hasMessageContaining("needs a reason");
    assertThatThrownBy(() -> EquivalentMutants.parse("RVK int x;"))
        .hasMessageContaining("expected 'OPERATOR | original line | reason'");
  }

  @Test
  void theSampleIsSpreadAndTheSameEveryTime() {
    List<Mutant> all =
        java.util.stream.IntStream.range(0, 10)
            .mapToObj(i -> new Mutant("OP" + i, i, "", "", ""))
            .toList();
    assertThat(MutationAnalysis.sample(all, 4))
        .extracting(Mutant::operator)
        .containsExactly("OP0", "OP2", "OP5", "OP7");
    assertThat(MutationAnalysis.sample(all, 4)).isEqualTo(MutationAnalysis.sample(all, 4));
    assertThat(MutationAnalysis.sample(all, 20)).isEqualTo(all);
  }
}

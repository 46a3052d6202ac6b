package dev.kata.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ValueTypesTest {

  @Test
  void hintsHaveThreeNonBlankLevels() {
    Hints hints = new Hints("concept", "api", "shape");

    assertThat(hints.level(1)).isEqualTo("concept");
    assertThat(hints.level(3)).isEqualTo("shape");
    assertThatThrownBy(() -> hints.level(4)).hasMessage("hint level must be 1, 2 or 3 but was 4");
    assertThatThrownBy(() -> new Hints("concept", " ", "shape"))
        .hasMessage("api hint must not be blank");
  }

  @Test
  void wrongSolutionsHaveAKebabCaseNameAndABug() {
    assertThat(new WrongSolution("lock-order-by-chance", "locks in argument order").name())
        .isEqualTo("lock-order-by-chance");
    assertThatThrownBy(() -> new WrongSolution("Bad Name", "x"))
        .hasMessage("wrong solution name must be kebab-case but was 'Bad Name'");
    assertThatThrownBy(() -> new WrongSolution("ok", ""))
        .hasMessage("wrong solution 'ok' must describe its bug");
  }
}

package dev.kata.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void writesAndReadsBackNestedValues() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("text", "quote \" backslash \\ newline \n tab \t control \u0001 unicode \u2713");
    value.put("number", 42L);
    value.put("fraction", 0.5);
    value.put("flag", true);
    value.put("nothing", null);
    value.put("list", List.of(1L, "two", List.of()));
    value.put("empty", Map.of());

    assertThat(Json.parse(Json.write(value))).isEqualTo(value);
    assertThat(Json.parse(Json.writePretty(value))).isEqualTo(value);
  }

  @Test
  void writesCompactJson() {
    assertThat(Json.write(Map.of("a", Arrays.asList(1, null)))).isEqualTo("{\"a\":[1,null]}");
  }

  @Test
  void rejectsInvalidJsonWithTheOffset() {
    assertThatThrownBy(() -> Json.parse("{\"a\": tru}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid JSON at offset 6");
    assertThatThrownBy(() -> Json.parse("[1, 2")).hasMessageContaining("unexpected end of input");
    assertThatThrownBy(() -> Json.parse("{} x")).hasMessageContaining("trailing");
  }
}

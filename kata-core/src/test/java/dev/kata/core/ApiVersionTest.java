package dev.kata.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiVersionTest {

  @Test
  void apiCompatibilityFollowsSemanticVersioning() {
    assertThat(ApiVersion.incompatibility("1.2.0", "1.3.1")).isEmpty();
    assertThat(ApiVersion.incompatibility("1.4.0", "1.3.1")).isPresent();
    assertThat(ApiVersion.incompatibility("2.0.0", "1.3.1")).isPresent();
    assertThat(ApiVersion.incompatibility("0.1.0-SNAPSHOT", "0.1.3")).isEmpty();
    assertThat(ApiVersion.incompatibility("0.1.0", "0.2.0")).isPresent();
    assertThat(ApiVersion.incompatibility("banana", "0.2.0"))
        .hasValue("Kata-Api-Version 'banana' is not a version like 1.2.3");
    assertThat(ApiVersion.current()).matches("\\d+\\.\\d+\\.\\d+.*");
  }
}

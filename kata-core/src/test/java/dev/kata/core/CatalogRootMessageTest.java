package dev.kata.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The catalog's one-line reason for a plugin that cannot load, whatever its causes. */
class CatalogRootMessageTest {

  @Test
  @Timeout(5)
  void theCatalogsRootMessageEndsOnACauseCycle() {
    IllegalStateException a = new IllegalStateException("a");
    a.initCause(new IllegalArgumentException("b", a));

    assertThat(PuzzleCatalog.rootMessage(a)).isEqualTo("IllegalArgumentException: b");
  }
}

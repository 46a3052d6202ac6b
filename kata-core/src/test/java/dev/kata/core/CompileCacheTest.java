package dev.kata.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompileCacheTest {

  @TempDir Path work;

  @Test
  void nothingIsCachedWhenTheClassPathHoldsAFolder() throws Exception {
    CompileCache cache = new CompileCache(work.resolve("cache"));
    Path source = Files.writeString(work.resolve("A.java"), "class A {}");
    Path jar = Files.writeString(work.resolve("plugin.jar"), "stands for a jar");
    Path classes = Files.createDirectories(work.resolve("classes/p"));
    Files.writeString(classes.resolve("A.class"), "bytes");

    // Run from a build tree (folders on the class path, as in this test): never cached.
    assertThat(cache.key(source, "A", List.of(jar))).isEmpty();
  }

  @Test
  void storedClassesComeBackCompleteAndAnUnknownKeyFindsNothing() throws Exception {
    CompileCache cache = new CompileCache(work.resolve("cache"));
    Path classes = Files.createDirectories(work.resolve("classes/p"));
    Files.writeString(classes.resolve("A.class"), "bytes");

    cache.store("k1", work.resolve("classes"));
    cache.store("k1", work.resolve("classes")); // a second kata storing the same key is harmless

    assertThat(cache.find("k1"))
        .hasValueSatisfying(dir -> assertThat(dir.resolve("p/A.class")).hasContent("bytes"));
    assertThat(cache.find("k2")).isEmpty();
    try (var left = Files.list(work.resolve("cache"))) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly("k1");
    }
  }
}

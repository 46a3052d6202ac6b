package dev.kata.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.api.KataPuzzle;
import dev.kata.api.Puzzle;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PuzzleRulesTest {

  @TempDir Path work;

  @Test
  void idsAndSlugsFollowTheirPatterns() {
    assertThat(PuzzleRules.isValidId("acme.pool_2-b")).isTrue();
    assertThat(PuzzleRules.isValidId("-01")).isFalse();
    assertThat(PuzzleRules.isValidId("a b")).isFalse();
    assertThat(PuzzleRules.isValidSlug("lock-ordering")).isTrue();
    assertThat(PuzzleRules.isValidSlug("Lock-Ordering")).isFalse();
    assertThat(PuzzleRules.isValidSlug("lock--ordering")).isFalse();
  }

  @Test
  void aSolutionFileIsARelativePathOfJavaNamesInsideTheWorkspace() {
    assertThat(PuzzleRules.isValidSolutionFile("p01_name/ClassName.java")).isTrue();
    assertThat(PuzzleRules.isValidSolutionFile("a/b/C.java")).isTrue();
    assertThat(PuzzleRules.isValidSolutionFile("C.java")).isFalse();
    assertThat(PuzzleRules.isValidSolutionFile("/abs/C.java")).isFalse();
    assertThat(PuzzleRules.isValidSolutionFile("../outside/C.java")).isFalse();
    assertThat(PuzzleRules.isValidSolutionFile("a\\C.java")).isFalse();
    assertThat(PuzzleRules.isValidSolutionFile(null)).isFalse();
  }

  @Test
  void aPuzzleThatFollowsTheAuthoringRulesHasNoProblem() throws Exception {
    Path jar =
        new PluginJarBuilder(work)
            .wrongSolutions("one", "two", "three")
            .puzzle("r.good", 1, "rg/A.java", true)
            .build("good.jar");
    CatalogEntry entry = loaded(jar, "r.good");

    // The generated starter has no marker: that rule is shown by the next test.
    assertThat(PuzzleRules.tooFewWrongSolutions(entry)).isEmpty();
    assertThat(PuzzleRules.unlistedWrongFolders(entry)).isEmpty();
  }

  @Test
  void everyAuthoringRuleReportsThePuzzleByNameInOrder() throws Exception {
    Path jar =
        new PluginJarBuilder(work)
            .wrongSolutions("listed")
            .puzzle("r.sloppy", 1, "rs/A.java", true)
            .unlistedWrongSource("forgotten")
            .build("sloppy.jar");
    CatalogEntry entry = loaded(jar, "r.sloppy");
    String folder = entry.puzzle().getClass().getPackageName().replace('.', '/') + "/wrong/";

    assertThat(PuzzleRules.authoringProblems(entry))
        .containsExactly(
            new CatalogProblem(
                "sloppy.jar",
                Optional.of("r.sloppy"),
                "puzzle r.sloppy (sloppy.jar): the starter has no '// TODO' marker to show the"
                    + " learner where to work"),
            new CatalogProblem(
                "sloppy.jar",
                Optional.of("r.sloppy"),
                "puzzle r.sloppy (sloppy.jar): only 1 wrong solutions; document at least 3"
                    + " realistic mistakes"),
            new CatalogProblem(
                "sloppy.jar",
                Optional.of("r.sloppy"),
                "puzzle r.sloppy (sloppy.jar): the folder "
                    + folder
                    + "forgotten/ holds a wrong solution that wrongSolutions() does not list; list"
                    + " it with the bug it shows, or delete the folder"));
  }

  @Test
  void anUnlistedWrongFolderIsFoundInAClassFolderToo() throws Exception {
    Path folder =
        new PluginJarBuilder(work)
            .wrongSolutions("a", "b", "c")
            .puzzle("r.folder", 1, "rf/A.java", true)
            .unlistedWrongSource("d-forgotten")
            .buildFolder();
    try (var loader =
        new URLClassLoader(new URL[] {folder.toUri().toURL()}, getClass().getClassLoader())) {
      Puzzle puzzle =
          ServiceLoader.load(Puzzle.class, loader).stream()
              .filter(p -> p.type().getClassLoader() == loader)
              .findFirst()
              .orElseThrow()
              .get();
      CatalogEntry entry =
          new CatalogEntry(
              puzzle.getClass().getAnnotation(KataPuzzle.class), puzzle, Optional.empty());

      assertThat(PuzzleRules.wrongFolders(puzzle.getClass()))
          .containsExactly("a", "b", "c", "d-forgotten");
      assertThat(PuzzleRules.unlistedWrongFolders(entry))
          .singleElement()
          .extracting(CatalogProblem::message)
          .asString()
          .startsWith("puzzle r.folder (built-in): the folder ")
          .contains("/wrong/d-forgotten/ holds a wrong solution");
    }
  }

  @Test
  void theBuiltInFixtureListsEveryWrongFolderItHas() {
    CatalogEntry fixture = PuzzleCatalog.load(List.of()).require("fixture");

    assertThat(PuzzleRules.wrongFolders(fixture.puzzle().getClass())).containsExactly("answers-41");
    assertThat(PuzzleRules.unlistedWrongFolders(fixture)).isEmpty();
  }

  private static CatalogEntry loaded(Path jar, String id) {
    PuzzleCatalog catalog = PuzzleCatalog.load(List.of(jar));
    assertThat(catalog.problems()).isEmpty();
    return catalog.require(id);
  }
}

package dev.kata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.core.CatalogEntry;
import dev.kata.core.FileTrees;
import dev.kata.core.PuzzleCatalog;
import dev.kata.testkit.MutationAnalysis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * The mutation gate without its budget: every mutant of every built-in reference, not the default
 * build's sample of {@link dev.kata.testkit.PuzzleContract#DEFAULT_MUTANT_LIMIT} per puzzle. Run
 * with {@code ./mvnw -Pstress verify}; the fates are printed per puzzle.
 */
@Tag("stress")
class AllMutantsStressTest {

  @TestFactory
  Stream<DynamicTest> everyNonEquivalentMutantOfEveryReferenceIsKilled() {
    PuzzleCatalog catalog = PuzzleCatalog.load(List.of());
    return catalog.ordered().stream()
        .map(entry -> DynamicTest.dynamicTest("puzzle " + entry.id(), () -> analyse(entry)));
  }

  private static void analyse(CatalogEntry entry) throws Exception {
    Path work = Files.createTempDirectory("kata-all-mutants");
    try {
      MutationAnalysis.Report report = new MutationAnalysis().analyse(entry, work, r -> {});
      System.out.println("[kata mutation stress] " + report.summary());
      assertThat(report.stale()).as("stale declarations of equivalent mutants").isEmpty();
      assertThat(report.survivors())
          .as("mutants of the reference that passed every check")
          .extracting(r -> r.mutant().describe())
          .isEmpty();
    } finally {
      FileTrees.deleteQuietly(work);
    }
  }
}

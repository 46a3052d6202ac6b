package dev.kata.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.core.CatalogEntry;
import dev.kata.core.FileTrees;
import dev.kata.core.PuzzleCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * List every mutant of some puzzles' references and its fate, for authors hardening checks:
 *
 * <pre>
 * ./mvnw -q -B -pl kata-testkit -am verify -Dtest=MutantsReportTest -Dsurefire.failIfNoSpecifiedTests=false -Dkata.mutants=06,07
 * </pre>
 *
 * <p>{@code -Dkata.mutants=all} lists every puzzle's. Without the property it does nothing: the
 * gate in {@link PuzzleContract} is what the build runs.
 */
class MutantsReportTest {

  @Test
  void listMutantsAndTheirFates() throws Exception {
    PuzzleCatalog catalog = PuzzleCatalog.load(List.of());
    String wanted = System.getProperty("kata.mutants", "");
    Assumptions.assumeFalse(wanted.isBlank(), "no -Dkata.mutants=ID,ID... or =all given");
    List<CatalogEntry> entries =
        catalog.ordered().stream()
            .filter(e -> wanted.equals("all") || List.of(wanted.split(",")).contains(e.id()))
            .toList();
    assertThat(entries).as("puzzles named by -Dkata.mutants=" + wanted).isNotEmpty();
    Path work = Files.createTempDirectory("kata-mutants");
    try {
      for (CatalogEntry entry : entries) {
        MutationAnalysis.Report report =
            new MutationAnalysis()
                .analyse(
                    entry,
                    work,
                    r ->
                        System.out.println(
                            "  "
                                + r.fate().json()
                                + "\t"
                                + r.mutant().describe()
                                + (r.fate() == MutationAnalysis.Fate.KILLED
                                        || r.fate() == MutationAnalysis.Fate.SURVIVED
                                    ? ""
                                    : "  [" + r.detail() + "]")));
        System.out.println(report.summary());
        report.byOperator().forEach((op, fates) -> System.out.println("    " + op + " " + fates));
        report.stale().forEach(d -> System.out.println("  STALE declaration " + d));
      }
    } finally {
      FileTrees.deleteQuietly(work);
    }
  }
}

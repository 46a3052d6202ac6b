package dev.kata.cli;

import dev.kata.core.CatalogEntry;
import dev.kata.core.CheckSettings;
import dev.kata.core.Compilation;
import dev.kata.core.PuzzleCatalog;
import dev.kata.core.SolutionCompiler;
import dev.kata.testkit.Mutant;
import dev.kata.testkit.Mutator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * List the fates of the mutants of a puzzle's alternative correct solutions ({@code
 * alternatives/<id>/}), for authors hardening checks beyond the reference's own mutants:
 *
 * <pre>
 * ./mvnw -q -B -pl kata-cli -am verify -Dtest=FixtureMutantsReportTest -Dsurefire.failIfNoSpecifiedTests=false -DskipITs -Dkata.fixture.mutants=05
 * </pre>
 *
 * <p>A report, not a gate: a design unlike the reference has mutants that are equivalent for it and
 * not for the reference, and no one declares them. Read each survivor and judge.
 */
class FixtureMutantsReportTest {

  @TempDir Path work;

  @Test
  void listFixtureMutantsAndTheirFates() throws Exception {
    String id = System.getProperty("kata.fixture.mutants", "");
    Assumptions.assumeFalse(id.isBlank(), "no -Dkata.fixture.mutants=ID given");
    CatalogEntry entry = PuzzleCatalog.load(List.of()).find(id).orElseThrow();
    Path folder =
        Path.of(FixtureMutantsReportTest.class.getResource("/alternatives/" + id).toURI());
    String fileName = Path.of(entry.puzzle().solutionFile()).getFileName().toString();
    int total = 0;
    int killed = 0;
    try (Stream<Path> dirs = Files.list(folder)) {
      for (Path dir : dirs.sorted().toList()) {
        List<Mutant> mutants = new Mutator().mutate(Files.readString(dir.resolve(fileName)));
        System.out.println(dir.getFileName() + ": " + mutants.size() + " mutants");
        int i = 0;
        for (Mutant mutant : mutants) {
          Path out = work.resolve(dir.getFileName().toString()).resolve("m" + i++);
          Compilation compilation =
              new SolutionCompiler().compileSource(entry, mutant.source(), out);
          if (!(compilation instanceof Compilation.Compiled compiled)) {
            System.out.println("  uncompilable\t" + mutant.describe());
            continue;
          }
          EngineExecutionResults results =
              EngineTestKit.engine("junit-jupiter")
                  .selectors(
                      entry.puzzle().checks().stream()
                          .map(DiscoverySelectors::selectClass)
                          .toArray(DiscoverySelector[]::new))
                  .configurationParameters(
                      CheckSettings.forSolution(List.of(compiled.classes()), compiled.className()))
                  .execute();
          String failure =
              results.allEvents().failed().stream()
                  .findFirst()
                  .flatMap(e -> e.getPayload(TestExecutionResult.class))
                  .flatMap(TestExecutionResult::getThrowable)
                  .map(t -> String.valueOf(t.getMessage()).lines().findFirst().orElse(""))
                  .orElse(null);
          total++;
          killed += failure == null ? 0 : 1;
          System.out.println(
              "  "
                  + (failure == null ? "SURVIVED" : "killed")
                  + "\t"
                  + mutant.describe()
                  + (failure == null ? "" : "  [" + failure + "]"));
        }
      }
    }
    System.out.println(
        "fixtures of " + id + ": " + killed + " of " + total + " compilable mutants killed");
  }
}

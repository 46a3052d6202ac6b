package dev.kata.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.kata.core.CatalogEntry;
import dev.kata.core.CheckSettings;
import dev.kata.core.Compilation;
import dev.kata.core.FileTrees;
import dev.kata.core.PuzzleCatalog;
import dev.kata.core.SolutionCompiler;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Correct solutions designed unlike the reference pass every check: a check that only accepts the
 * reference's structure is a false verdict waiting for a learner. Each fixture is
 * {@code valid/pNN/<design>/<learner file>}, run through the puzzle's checks as a learner's file is.
 */
class ValidAlternativesTest {

  @TestFactory
  Stream<DynamicTest> everyValidAlternativePassesEveryCheck() throws IOException, URISyntaxException {
    Path root = Path.of(ValidAlternativesTest.class.getResource("/valid").toURI());
    PuzzleCatalog catalog = PuzzleCatalog.load(List.of());
    Path work = Files.createTempDirectory("kata-valid");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    assertThat(files).as("valid alternatives under " + root).isNotEmpty();
    return files.stream().map(file -> {
      Path relative = root.relativize(file);
      String id = relative.getName(0).toString().substring(1);
      String design = relative.getName(1).toString();
      return dynamicTest(id + " " + design, () -> {
        CatalogEntry entry = catalog.find(id).orElseThrow(() -> new AssertionError("no puzzle " + id));
        Compilation compilation = new SolutionCompiler().compileSource(entry, Files.readString(file),
            work.resolve(id).resolve(design));
        if (!(compilation instanceof Compilation.Compiled compiled)) {
          throw new AssertionError(design + " does not compile:\n" + ((Compilation.Failed) compilation).render());
        }
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
            .selectors(entry.puzzle().checks().stream().map(DiscoverySelectors::selectClass)
                .toArray(DiscoverySelector[]::new))
            .configurationParameters(CheckSettings.forSolution(List.of(compiled.classes()), compiled.className()))
            .execute();
        List<String> failed = results.allEvents().failed().stream()
            .map(e -> e.getTestDescriptor().getDisplayName() + ": " + e.getPayload(TestExecutionResult.class)
                .flatMap(TestExecutionResult::getThrowable).map(Throwable::getMessage).orElse(""))
            .toList();
        assertThat(failed).as("failed checks of the valid alternative " + design).isEmpty();
        assertThat(results.testEvents().succeeded().count()).as("checks passed by " + design).isPositive();
      });
    }).onClose(() -> FileTrees.deleteQuietly(work));
  }
}

package dev.kata.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.kata.api.check.PuzzleChecks;
import dev.kata.core.fixture.Job;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * The solution is given to parameters of the contract's type only, not to every interface a check
 * takes.
 */
class SolutionParameterTest {

  /** A helper a check takes beside the solution, supplied by the check's own resolver. */
  public interface Helper {
    int twice(int n);
  }

  /** Supplies {@link Helper}. */
  public static final class HelperResolver implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == Helper.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return (Helper) n -> 2 * n;
    }
  }

  /** Checks that take the solution and a helper. */
  @PuzzleChecks
  @ExtendWith(HelperResolver.class)
  public static class TakesAHelperTestCase {
    @Test
    void answersWithHelp(Job job, Helper helper) throws Exception {
      assertThat(helper.twice(job.answer())).isEqualTo(84);
    }
  }

  @TempDir Path work;

  @Test
  void aCheckTakingAHelperTypeGetsItFromItsOwnResolver() {
    // Before: SolutionResolver claimed Helper too (an interface outside java.*), and the check
    // failed with "class fixture.Solution must implement ...Helper".
    CatalogEntry fixture = PuzzleCatalog.load(List.of()).require("fixture");
    var compiled =
        (Compilation.Compiled)
            new SolutionCompiler().compileSource(fixture, fixture.puzzle().referenceSource(), work);
    var summary = new SummaryGeneratingListener();

    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(TakesAHelperTestCase.class))
                .configurationParameters(
                    CheckSettings.forSolution(
                        List.of(compiled.classes()), compiled.className(), Job.class))
                .build(),
            summary);

    assertThat(summary.getSummary().getFailures())
        .extracting(f -> f.getException().toString())
        .isEmpty();
    assertThat(summary.getSummary().getTestsSucceededCount()).isEqualTo(1);
  }
}

package dev.kata.testkit;

import dev.kata.core.CatalogEntry;
import dev.kata.core.KataException;
import dev.kata.core.MutationKit;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** The mutation analysis behind {@code kata dev mutants} and {@code kata dev check}. */
public final class TestkitMutationKit implements MutationKit {

  /** Create the kit; found through {@link java.util.ServiceLoader}. */
  public TestkitMutationKit() {}

  @Override
  public Analysis analyse(CatalogEntry entry, Path work, int limit, Consumer<MutantFate> progress) {
    MutationAnalysis.Report report;
    try {
      report = new MutationAnalysis().analyse(entry, work, limit, r -> progress.accept(fate(r)));
    } catch (IllegalArgumentException e) {
      throw new KataException("puzzle " + entry.id() + ": " + e.getMessage(), e);
    }
    List<MutantFate> fates = report.results().stream().map(TestkitMutationKit::fate).toList();
    return new Analysis(
        fates, report.generated(), report.stale().stream().map(Object::toString).toList());
  }

  private static MutantFate fate(MutationAnalysis.Result r) {
    return new MutantFate(
        r.mutant().operator(), r.mutant().line(), r.mutant().diff(), r.fate().json(), r.detail());
  }
}

package dev.kata.testkit;

import dev.kata.core.CatalogEntry;
import dev.kata.core.Compilation;
import dev.kata.core.SolutionCompiler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Measure a puzzle's checks against mutants of its reference: each mutant is compiled as a
 * learner's file would be and checked in this JVM with kata's extensions (time limit, thread
 * hygiene). A mutant is killed when a check fails, a timeout included; it survives when every check
 * passes.
 *
 * @since 0.1
 */
public final class MutationAnalysis {

  /** What became of one mutant. */
  public enum Fate {
    /** A check failed. */
    KILLED,
    /** Every check passed: a wrong solution the checks accept. */
    SURVIVED,
    /** Declared equivalent in the puzzle's folder, so not run. */
    EQUIVALENT,
    /** Does not compile, so no learner could hand it in; discarded. */
    UNCOMPILABLE;

    /** Get the lower-case name used in JSON. */
    public String json() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The fate of one mutant.
   *
   * @param mutant the mutant
   * @param fate what became of it
   * @param detail the check that killed it, the reason it is equivalent, or the first compile error
   */
  public record Result(Mutant mutant, Fate fate, String detail) {}

  /**
   * The fates of a puzzle's mutants.
   *
   * @param puzzleId the puzzle
   * @param results one per mutant analysed, in the mutator's order
   * @param generated how many mutants the mutator made (more than analysed when sampled)
   * @param stale declarations of equivalent mutants that match no mutant
   * @param elapsed the wall time of the analysis
   */
  public record Report(
      String puzzleId,
      List<Result> results,
      int generated,
      List<EquivalentMutants.Declaration> stale,
      Duration elapsed) {

    /** Get the mutants every check accepted. */
    public List<Result> survivors() {
      return results.stream().filter(r -> r.fate() == Fate.SURVIVED).toList();
    }

    /** Count the mutants with a fate. */
    public long count(Fate fate) {
      return results.stream().filter(r -> r.fate() == fate).count();
    }

    /** Get, per operator, the count of each fate. */
    public Map<String, Map<Fate, Long>> byOperator() {
      Map<String, Map<Fate, Long>> table = new LinkedHashMap<>();
      for (Result r : results) {
        table
            .computeIfAbsent(r.mutant().operator(), o -> new LinkedHashMap<>())
            .merge(r.fate(), 1L, Long::sum);
      }
      return table;
    }

    /**
     * Get the mutation score: killed over killed plus survived (1 when there is nothing to kill).
     */
    public double score() {
      long killed = count(Fate.KILLED);
      long total = killed + count(Fate.SURVIVED);
      return total == 0 ? 1.0 : (double) killed / total;
    }

    /** Summarise in one line: counts per fate and the score. */
    public String summary() {
      return String.format(
          Locale.ROOT,
          "puzzle %s: %d mutants%s: %d killed, %d survived, %d equivalent,"
              + " %d uncompilable; score %.0f%% in %.1f s",
          puzzleId,
          results.size(),
          generated == results.size() ? "" : " (a sample of " + generated + ")",
          count(Fate.KILLED),
          count(Fate.SURVIVED),
          count(Fate.EQUIVALENT),
          count(Fate.UNCOMPILABLE),
          100 * score(),
          elapsed.toMillis() / 1000.0);
    }
  }

  private final Mutator mutator;
  private final SolutionCompiler compiler = new SolutionCompiler();

  /** Create an analysis with every operator. */
  public MutationAnalysis() {
    this(new Mutator());
  }

  /**
   * Create an analysis with a given mutator.
   *
   * @param mutator the mutator
   */
  public MutationAnalysis(Mutator mutator) {
    this.mutator = mutator;
  }

  /**
   * Generate the mutants of a puzzle's reference.
   *
   * @param entry the puzzle
   */
  public List<Mutant> mutants(CatalogEntry entry) {
    return mutator.mutate(entry.puzzle().referenceSource());
  }

  /**
   * Analyse every mutant of a puzzle's reference.
   *
   * @param entry the puzzle
   * @param work a scratch folder of the caller's
   * @param progress told of each result as it is known
   */
  public Report analyse(CatalogEntry entry, Path work, Consumer<Result> progress) {
    return analyse(entry, work, Integer.MAX_VALUE, progress);
  }

  /**
   * Analyse a deterministic sample of a puzzle's mutants: at most {@code limit}, spread evenly over
   * the mutator's order (so every operator tends to be represented), the same on every run.
   *
   * @param entry the puzzle
   * @param work a scratch folder of the caller's
   * @param limit the most mutants to run
   * @param progress told of each result as it is known
   */
  public Report analyse(CatalogEntry entry, Path work, int limit, Consumer<Result> progress) {
    long start = System.nanoTime();
    List<EquivalentMutants.Declaration> declarations = EquivalentMutants.of(entry.puzzle());
    List<Mutant> all = mutants(entry);
    List<EquivalentMutants.Declaration> stale =
        declarations.stream().filter(d -> all.stream().noneMatch(d::matches)).toList();
    List<Mutant> chosen = sample(all, limit);
    List<Result> results = new ArrayList<>();
    for (int i = 0; i < chosen.size(); i++) {
      Mutant mutant = chosen.get(i);
      Result result =
          declarations.stream()
              .filter(d -> d.matches(mutant))
              .findFirst()
              .map(d -> new Result(mutant, Fate.EQUIVALENT, d.reason()))
              .orElseGet(
                  () ->
                      run(
                          entry,
                          mutant,
                          work.resolve(entry.id()).resolve("mutant-" + (results.size() + 1))));
      results.add(result);
      progress.accept(result);
    }
    return new Report(
        entry.id(), results, all.size(), stale, Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * Run the checks against one mutant again, as the analysis did.
   *
   * @param entry the puzzle
   * @param mutant a mutant of its reference
   * @param dir a scratch folder of the caller's
   * @return whether a check failed
   * @throws IllegalStateException if the mutant does not compile
   */
  public boolean rerun(CatalogEntry entry, Mutant mutant, Path dir) {
    Result result = run(entry, mutant, dir);
    if (result.fate() == Fate.UNCOMPILABLE) {
      throw new IllegalStateException("the mutant does not compile: " + result.detail());
    }
    return result.fate() == Fate.KILLED;
  }

  private Result run(CatalogEntry entry, Mutant mutant, Path dir) {
    Compilation compilation = compiler.compileSource(entry, mutant.source(), dir);
    if (!(compilation instanceof Compilation.Compiled compiled)) {
      var first = ((Compilation.Failed) compilation).errors().getFirst();
      String error =
          first.file().getFileName()
              + ":"
              + first.line()
              + ": "
              + first.message().lines().findFirst().orElse("");
      return new Result(mutant, Fate.UNCOMPILABLE, error);
    }
    InProcessChecks.Outcome outcome =
        InProcessChecks.judge(
            entry, compiled, mutant.source(), dir.resolveSibling(dir.getFileName() + "-isolated"));
    if (outcome.rejected()) {
      return new Result(mutant, Fate.KILLED, outcome.failures().getFirst());
    }
    if (outcome.started() == 0) {
      throw new IllegalStateException("no check of puzzle " + entry.id() + " ran against a mutant");
    }
    return new Result(mutant, Fate.SURVIVED, "every check passed");
  }

  /** Pick at most {@code limit} mutants evenly spread over the list, always the same ones. */
  static List<Mutant> sample(List<Mutant> all, int limit) {
    if (all.size() <= limit) {
      return all;
    }
    List<Mutant> chosen = new ArrayList<>();
    for (int i = 0; i < limit; i++) {
      chosen.add(all.get((int) ((long) i * all.size() / limit)));
    }
    return chosen;
  }
}

package dev.kata.core;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/**
 * The concurrency mutation analysis, as the CLI's {@code kata dev} commands use it. kata-testkit
 * implements it; the CLI finds it at run time through {@link ServiceLoader}, as it finds puzzles,
 * so the CLI grows no compile dependency on the authoring kit.
 */
public interface MutationKit {

  /**
   * The fate of one mutant of a reference.
   *
   * @param operator the mutation operator's id
   * @param line the mutated line of the reference
   * @param diff the change on one line
   * @param fate {@code killed}, {@code survived}, {@code equivalent} or {@code uncompilable}
   * @param detail the check that killed it, why it is equivalent, or the first compile error
   */
  record MutantFate(String operator, int line, String diff, String fate, String detail) {}

  /**
   * The fates of a reference's mutants.
   *
   * @param mutants the mutants analysed, in order
   * @param generated how many the mutator made (more than analysed when sampled)
   * @param stale declarations of equivalent mutants that match no mutant, each in one line
   */
  record Analysis(List<MutantFate> mutants, int generated, List<String> stale) {
    /** Count the mutants with a fate. */
    public long count(String fate) {
      return mutants.stream().filter(m -> m.fate().equals(fate)).count();
    }
  }

  /**
   * Analyse the mutants of a puzzle's reference, at most {@code limit} of them (a deterministic
   * sample when there are more).
   *
   * @param entry the puzzle
   * @param work a scratch folder of the caller's
   * @param limit the most mutants to run
   * @param progress told of each mutant's fate as it is known
   * @throws KataException when the puzzle's declarations of equivalent mutants are malformed
   */
  Analysis analyse(CatalogEntry entry, Path work, int limit, Consumer<MutantFate> progress);

  /** Find the implementation on the class path, if the authoring kit is there. */
  static Optional<MutationKit> find() {
    return ServiceLoader.load(MutationKit.class, MutationKit.class.getClassLoader()).findFirst();
  }
}

package dev.kata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.core.PuzzleCatalog;
import dev.kata.testkit.PuzzleContract;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The built-in puzzles meet the same contract a third-party author's puzzles do, through the same
 * code ({@link PuzzleContract} of kata-testkit), as rustlings' {@code dev check} does for its
 * exercises and more: valid metadata, non-empty hints, a starter that compiles and fails, a
 * reference that passes, and every known-wrong solution rejected.
 *
 * <p>The puzzles are split in {@value #PARTS} test classes, this one and {@code
 * PuzzleContractPart2Test} and so on, so that the build's test JVMs check several at the same time,
 * and small parts even out between them.
 */
class PuzzleContractTest {

  /** How many classes the contract is split into. */
  static final int PARTS = 4;

  @Test
  void theCatalogHasTheBuiltInPuzzlesAndNoProblems() {
    PuzzleCatalog catalog = PuzzleCatalog.load(List.of());
    assertThat(catalog.problems()).isEmpty();
    // Derived, not listed: adding puzzle NN touches its own folder only. Each built-in lives in
    // package pNN.
    assertThat(catalog.ordered())
        .isNotEmpty()
        .allSatisfy(
            entry ->
                assertThat(entry.puzzle().getClass().getPackageName())
                    .as("package of built-in puzzle " + entry.id())
                    .isEqualTo("dev.kata.puzzles.p" + entry.id()));
  }

  @TestFactory
  Stream<DynamicNode> everyPuzzleMeetsTheContract() {
    return PuzzleContract.forEveryPuzzle(1, PARTS);
  }
}

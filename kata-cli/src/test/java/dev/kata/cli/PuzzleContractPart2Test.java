package dev.kata.cli;

import dev.kata.testkit.PuzzleContract;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Part 2 of {@link PuzzleContractTest}: a class of its own, so that another test JVM can run it.
 */
class PuzzleContractPart2Test {

  @TestFactory
  Stream<DynamicNode> everyPuzzleMeetsTheContract() {
    return PuzzleContract.forEveryPuzzle(2, PuzzleContractTest.PARTS);
  }
}

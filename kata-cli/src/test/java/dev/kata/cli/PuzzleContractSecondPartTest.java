package dev.kata.cli;

import dev.kata.testkit.PuzzleContract;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/** The other part of {@link PuzzleContractTest}: a class of its own, so that a second test JVM runs it. */
class PuzzleContractSecondPartTest {

  @TestFactory
  Stream<DynamicNode> everyPuzzleMeetsTheContract() {
    return PuzzleContract.forEveryPuzzle(2, 2);
  }
}

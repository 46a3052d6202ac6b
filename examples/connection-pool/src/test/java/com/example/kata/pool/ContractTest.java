package com.example.kata.pool;

import dev.kata.testkit.PuzzleContract;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * The contract kata's built-in puzzles pass: the starter fails, the reference passes, every wrong
 * one fails.
 */
class ContractTest {

  @TestFactory
  Stream<DynamicNode> meetsTheKataContract() {
    return PuzzleContract.forPuzzles(BlockingConnectionPool.class);
  }
}

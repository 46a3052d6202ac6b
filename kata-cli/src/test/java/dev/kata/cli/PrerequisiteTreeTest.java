package dev.kata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.cli.PrerequisiteTree.Node;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrerequisiteTreeTest {

  private static Node node(String id, String... prerequisites) {
    return new Node(id, List.of(prerequisites));
  }

  /** The built-in course graph, in course order, plus a plugin puzzle that needs 07. */
  private static final List<Node> COURSE =
      List.of(
          node("01"),
          node("02", "01"),
          node("03", "02"),
          node("04", "02", "03"),
          node("05", "04"),
          node("06", "05"),
          node("07", "05"),
          node("09", "05"),
          node("acme.after07", "07"),
          node("08", "06", "07", "09"),
          node("10", "08"),
          node("11", "10"),
          node("12", "10"),
          node("13", "10"),
          node("14", "11"),
          node("15", "14"),
          node("16", "14"),
          node("17", "16"),
          node("18", "17"),
          node("19", "18"),
          node("20", "19"));

  @Test
  void drawsEachPuzzleOnceUnderItsDeepestPrerequisiteWithBranchesForSiblings() {
    String drawn = PrerequisiteTree.render(COURSE, true, Node::id);

    assertThat(drawn)
        .isEqualTo(
            """
            01
            └─ 02
               └─ 03
                  └─ 04
                     └─ 05
                        ├─ 06
                        ├─ 07
                        │  └─ acme.after07
                        └─ 09
                           └─ 08
                              └─ 10
                                 ├─ 11
                                 │  └─ 14
                                 │     ├─ 15
                                 │     └─ 16
                                 │        └─ 17
                                 │           └─ 18
                                 │              └─ 19
                                 │                 └─ 20
                                 ├─ 12
                                 └─ 13
            """);
  }

  @Test
  void aPuzzleNeedingAnEarlierSiblingIsDrawnUnderThatSiblingNotUnderTheLastOne() {
    // The old map drew a plugin needing 07 below 09's line, as if it needed 09.
    String drawn =
        PrerequisiteTree.render(
            List.of(node("06"), node("07", "06"), node("09", "06"), node("x", "07")),
            false,
            Node::id);

    assertThat(drawn)
        .isEqualTo(
            """
            06
            +- 07
            |  `- x
            `- 09
            """);
  }

  @Test
  void unknownPrerequisitesAndSeveralRootsAreDrawnAsRoots() {
    String drawn =
        PrerequisiteTree.render(
            List.of(node("a"), node("b", "missing"), node("c", "a", "b")), false, Node::id);

    // c's prerequisites a and b are both at depth 0; the later one in course order wins.
    assertThat(drawn)
        .isEqualTo(
            """
            a
            b
            `- c
            """);
  }
}

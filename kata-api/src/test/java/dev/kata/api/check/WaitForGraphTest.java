package dev.kata.api.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WaitForGraphTest {

  private static List<String> waiters(List<WaitForGraph.Wait<String>> cycle) {
    return cycle.stream().map(WaitForGraph.Wait::waiter).toList();
  }

  @Test
  void aChainThatEndsInARunningThreadIsNoCycle() {
    WaitForGraph<String> graph = new WaitForGraph<String>().add("a", "L1", "b").add("b", "L2", "c");

    assertThat(graph.cycles()).isEmpty();
    assertThat(graph.cycleThrough("a")).isEmpty();
  }

  @Test
  void twoThreadsWaitingForEachOthersLockAreOneCycleFoundOnce() {
    WaitForGraph<String> graph =
        new WaitForGraph<String>().add("b", "L1", "a").add("a", "L2", "b").add("c", "L2", "b");

    List<List<WaitForGraph.Wait<String>>> cycles = graph.cycles();

    assertThat(cycles).hasSize(1);
    // Starts at the thread added first; each owner is the next waiter.
    assertThat(waiters(cycles.getFirst())).containsExactly("b", "a");
    assertThat(cycles.getFirst().get(0).owner()).isEqualTo("a");
    assertThat(cycles.getFirst().get(1).owner()).isEqualTo("b");
    // A thread waiting on the cycle from outside is not part of it.
    assertThat(graph.cycleThrough("c")).isEmpty();
    assertThat(graph.cycleThrough("a").map(WaitForGraphTest::waiters)).contains(List.of("a", "b"));
  }

  @Test
  void separateCyclesAreEachFoundAndAThreadWaitingForItselfIsOne() {
    WaitForGraph<String> graph =
        new WaitForGraph<String>()
            .add("a", "L2", "b")
            .add("b", "L3", "c")
            .add("c", "L1", "a")
            .add("x", "M", "x")
            .add("y", "L9", "z");

    assertThat(graph.cycles().stream().map(WaitForGraphTest::waiters))
        .containsExactly(List.of("a", "b", "c"), List.of("x"));
  }

  @Test
  void aLaterWaitOfTheSameThreadReplacesTheEarlierOne() {
    WaitForGraph<String> graph =
        new WaitForGraph<String>().add("a", "L2", "b").add("b", "L1", "a").add("b", "L3", "c");

    assertThat(graph.cycles()).isEmpty();
  }

  @Test
  void aCycleIsDescribedAsWhatEachThreadHoldsAndWaitsForWithItsLine() {
    WaitForGraph<String> graph =
        new WaitForGraph<String>().add("t1", "Account 2", "t2").add("t2", "Account 1", "t1");

    String text =
        WaitForGraph.describe(
            graph.cycles().getFirst(),
            t -> "thread \"" + t + "\"",
            t -> t.equals("t1") ? "Bank.transfer(Bank.java:31)" : "");

    assertThat(text.lines())
        .containsExactly(
            "lock cycle (deadlock):",
            "  thread \"t1\" holds Account 1 and waits for Account 2, held by thread \"t2\"",
            "    at Bank.transfer(Bank.java:31)",
            "  thread \"t2\" holds Account 2 and waits for Account 1, held by thread \"t1\"");
  }
}

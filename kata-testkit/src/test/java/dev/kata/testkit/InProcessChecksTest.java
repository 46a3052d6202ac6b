package dev.kata.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.core.CatalogEntry;
import dev.kata.core.Compilation;
import dev.kata.core.FileTrees;
import dev.kata.core.PuzzleCatalog;
import dev.kata.core.SolutionCompiler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A check that cannot judge in the build's JVM skips itself, and the solution is then judged in a
 * check JVM of its own: a skipped check never counts as a pass, and never as a failure.
 *
 * <p>Puzzle 07 explores the interleavings of a buffer of the learner's own class, and Lincheck
 * explores only the first class of a name in a JVM. Every solution here makes its buffer as an
 * anonymous subclass of {@code ArrayBlockingQueue}, {@code BoundedConveyor$1}: the second one met
 * in this JVM cannot be explored in it.
 */
class InProcessChecksTest {

  private static final String JDK_QUEUE = "return new ArrayBlockingQueue<>(capacity);";

  /** An own buffer that is correct: every method is the JDK queue's own. */
  private static final String OWN_CORRECT = "return new ArrayBlockingQueue<>(capacity) {};";

  /**
   * An own buffer with a check-then-act race: two offers made at once may both see room, and the
   * second then waits for room that never comes, instead of returning false.
   */
  private static final String OWN_RACY =
      """
      return new ArrayBlockingQueue<>(capacity) {
            @Override
            public boolean offer(T item) {
              if (remainingCapacity() == 0) {
                return false;
              }
              try {
                put(item);
                return true;
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
              }
            }
          };\
      """;

  @Test
  void aSolutionWhoseCheckWasSkippedHereIsJudgedInACheckJvm() throws Exception {
    CatalogEntry entry = PuzzleCatalog.load(List.of()).require("07");
    String reference = entry.puzzle().referenceSource();
    assertThat(reference).contains(JDK_QUEUE);
    Path work = Files.createTempDirectory("kata-judge");
    try {
      InProcessChecks.Outcome first =
          judge(entry, reference.replace(JDK_QUEUE, OWN_CORRECT), work.resolve("first"));
      assertThat(first.failures()).as("failed checks of a correct own buffer").isEmpty();

      InProcessChecks.Outcome second =
          judge(entry, reference.replace(JDK_QUEUE, OWN_CORRECT), work.resolve("second"));
      assertThat(second.isolated())
          .as("a second class of the name, which cannot be explored here, judged in a check JVM")
          .isTrue();
      assertThat(second.failures())
          .as("failed checks of a correct own buffer, in a check JVM")
          .isEmpty();
      assertThat(second.started()).as("checks run in the check JVM").isPositive();

      InProcessChecks.Outcome racy =
          judge(entry, reference.replace(JDK_QUEUE, OWN_RACY), work.resolve("racy"));
      assertThat(racy.rejected())
          .as("an own buffer with a check-then-act race, judged after its name was taken: %s", racy)
          .isTrue();
    } finally {
      FileTrees.deleteQuietly(work);
    }
  }

  private static InProcessChecks.Outcome judge(CatalogEntry entry, String source, Path dir) {
    Compilation compilation = new SolutionCompiler().compileSource(entry, source, dir);
    assertThat(compilation).isInstanceOf(Compilation.Compiled.class);
    return InProcessChecks.judge(
        entry, (Compilation.Compiled) compilation, source, dir.resolveSibling(dir + "-isolated"));
  }
}

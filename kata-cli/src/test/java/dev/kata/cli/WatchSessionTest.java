package dev.kata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.core.CatalogEntry;
import dev.kata.core.PuzzleCatalog;
import dev.kata.core.Workspace;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives a watch session as a learner would in line mode: keys typed on standard input, a file
 * saved in an editor. Waits are for output to appear, bounded, never sleeps.
 */
class WatchSessionTest {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @TempDir
  Path root;

  private final StringWriter screen = new StringWriter();

  @Test
  void rechecksOnSaveOffersTheNextPuzzleAndFollowsKeys() throws Exception {
    PuzzleCatalog catalog = PuzzleCatalog.load(List.of());
    List<CatalogEntry> course = catalog.ordered();
    Workspace workspace = Workspace.at(root);
    workspace.createMissingStarters(course);
    PipedWriter keyboard = new PipedWriter();
    PipedReader keys = new PipedReader(keyboard);
    WatchSession session = new WatchSession(course, workspace, new PrintWriter(screen, true), keys, false);
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
      try {
        return session.run(course.get(0));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });

    awaitScreen("failed:", 1);
    awaitScreen("[n]ext [h]int [l]ist [r]e-run [s]olution [q]uit", 1); // the prompt follows the verdict
    assertThat(screen.toString()).contains("Watching 01 Event loop basics");
    type(keyboard, "s\n");
    awaitScreen("the reference is shown once your file passes (kata solution --puzzle 01 --force shows it now)", 1);
    assertThat(screen.toString()).doesNotContain(course.get(0).puzzle().referenceSource().strip());

    Files.writeString(workspace.fileOf(course.get(0)), course.get(0).puzzle().referenceSource());
    awaitScreen("Passed! Press n for the next puzzle: 02 Sequential vs concurrent, or s to compare with the reference.",
        1);
    assertThat(screen.toString()).doesNotContain("Watching 02"); // never advances by itself
    type(keyboard, "s\n");
    awaitScreen("01 Event loop basics \u00b7 reference solution", 1);
    awaitScreen("What differs from yours: kata solution --puzzle 01 --diff", 1);
    assertThat(screen.toString()).contains(course.get(0).puzzle().referenceSource().strip());

    type(keyboard, "h\n");
    awaitScreen("Hint 1/3", 1);
    type(keyboard, "h\n");
    awaitScreen("Hint 2/3", 1);
    type(keyboard, "l\n");
    awaitScreen("> 01 Event loop basics  passed", 1);
    type(keyboard, "n\n");
    awaitScreen("Watching 02 Sequential vs concurrent", 1);
    awaitScreen("failed:", 2);
    type(keyboard, "q\n");

    assertThat(exit.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isZero();
    assertThat(workspace.progress().passed("01")).isTrue();
  }

  private static void type(PipedWriter keyboard, String keys) throws Exception {
    keyboard.write(keys);
    keyboard.flush();
  }

  /** Wait until {@code text} appears on the screen at least {@code times} times. */
  private void awaitScreen(String text, int times) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      String now = screen.toString();
      int count = 0;
      for (int at = now.indexOf(text); at >= 0; at = now.indexOf(text, at + 1)) {
        count++;
      }
      if (count >= times) {
        return;
      }
      Thread.sleep(20); // polling the screen for a condition, not asserting after a sleep
    }
    throw new AssertionError("waited " + PATIENCE.toSeconds() + " s for \"" + text + "\" x" + times + "; screen:\n" + screen);
  }
}

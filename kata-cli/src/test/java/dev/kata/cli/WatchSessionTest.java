package dev.kata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.core.CatalogEntry;
import dev.kata.core.FileTrees;
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
  private static final String PROMPT = "[n]ext [h]int [l]ist [r]e-run [s]olution [q]uit";

  @TempDir Path root;

  private final StringWriter screen = new StringWriter();

  @Test
  void rechecksOnSaveOffersTheNextPuzzleAndFollowsKeys() throws Exception {
    PuzzleCatalog catalog = PuzzleCatalog.load(List.of());
    List<CatalogEntry> course = catalog.ordered();
    Workspace workspace = Workspace.at(root);
    workspace.createMissingStarters(course);
    PipedWriter keyboard = new PipedWriter();
    PipedReader keys = new PipedReader(keyboard);
    WatchSession session =
        new WatchSession(course, workspace, new PrintWriter(screen, true), keys, false);
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return session.run(course.get(0));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });

    awaitScreen("failed:", 1);
    // the prompt follows the verdict
    awaitScreen("[n]ext [h]int [l]ist [r]e-run [s]olution [q]uit", 1);
    assertThat(screen.toString()).contains("Watching 01 Event loop basics");
    type(keyboard, "s\n");
    awaitScreen(
        "the reference is shown once your file passes (kata solution --puzzle 01 --force shows it"
            + " now)",
        1);
    assertThat(screen.toString()).doesNotContain(course.get(0).puzzle().referenceSource().strip());

    Files.writeString(workspace.fileOf(course.get(0)), course.get(0).puzzle().referenceSource());
    awaitScreen(
        "Passed! Press n for the next puzzle: 02 Sequential vs concurrent, or s to compare with the"
            + " reference.",
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

  @Test
  void arrowKeysAreIgnoredAndEveryVerdictIsFollowedByOnePrompt() throws Exception {
    Started started = start(false);
    awaitScreen("failed:", 1);
    type(started.keyboard(), "\u001b[A\u001bOP\n"); // arrow up, F1: terminal escape sequences
    type(started.keyboard(), "r\n");
    awaitScreen("failed:", 2);
    type(started.keyboard(), "x\n");
    awaitScreen("unknown key 'x': n h l r s q", 1);
    type(started.keyboard(), "\u0007\n");
    awaitScreen("unknown key U+0007: n h l r s q", 1);
    type(started.keyboard(), "h\n");
    awaitScreen("Hint 1/3", 1);
    type(started.keyboard(), "q\n");

    assertThat(started.exit().get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isZero();
    // the first check, r's check, two unknown keys, the hint: one prompt each, none twice
    assertThat(count(screen.toString(), PROMPT)).as("prompts on:\n" + screen).isEqualTo(5);
    assertThat(count(screen.toString(), "unknown key"))
        .as("unknown keys on:\n" + screen)
        .isEqualTo(2);
    assertThat(screen.toString()).doesNotContain("\u001b[A").doesNotContain("\u0007");
  }

  @Test
  void aFolderDeletedAndMadeAgainIsStillWatched() throws Exception {
    Started started = start(false);
    Path file = started.workspace().fileOf(started.course().get(0));
    awaitScreen("failed:", 1);
    FileTrees.deleteQuietly(file.getParent());
    awaitScreen(file + " is gone", 1);
    Files.createDirectories(file.getParent());
    Files.writeString(file, started.course().get(0).puzzle().referenceSource());
    awaitScreen("Passed!", 1);
    awaitScreen(PROMPT, 3); // first check, the note, the pass
    // a later save in the new folder is seen too, by the watch registered again or by the poller
    Files.writeString(file, started.course().get(0).puzzle().starterSource());
    awaitScreen("failed:", 2);
    type(started.keyboard(), "q\n");
    assertThat(started.exit().get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isZero();
  }

  @Test
  void pollingAloneSeesASave() throws Exception {
    Started started = start(true);
    awaitScreen("failed:", 1);
    awaitScreen(PROMPT, 1);
    Files.writeString(
        started.workspace().fileOf(started.course().get(0)),
        started.course().get(0).puzzle().referenceSource());
    awaitScreen("Passed!", 1);
    type(started.keyboard(), "q\n");
    assertThat(started.exit().get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isZero();
    assertThat(count(screen.toString(), "checking...")).as("checks on:\n" + screen).isEqualTo(2);
  }

  private record Started(
      List<CatalogEntry> course,
      Workspace workspace,
      PipedWriter keyboard,
      CompletableFuture<Integer> exit) {}

  private Started start(boolean pollOnly) throws Exception {
    List<CatalogEntry> course = PuzzleCatalog.load(List.of()).ordered();
    Workspace workspace = Workspace.at(root);
    workspace.createMissingStarters(course);
    PipedWriter keyboard = new PipedWriter();
    PipedReader keys = new PipedReader(keyboard);
    WatchSession session =
        new WatchSession(course, workspace, new PrintWriter(screen, true), keys, false, pollOnly);
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return session.run(course.get(0));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    return new Started(course, workspace, keyboard, exit);
  }

  private static int count(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      count++;
    }
    return count;
  }

  private static void type(PipedWriter keyboard, String keys) throws Exception {
    keyboard.write(keys);
    keyboard.flush();
  }

  /** Wait until {@code text} appears on the screen at least {@code times} times. */
  private void awaitScreen(String text, int times) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      if (count(screen.toString(), text) >= times) {
        return;
      }
      Thread.sleep(20); // polling the screen for a condition, not asserting after a sleep
    }
    throw new AssertionError(
        "waited "
            + PATIENCE.toSeconds()
            + " s for \""
            + text
            + "\" x"
            + times
            + "; screen:\n"
            + screen);
  }
}

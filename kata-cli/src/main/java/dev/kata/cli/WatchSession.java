package dev.kata.cli;

import dev.kata.api.Hints;
import dev.kata.core.CatalogEntry;
import dev.kata.core.IsolatedRunner;
import dev.kata.core.SolutionChecker;
import dev.kata.core.Timing;
import dev.kata.core.Workspace;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The watch loop: check the current puzzle, then again on every save of its file (debounced), and
 * on a key: n next, h hint (the next level each press), l list, r re-run, s the reference solution
 * (once the file has passed), q quit. It offers the next
 * puzzle once the current one passes, but never moves on by itself.
 *
 * <p>Two threads feed one queue: a file watcher and a key reader. Checks run on the loop's thread
 * through the isolated runner, so a hung or deadlocked solution is stopped by its time limit and the
 * loop carries on.
 */
final class WatchSession {

  // Quiet time after a save before checking. Editors write a small file in one go or rename a
  // finished temporary file, so 30 ms is plenty; a write still under way when the file is read
  // only costs a second check, as its last event arrives after the first.
  private static final long DEBOUNCE_MILLIS = 30;

  /** Something the loop reacts to: a saved file, or a key. */
  private record Event(Path changed, char key) {}

  private final List<CatalogEntry> course;
  private final Workspace workspace;
  private final PrintWriter out;
  private final Reader keys;
  private final boolean singleKeys;
  private final SolutionChecker checker;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private CatalogEntry current;
  private int hintLevel;

  WatchSession(List<CatalogEntry> course, Workspace workspace, PrintWriter out, Reader keys, boolean singleKeys) {
    this.course = course;
    this.workspace = workspace;
    this.out = out;
    this.keys = keys;
    this.singleKeys = singleKeys;
    this.checker = new SolutionChecker(new IsolatedRunner(), workspace.compileCache());
  }

  /** Run until q; return the exit code. */
  int run(CatalogEntry start) throws IOException, InterruptedException {
    try (WatchService watcher = FileSystems.getDefault().newWatchService()) {
      for (CatalogEntry entry : course) {
        workspace.fileOf(entry).getParent().register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
            StandardWatchEventKinds.ENTRY_MODIFY);
      }
      Thread.ofPlatform().name("kata-watch-files").daemon(true).start(() -> watchFiles(watcher));
      Thread.ofPlatform().name("kata-watch-keys").daemon(true).start(this::readKeys);
      open(start);
      while (true) {
        Event event = events.take();
        if (event.changed() != null) {
          if (event.changed().equals(workspace.fileOf(current))) {
            long saved = System.nanoTime();
            debounce();
            Timing.phase("debounce", saved);
            check();
            Timing.phase("save to verdict", saved);
          }
        } else if (!onKey(Character.toLowerCase(event.key()))) {
          checker.cancelSpare();
          out.println("bye");
          out.flush();
          return 0;
        }
      }
    }
  }

  private boolean onKey(char key) {
    switch (key) {
      case 'q' -> {
        return false;
      }
      case 'r' -> check();
      case 'n' -> {
        int at = course.indexOf(current);
        if (at + 1 < course.size()) {
          open(course.get(at + 1));
        } else {
          out.println("that was the last puzzle");
        }
      }
      case 'h' -> {
        hintLevel = hintLevel % Hints.LEVELS + 1;
        out.println("Hint " + hintLevel + "/" + Hints.LEVELS + ": " + Style.escape(current.puzzle().hints().level(hintLevel)));
      }
      case 's' -> showSolution();
      case 'l' -> {
        CourseState state = new CourseState(course, workspace.progress());
        out.println(Style.bold("Progress: ") + state.progressBar());
        for (CatalogEntry entry : course) {
          out.println((entry == current ? "> " : "  ") + entry.id() + " " + entry.info().title() + "  "
              + state.status(entry).name().toLowerCase(java.util.Locale.ROOT));
        }
      }
      case '\n', '\r', ' ' -> {
        return true;
      }
      default -> out.println("unknown key '" + key + "'");
    }
    prompt();
    return true;
  }

  /** The reference, once the learner's file has passed: to compare with, never to copy from first. */
  private void showSolution() {
    if (!workspace.progress().everPassed(current.id())) {
      out.println("the reference is shown once your file passes (kata solution --puzzle " + current.id()
          + " --force shows it now)");
      return;
    }
    out.println(Style.bold(current.id() + " " + current.info().title()) + Style.faint(" \u00b7 reference solution"));
    out.println(current.puzzle().referenceSource().stripTrailing());
    out.println(Style.faint("What differs from yours: kata solution --puzzle " + current.id() + " --diff"));
  }

  private void open(CatalogEntry entry) {
    current = entry;
    hintLevel = 0;
    out.println();
    out.println(Style.bold("Watching " + entry.id() + " " + entry.info().title()) + " \u00b7 "
        + Style.link(workspace.fileOf(entry)));
    out.println(Style.escape(entry.info().objective()));
    check();
  }

  private void check() {
    out.println(Style.faint("checking..."));
    out.flush();
    try {
      long checkStart = System.nanoTime();
      CatalogEntry entry = current;
      MistakeReport mistakes = MistakeReport.start(entry, () -> Files.readString(workspace.fileOf(entry)));
      CheckedSubject checked = CheckedSubject.learnersFile(checker, workspace, current);
      Timing.phase("check", checkStart);
      ResultPrinter.print(out, current, checked.label(), checked.result());
      mistakes.print(out, checked.result());
      long prewarmStart = System.nanoTime();
      if (checked.result().passed()) {
        int at = course.indexOf(current);
        out.println(at + 1 < course.size()
            ? Style.markup("@|bold,green Passed!|@") + " Press n for the next puzzle: " + course.get(at + 1).id() + " "
                + course.get(at + 1).info().title() + ", or s to compare with the reference."
            : Style.markup("@|bold,green Passed!|@") + " That was the last puzzle. Press s to compare with the"
                + " reference.");
      }
      // Have the next check's JVM started and warm before the learner saves again.
      checker.prewarm(current, workspace.buildDir(current));
      Timing.phase("prewarm", prewarmStart);
    } catch (RuntimeException e) {
      out.println(Style.warning("kata: " + e.getMessage()));
    }
    prompt();
  }

  private void prompt() {
    out.println(Style.faint("saving the file re-checks it   [n]ext [h]int [l]ist [r]e-run [s]olution [q]uit"
        + (singleKeys ? "" : " (then Enter)")));
    out.flush();
  }

  /** Swallow the burst of events one save makes (editors write, rename, touch). */
  private void debounce() throws InterruptedException {
    while (true) {
      Event next = events.poll(DEBOUNCE_MILLIS, TimeUnit.MILLISECONDS);
      if (next == null) {
        return;
      }
      if (next.changed() == null) {
        events.put(next); // a key: keep it for after the check
        return;
      }
    }
  }

  private void watchFiles(WatchService watcher) {
    try {
      while (true) {
        WatchKey key = watcher.take();
        Path folder = (Path) key.watchable();
        for (WatchEvent<?> event : key.pollEvents()) {
          if (event.context() instanceof Path name) {
            events.put(new Event(folder.resolve(name), '\0'));
          }
        }
        key.reset();
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // the session is over
    }
  }

  private void readKeys() {
    try {
      int c;
      while ((c = keys.read()) >= 0) {
        if (singleKeys || (c != '\n' && c != '\r')) {
          events.put(new Event(null, (char) c));
        }
      }
    } catch (IOException | InterruptedException e) {
      // no more keys; files are still watched, Ctrl-C quits
    }
  }
}

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
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The watch loop: check the current puzzle, then again on every save of its file (debounced), and
 * on a key: n next, h hint (the next level each press), l list, r re-run, s the reference solution
 * (once the file has passed), q quit. It offers the next puzzle once the current one passes, but
 * never moves on by itself.
 *
 * <p>Three threads feed one queue: a file watcher (the file system's change events), a poller that
 * looks at the current file's size and time stamp every {@value #POLL_MILLIS} ms, and a key reader.
 * The poller is the fallback for file systems that send no events (network drives, WSL2 on Windows
 * paths), for a folder deleted and made again (its watch is gone; the poller registers it again),
 * and, with {@code --poll}, the only source. A save both sources see is checked once: a change
 * whose size and time stamp match the last check's is not checked again. Checks run on the loop's
 * thread through the isolated runner, so a hung or deadlocked solution is stopped by its time limit
 * and the loop carries on.
 */
final class WatchSession {

  // Quiet time after a save before checking. Editors write a small file in one go or rename a
  // finished temporary file, so 30 ms is plenty; a write still under way when the file is read
  // only costs a second check, as its last event arrives after the first.
  private static final long DEBOUNCE_MILLIS = 30;

  // How often the poller looks at the current file: a stat call, so cheap; it bounds the latency of
  // a save only where the file system sends no change events.
  static final long POLL_MILLIS = 250;

  private static final char ESC = 27;

  /**
   * Something the loop reacts to: a saved file (seen by the poller or by the watcher), a key, or a
   * note.
   */
  private record Event(Path changed, boolean polled, char key, String note) {
    static Event watched(Path changed) {
      return new Event(changed, false, '\0', null);
    }

    static Event polled(Path changed) {
      return new Event(changed, true, '\0', null);
    }

    static Event key(char key) {
      return new Event(null, false, key, null);
    }

    static Event note(String note) {
      return new Event(null, false, '\0', note);
    }
  }

  /** What a save changes: a file's size and time stamp, or its absence. */
  private record Stamp(long size, FileTime modified) {
    static final Stamp MISSING = new Stamp(-1, FileTime.fromMillis(0));

    static Stamp of(Path file) {
      try {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return new Stamp(attributes.size(), attributes.lastModifiedTime());
      } catch (IOException e) {
        return MISSING;
      }
    }
  }

  private final List<CatalogEntry> course;
  private final Workspace workspace;
  private final PrintWriter out;
  private final Reader keys;
  private final boolean singleKeys;
  private final boolean pollOnly;
  private final SolutionChecker checker;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  // Folders whose watch the file system cancelled (deleted, unmounted): the poller registers them
  // again once they exist.
  private final Set<Path> lostFolders = ConcurrentHashMap.newKeySet();
  private volatile CatalogEntry current;
  private int hintLevel;
  private Stamp lastChecked = Stamp.MISSING;
  private boolean toldAboutPolling;

  WatchSession(
      List<CatalogEntry> course,
      Workspace workspace,
      PrintWriter out,
      Reader keys,
      boolean singleKeys) {
    this(course, workspace, out, keys, singleKeys, false);
  }

  /**
   * @param pollOnly whether to watch by polling alone ({@code --poll}), for file systems whose
   *     change events are wrong rather than missing
   */
  WatchSession(
      List<CatalogEntry> course,
      Workspace workspace,
      PrintWriter out,
      Reader keys,
      boolean singleKeys,
      boolean pollOnly) {
    this.course = course;
    this.workspace = workspace;
    this.out = out;
    this.keys = keys;
    this.singleKeys = singleKeys;
    this.pollOnly = pollOnly;
    this.checker = new SolutionChecker(new IsolatedRunner(), workspace.compileCache());
  }

  /** Run until q; return the exit code. */
  int run(CatalogEntry start) throws IOException, InterruptedException {
    try (WatchService watcher = FileSystems.getDefault().newWatchService()) {
      if (!pollOnly) {
        for (CatalogEntry entry : course) {
          register(watcher, workspace.fileOf(entry).getParent());
        }
        Thread.ofPlatform().name("kata-watch-files").daemon(true).start(() -> watchFiles(watcher));
      }
      current = start;
      Thread poller =
          Thread.ofPlatform().name("kata-watch-poll").daemon(true).start(() -> poll(watcher));
      Thread.ofPlatform().name("kata-watch-keys").daemon(true).start(this::readKeys);
      try {
        open(start);
        while (true) {
          Event event = events.take();
          if (event.note() != null) {
            out.println(Style.warning(event.note()));
            prompt();
          } else if (event.changed() != null) {
            if (event.changed().equals(workspace.fileOf(current))) {
              onSave(event.polled());
            }
          } else if (!onKey(Character.toLowerCase(event.key()))) {
            checker.cancelSpare();
            out.println("bye");
            out.flush();
            return 0;
          }
        }
      } finally {
        poller.interrupt();
      }
    }
  }

  private void onSave(boolean polled) throws InterruptedException {
    long saved = System.nanoTime();
    boolean seenByWatcher = debounce() || !polled;
    Timing.phase("debounce", saved);
    if (Stamp.of(workspace.fileOf(current)).equals(lastChecked)) {
      return; // the other source's report of a save already checked
    }
    if (!seenByWatcher && !pollOnly && !toldAboutPolling && lostFolders.isEmpty()) {
      toldAboutPolling = true;
      out.println(
          Style.faint(
              "(no change event came from the file system for this save; kata looks at the"
                  + " file every "
                  + POLL_MILLIS
                  + " ms instead. kata watch --poll does only that.)"));
    }
    check();
    Timing.phase("save to verdict", saved);
  }

  private boolean onKey(char key) {
    switch (key) {
      case 'q' -> {
        return false;
      }
      case 'r' -> {
        check(); // prompts after its verdict
        return true;
      }
      case 'n' -> {
        int at = course.indexOf(current);
        if (at + 1 < course.size()) {
          open(course.get(at + 1)); // prompts after its verdict
          return true;
        }
        out.println("that was the last puzzle");
      }
      case 'h' -> {
        hintLevel = hintLevel % Hints.LEVELS + 1;
        out.println(
            "Hint "
                + hintLevel
                + "/"
                + Hints.LEVELS
                + ": "
                + Style.escape(current.puzzle().hints().level(hintLevel)));
      }
      case 's' -> showSolution();
      case 'l' -> {
        CourseState state = new CourseState(course, workspace.progress());
        out.println(Style.bold("Progress: ") + state.progressBar());
        for (CatalogEntry entry : course) {
          out.println(
              (entry == current ? "> " : "  ")
                  + entry.id()
                  + " "
                  + entry.info().title()
                  + "  "
                  + state.status(entry).name().toLowerCase(Locale.ROOT));
        }
      }
      case '\n', '\r', ' ' -> {
        return true;
      }
      default -> out.println("unknown key " + describeKey(key) + ": n h l r s q");
    }
    prompt();
    return true;
  }

  /** A key as the learner pressed it: control characters by name, never raw on the terminal. */
  static String describeKey(char key) {
    return Character.isISOControl(key)
        ? String.format(Locale.ROOT, "U+%04X", (int) key)
        : "'" + key + "'";
  }

  /**
   * The reference, once the learner's file has passed: to compare with, never to copy from first.
   */
  private void showSolution() {
    if (!workspace.progress().everPassed(current.id())) {
      out.println(
          "the reference is shown once your file passes (kata solution --puzzle "
              + current.id()
              + " --force shows it now)");
      return;
    }
    out.println(
        Style.bold(current.id() + " " + current.info().title())
            + Style.faint(" \u00b7 reference solution"));
    out.println(current.puzzle().referenceSource().stripTrailing());
    out.println(
        Style.faint("What differs from yours: kata solution --puzzle " + current.id() + " --diff"));
  }

  private void open(CatalogEntry entry) {
    current = entry;
    hintLevel = 0;
    out.println();
    out.println(
        Style.bold("Watching " + entry.id() + " " + entry.info().title())
            + " \u00b7 "
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
      lastChecked = Stamp.of(workspace.fileOf(entry));
      MistakeReport mistakes =
          MistakeReport.start(entry, () -> Files.readString(workspace.fileOf(entry)));
      ResultPrinter.Live live =
          ResultPrinter.live(out, current, CheckedSubject.learnersLabel(workspace, current));
      CheckedSubject checked = CheckedSubject.learnersFile(checker, workspace, current, live);
      Timing.phase("check", checkStart);
      live.finish(checked.result());
      mistakes.print(out, checked.result());
      long prewarmStart = System.nanoTime();
      if (checked.result().passed()) {
        int at = course.indexOf(current);
        out.println(
            at + 1 < course.size()
                ? Style.markup("@|bold,green Passed!|@")
                    + " Press n for the next puzzle: "
                    + course.get(at + 1).id()
                    + " "
                    + course.get(at + 1).info().title()
                    + ", or s to compare with the reference."
                : Style.markup("@|bold,green Passed!|@")
                    + " That was the last puzzle. Press s to compare with the"
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
    out.println(
        Style.faint(
            "saving the file re-checks it   [n]ext [h]int [l]ist [r]e-run [s]olution [q]uit"
                + (singleKeys ? "" : " (then Enter)")));
    out.flush();
  }

  /**
   * Swallow the burst of events one save makes (editors write, rename, touch).
   *
   * @return whether the file watcher reported a change during the burst
   */
  private boolean debounce() throws InterruptedException {
    boolean watched = false;
    while (true) {
      Event next = events.poll(DEBOUNCE_MILLIS, TimeUnit.MILLISECONDS);
      if (next == null) {
        return watched;
      }
      if (next.changed() == null) {
        events.put(next); // a key or a note: keep it for after the check
        return watched;
      }
      watched |= !next.polled();
    }
  }

  /**
   * Watch a folder again; false if it cannot be yet, or the session is over (polling covers it
   * meanwhile).
   */
  private boolean registered(WatchService watcher, Path folder) {
    try {
      register(watcher, folder);
      return true;
    } catch (IOException | ClosedWatchServiceException e) {
      return false;
    }
  }

  private void register(WatchService watcher, Path folder) throws IOException {
    folder.register(
        watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
  }

  private void watchFiles(WatchService watcher) {
    try {
      while (true) {
        WatchKey key = watcher.take();
        Path folder = (Path) key.watchable();
        for (WatchEvent<?> event : key.pollEvents()) {
          if (event.context() instanceof Path name) {
            events.put(Event.watched(folder.resolve(name)));
          }
        }
        if (!key.reset()) {
          lostFolders.add(folder); // deleted: the poller watches it again once it is back
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // the session is over
    }
  }

  /**
   * Every {@value #POLL_MILLIS} ms: report a change of the current file's size or time stamp, say
   * when the file is gone and when it is back, and watch lost folders again once they exist.
   */
  private void poll(WatchService watcher) {
    CatalogEntry polled = null;
    Stamp seen = Stamp.MISSING;
    try {
      while (true) {
        CatalogEntry entry = current;
        Path file = workspace.fileOf(entry);
        Stamp now = Stamp.of(file);
        if (entry != polled) {
          polled = entry; // a new puzzle: its first check is the loop's
        } else if (!now.equals(seen)) {
          if (now.equals(Stamp.MISSING)) {
            events.put(
                Event.note(
                    file
                        + " is gone; kata goes on watching for it (kata reset --puzzle "
                        + entry.id()
                        + " writes the starter again)."));
          } else {
            if (seen.equals(Stamp.MISSING)) {
              events.put(Event.note(file + " is back."));
            }
            events.put(Event.polled(file));
          }
        }
        seen = now;
        lostFolders.removeIf(folder -> Files.isDirectory(folder) && registered(watcher, folder));
        Thread.sleep(POLL_MILLIS);
      }
    } catch (InterruptedException e) {
      // the session is over
    }
  }

  private void readKeys() {
    try {
      int c;
      while ((c = keys.read()) >= 0) {
        if (c == ESC) {
          c = skipEscapeSequence();
          if (c < 0) {
            return;
          }
          if (c == ESC) {
            continue;
          }
        }
        if (singleKeys || (c != '\n' && c != '\r')) {
          events.put(Event.key((char) c));
        }
      }
    } catch (IOException | InterruptedException e) {
      // no more keys; files are still watched, Ctrl-C quits
    }
  }

  /**
   * Read past the rest of a terminal escape sequence (an arrow key is ESC [ A, F1 is ESC O P): no
   * key of watch is one, so it does nothing rather than print three "unknown key" lines.
   *
   * @return the character after the sequence when ESC began none ({@code ESC} when it was
   *     complete), or -1 at the end of input
   */
  private int skipEscapeSequence() throws IOException {
    int c = keys.read();
    if (c == 'O') {
      return keys.read() < 0 ? -1 : ESC;
    }
    if (c != '[') {
      return c; // a lone Esc press followed by a key: that key counts
    }
    // CSI: parameter and intermediate bytes, then one final byte in @..~
    while ((c = keys.read()) >= 0) {
      if (c >= 0x40 && c <= 0x7e) {
        return ESC;
      }
    }
    return -1;
  }
}

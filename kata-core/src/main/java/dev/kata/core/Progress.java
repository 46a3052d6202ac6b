package dev.kata.core;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Record which puzzles the learner's own files pass, in {@code .kata/progress.properties} of the
 * workspace. A corrupt file is reported, kept aside and rebuilt; it never stops a command.
 */
public final class Progress {

  private static final String PASSED = "passed";

  private final Path file;
  private final Map<String, Instant> passed = new TreeMap<>();
  private final Optional<String> warning;

  private Progress(Path file, Optional<String> warning) {
    this.file = file;
    this.warning = warning;
  }

  static Progress load(Path file) {
    if (!Files.exists(file)) {
      return new Progress(file, Optional.empty());
    }
    Properties properties = new Properties();
    Map<String, Instant> read = new TreeMap<>();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(in);
      for (String id : properties.stringPropertyNames()) {
        String[] value = properties.getProperty(id).trim().split("\\s+");
        if (value.length != 2 || !value[0].equals(PASSED)) {
          throw new IllegalArgumentException("bad entry for puzzle '" + id + "'");
        }
        read.put(id, Instant.parse(value[1]));
      }
    } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
      Path aside = file.resolveSibling(file.getFileName() + ".corrupt");
      String kept;
      try {
        Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
        kept = "kept it as " + aside;
      } catch (IOException moveFailed) {
        kept = "could not keep it aside (" + moveFailed.getMessage() + ")";
      }
      return new Progress(
          file,
          Optional.of(
              "progress file "
                  + file
                  + " was unreadable ("
                  + e.getMessage()
                  + "); starting from empty progress and "
                  + kept));
    }
    Progress progress = new Progress(file, Optional.empty());
    progress.passed.putAll(read);
    return progress;
  }

  /** Get the warning to show when the progress file was corrupt and rebuilt. */
  public Optional<String> warning() {
    return warning;
  }

  /** Tell whether the learner's file for the puzzle passed on its latest run. */
  public boolean passed(String id) {
    return passed.containsKey(id);
  }

  /**
   * Record the outcome of a run of the learner's own file and save it. Another kata may be saving
   * progress of the same workspace at the same moment (an IDE's on-save hook and a terminal): the
   * update holds a lock on the workspace's progress, reads what is on disk now, changes only this
   * puzzle's entry, and replaces the file in one rename, so neither run's outcome is lost.
   *
   * @param id the puzzle
   * @param pass whether every check passed
   * @throws KataException if the file cannot be written
   */
  public void record(String id, boolean pass) {
    update(id, pass, null);
  }

  /**
   * Record a run of the learner's own file: whether it passed (as {@link #record}), one more
   * attempt, and the run's outcome (when, its verdict, which checks did not pass), for {@code kata
   * show}. Both files change under the same lock, each replaced in one rename.
   *
   * @param id the puzzle
   * @param result the run of the learner's file
   * @throws KataException if a file cannot be written
   */
  public void recordRun(String id, RunResult result) {
    List<String> failed =
        result.checks().stream()
            .filter(c -> c.verdict() != Verdict.PASS)
            .map(CheckResult::name)
            .toList();
    update(id, result.passed(), new Attempt(Instant.now(), result.verdict(), failed));
  }

  /**
   * Get the learner's attempts at a puzzle, read from disk now.
   *
   * @param id the puzzle
   * @return the attempts, empty if the learner's file was never checked (or the history is
   *     unreadable)
   */
  public Optional<History> history(String id) {
    return Optional.ofNullable(readHistory(historyFile()).get(id));
  }

  /**
   * Tell whether the learner's file for the puzzle has ever passed: it passes now, or it passed on
   * an earlier run.
   */
  public boolean everPassed(String id) {
    return passed(id) || history(id).flatMap(History::firstPassed).isPresent();
  }

  /**
   * One run of the learner's file.
   *
   * @param at when it ended
   * @param verdict pass, fail, or error (did not compile, or nothing could be judged)
   * @param failed the names of the checks that did not pass, in the order they ran
   */
  public record Attempt(Instant at, Verdict verdict, List<String> failed) {}

  /**
   * What the learner did on one puzzle.
   *
   * @param attempts how many times their file was checked
   * @param last the latest run
   * @param firstPassed when their file first passed, if ever
   */
  public record History(int attempts, Attempt last, Optional<Instant> firstPassed) {}

  private void update(String id, boolean pass, Attempt attempt) {
    // A file lock keeps other processes out; it is held per JVM, so threads of this one queue here
    // first.
    synchronized (Progress.class) {
      try {
        Files.createDirectories(file.getParent());
        try (FileChannel channel =
                FileChannel.open(
                    file.resolveSibling(file.getFileName() + ".lock"),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock _ = channel.lock()) {
          readQuietly(file)
              .ifPresent(
                  onDisk -> {
                    passed.clear();
                    passed.putAll(onDisk);
                  });
          boolean changed =
              pass ? passed.putIfAbsent(id, Instant.now()) == null : passed.remove(id) != null;
          if (changed) {
            save();
          }
          if (attempt != null) {
            saveAttempt(id, attempt);
          }
        }
      } catch (IOException e) {
        throw new KataException(
            "cannot save progress to " + file + ": " + KataException.reason(e), e);
      }
    }
  }

  /**
   * Read the progress on disk; empty when there is none or it cannot be read (load() reports that).
   */
  private static Optional<Map<String, Instant>> readQuietly(Path file) {
    if (!Files.exists(file)) {
      return Optional.of(Map.of());
    }
    Properties properties = new Properties();
    Map<String, Instant> read = new TreeMap<>();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(in);
      for (String id : properties.stringPropertyNames()) {
        String[] value = properties.getProperty(id).trim().split("\\s+");
        if (value.length != 2 || !value[0].equals(PASSED)) {
          return Optional.empty();
        }
        read.put(id, Instant.parse(value[1]));
      }
      return Optional.of(read);
    } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private Path historyFile() {
    return file.resolveSibling("history.json");
  }

  /** Add one attempt to the history on disk; call with the lock held. */
  private void saveAttempt(String id, Attempt attempt) throws IOException {
    Map<String, History> all = readHistory(historyFile());
    History before = all.get(id);
    Optional<Instant> firstPassed =
        before != null && before.firstPassed().isPresent()
            ? before.firstPassed()
            : attempt.verdict() == Verdict.PASS ? Optional.of(attempt.at()) : Optional.empty();
    all.put(id, new History(before == null ? 1 : before.attempts() + 1, attempt, firstPassed));
    Map<String, Object> json = new TreeMap<>();
    all.forEach(
        (puzzle, history) -> {
          Map<String, Object> entry = new LinkedHashMap<>();
          entry.put("attempts", history.attempts());
          entry.put("lastAt", history.last().at().toString());
          entry.put("lastStatus", history.last().verdict().json());
          entry.put("lastFailed", history.last().failed());
          entry.put("firstPassed", history.firstPassed().map(Instant::toString).orElse(null));
          json.put(puzzle, entry);
        });
    replace(historyFile(), Json.writePretty(json));
  }

  /** Read the history; an unreadable one counts as empty (it only informs, it decides nothing). */
  private static Map<String, History> readHistory(Path file) {
    Map<String, History> read = new TreeMap<>();
    if (!Files.exists(file)) {
      return read;
    }
    try {
      if (!(Json.parse(Files.readString(file, StandardCharsets.UTF_8)) instanceof Map<?, ?> all)) {
        return read;
      }
      for (Map.Entry<?, ?> e : all.entrySet()) {
        if (e.getValue() instanceof Map<?, ?> entry && e.getKey() instanceof String id) {
          List<String> failed =
              entry.get("lastFailed") instanceof List<?> names
                  ? names.stream().map(String::valueOf).toList()
                  : List.of();
          Attempt last =
              new Attempt(
                  Instant.parse((String) entry.get("lastAt")),
                  Verdict.valueOf(((String) entry.get("lastStatus")).toUpperCase(Locale.ROOT)),
                  failed);
          Optional<Instant> firstPassed =
              Optional.ofNullable((String) entry.get("firstPassed")).map(Instant::parse);
          read.put(id, new History(((Number) entry.get("attempts")).intValue(), last, firstPassed));
        }
      }
      return read;
    } catch (IOException | RuntimeException e) {
      return new TreeMap<>();
    }
  }

  /**
   * Replace a file's content in one rename, so a reader sees the old file or the new one, whole.
   */
  private static void replace(Path target, String content) throws IOException {
    Path temp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
    Files.writeString(temp, content, StandardCharsets.UTF_8);
    try {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private void save() {
    Properties properties = new Properties();
    passed.forEach((id, when) -> properties.setProperty(id, PASSED + " " + when));
    try {
      Files.createDirectories(file.getParent());
      Path temp = Files.createTempFile(file.getParent(), "progress", ".tmp");
      try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
        properties.store(out, "kata progress: puzzle id = passed <when>");
      }
      try {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new KataException(
          "cannot save progress to " + file + ": " + KataException.reason(e), e);
    }
  }
}

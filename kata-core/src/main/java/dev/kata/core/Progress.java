package dev.kata.core;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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
      return new Progress(file, Optional.of("progress file " + file + " was unreadable (" + e.getMessage()
          + "); starting from empty progress and " + kept));
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

  /** Get the ids of the passed puzzles. */
  public java.util.Set<String> passedIds() {
    return java.util.Collections.unmodifiableSet(passed.keySet());
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
    // A file lock keeps other processes out; it is held per JVM, so threads of this one queue here first.
    synchronized (Progress.class) {
      try {
        Files.createDirectories(file.getParent());
        try (FileChannel channel = FileChannel.open(file.resolveSibling(file.getFileName() + ".lock"),
            StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock _ = channel.lock()) {
          readQuietly(file).ifPresent(onDisk -> {
            passed.clear();
            passed.putAll(onDisk);
          });
          boolean changed = pass ? passed.putIfAbsent(id, Instant.now()) == null : passed.remove(id) != null;
          if (changed) {
            save();
          }
        }
      } catch (IOException e) {
        throw new KataException("cannot save progress to " + file + ": " + KataException.reason(e), e);
      }
    }
  }

  /** Read the progress on disk; empty when there is none or it cannot be read (load() reports that). */
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
      throw new KataException("cannot save progress to " + file + ": " + KataException.reason(e), e);
    }
  }
}

package dev.kata.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The learner's folder: one file per puzzle, created from the starter on first use and never
 * overwritten, plus {@code .kata/} for progress, build output and backups, and {@code plugins/} for
 * third-party puzzle jars.
 */
public final class Workspace {

  /** The environment variable that names the workspace when no option does. */
  public static final String ENVIRONMENT = "KATA_WORKSPACE";

  private final Path root;
  private Progress progress;

  private Workspace(Path root) {
    this.root = root;
  }

  /**
   * Open a workspace folder without creating anything yet.
   *
   * @throws KataException if the path exists and is not a folder
   */
  public static Workspace at(Path root) {
    Path normal = root.toAbsolutePath().normalize();
    if (Files.exists(normal) && !Files.isDirectory(normal)) {
      throw new KataException(
          "workspace " + normal + " is not a folder: pass --workspace DIR with a folder");
    }
    return new Workspace(normal);
  }

  /** Get the workspace folder. */
  public Path root() {
    return root;
  }

  /** Get the jars in the workspace's {@code plugins/} folder, sorted by name. */
  public List<Path> pluginJars() {
    Path plugins = root.resolve("plugins");
    if (!Files.isDirectory(plugins)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(plugins)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
    } catch (IOException e) {
      throw new KataException("cannot list " + plugins + ": " + e.getMessage(), e);
    }
  }

  /** Get the learner's file for a puzzle (it may not exist yet). */
  public Path fileOf(CatalogEntry entry) {
    Path file = root.resolve(entry.puzzle().solutionFile()).normalize();
    if (!file.startsWith(root)) {
      throw new KataException(
          "puzzle "
              + entry.id()
              + " ("
              + entry.origin()
              + ") names a file outside the workspace: "
              + entry.puzzle().solutionFile());
    }
    return file;
  }

  /**
   * Create the learner's file from the starter for every puzzle that has none; never touch an
   * existing file.
   *
   * @return the files created
   */
  public List<Path> createMissingStarters(List<CatalogEntry> entries) {
    List<Path> created = new ArrayList<>();
    for (CatalogEntry entry : entries) {
      Path file = fileOf(entry);
      if (!Files.exists(file)) {
        try {
          Files.createDirectories(file.getParent());
          // CREATE_NEW: if the learner (or a concurrent kata) created it meanwhile, theirs wins.
          Files.writeString(
              file,
              entry.puzzle().starterSource(),
              StandardCharsets.UTF_8,
              StandardOpenOption.CREATE_NEW);
          created.add(file);
        } catch (java.nio.file.FileAlreadyExistsException raced) {
          // Someone else created it first: leave it alone.
        } catch (IOException e) {
          throw new KataException("cannot create " + file + ": " + KataException.reason(e), e);
        }
      }
    }
    return created;
  }

  /**
   * Restore a puzzle's starter, after copying the learner's file to {@code .kata/backup/}. A file
   * that is still the untouched starter is not backed up: there is nothing of the learner's in it.
   *
   * @return the backup, empty if there was no file, or only the untouched starter, to back up
   */
  public Optional<Path> reset(CatalogEntry entry) {
    Path file = fileOf(entry);
    Optional<Path> backup = Optional.empty();
    try {
      String starter = entry.puzzle().starterSource();
      if (Files.exists(file) && !isUntouchedStarter(file, starter)) {
        String stamp =
            LocalDateTime.now(ZoneId.systemDefault())
                .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
        Path target =
            root.resolve(".kata/backup").resolve(entry.puzzle().solutionFile() + "." + stamp);
        Files.createDirectories(target.getParent());
        Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
        backup = Optional.of(target);
      }
      Files.createDirectories(file.getParent());
      Files.writeString(file, starter, StandardCharsets.UTF_8);
      return backup;
    } catch (IOException e) {
      throw new KataException(
          "cannot reset "
              + file
              + ": "
              + KataException.reason(e)
              + backup.map(b -> " (your file is backed up at " + b + ")").orElse(""),
          e);
    }
  }

  private static boolean isUntouchedStarter(Path file, String starter) throws IOException {
    // Compared as bytes: a file that is not UTF-8 is certainly not the starter kata wrote.
    return java.util.Arrays.equals(
        Files.readAllBytes(file), starter.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Get the folder where classes of compiled solutions are kept, so an unchanged file is not
   * compiled again.
   */
  public Path compileCache() {
    return root.resolve(".kata/cache/classes");
  }

  /** Get the folder where a puzzle's solutions are compiled. */
  public Path buildDir(CatalogEntry entry) {
    return root.resolve(".kata/build").resolve(entry.id());
  }

  /** Get the learner's progress, loading it on first use. */
  public Progress progress() {
    if (progress == null) {
      progress = Progress.load(root.resolve(".kata/progress.properties"));
    }
    return progress;
  }
}

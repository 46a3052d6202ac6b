package dev.kata.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Classes compiled from a source kata has compiled before, so an unchanged file (a reference, a
 * re-run, {@code kata verify} over solved puzzles) is not compiled again.
 *
 * <p>The key is a SHA-256 of the source, the expected class, the JDK, and every class path jar's
 * path, size and modification time: a rebuilt kata or plugin jar is a new key. When the class path
 * holds a folder (kata run from its own build tree, as in its tests) nothing is cached, since a
 * folder's time does not change with its files. Only successful compilations are kept, each
 * published by an atomic rename, so two kata processes never see half an entry.
 */
final class CompileCache {

  private static final int KEEP = 64;

  private final Path root;

  CompileCache(Path root) {
    this.root = root;
  }

  /** Get the key of this compilation, or empty if it must not be cached. */
  Optional<String> key(Path source, String expectedClass, List<Path> extraClassPath) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(Files.readAllBytes(source));
      update(digest, expectedClass);
      update(digest, System.getProperty("java.home") + "|" + System.getProperty("java.vm.version"));
      for (Path entry :
          Stream.concat(ClassPath.current().stream(), extraClassPath.stream()).toList()) {
        if (Files.isDirectory(entry)) {
          return Optional.empty();
        }
        if (Files.isRegularFile(entry)) {
          update(
              digest,
              entry.toAbsolutePath()
                  + "|"
                  + Files.size(entry)
                  + "|"
                  + Files.getLastModifiedTime(entry).toMillis());
        }
      }
      return Optional.of(HexFormat.of().formatHex(digest.digest()));
    } catch (IOException | NoSuchAlgorithmException e) {
      return Optional.empty();
    }
  }

  private static void update(MessageDigest digest, String text) {
    digest.update(text.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0);
  }

  /** Get the classes stored under this key, if any. */
  Optional<Path> find(String key) {
    Path entry = root.resolve(key);
    if (Files.isRegularFile(entry.resolve(".complete"))) {
      try {
        Files.setLastModifiedTime(entry, FileTime.fromMillis(System.currentTimeMillis()));
      } catch (IOException e) {
        // only used to keep recently used entries
      }
      return Optional.of(entry);
    }
    return Optional.empty();
  }

  /** Store a copy of freshly compiled classes; failures only cost a later compile. */
  void store(String key, Path classes) {
    Path target = root.resolve(key);
    Path staging = null;
    try {
      Files.createDirectories(root);
      staging = Files.createTempDirectory(root, ".staging-");
      try (Stream<Path> files = Files.walk(classes)) {
        for (Path p : files.toList()) {
          Path to = staging.resolve(classes.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(to);
          } else {
            Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
          }
        }
      }
      Files.createFile(staging.resolve(".complete"));
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      staging = null;
      prune();
    } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
      // another kata stored the same classes first, or the file system cannot publish atomically
    } catch (IOException e) {
      // a cache that cannot be written is just no cache
    } finally {
      if (staging != null) {
        FileTrees.deleteQuietly(staging);
      }
    }
  }

  private void prune() throws IOException {
    List<Path> entries;
    try (Stream<Path> list = Files.list(root)) {
      entries = list.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
    }
    if (entries.size() <= KEEP) {
      return;
    }
    entries.stream()
        .sorted(Comparator.comparing(CompileCache::modified).reversed())
        .skip(KEEP)
        .forEach(FileTrees::deleteQuietly);
  }

  private static FileTime modified(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }
}

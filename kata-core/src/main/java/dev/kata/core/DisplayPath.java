package dev.kata.core;

import java.nio.file.Path;

/**
 * Show paths the way a user typed them: relative to the current folder when inside it, else
 * absolute.
 */
public final class DisplayPath {

  private DisplayPath() {}

  /**
   * Render a path for the user.
   *
   * @param path any path
   */
  public static String of(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    Path here = Path.of("").toAbsolutePath();
    return absolute.startsWith(here) && !absolute.equals(here)
        ? here.relativize(absolute).toString()
        : absolute.toString();
  }
}

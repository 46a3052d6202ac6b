package dev.kata.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Switch the terminal to single-key input for watch mode, and back. Uses stty on the controlling
 * terminal; where there is none (a pipe, CI, Windows without a Unix shell) watch mode reads lines.
 */
final class Terminal {

  private static String saved;

  private Terminal() {}

  /** Try single-key mode; tell whether it is on. Restored by {@link #restore()} or at exit. */
  static synchronized boolean enterSingleKeyMode() {
    if (System.console() == null || !new File("/dev/tty").exists()) {
      return false;
    }
    try {
      String settings = stty("-g").strip();
      if (settings.isEmpty()) {
        return false;
      }
      stty("-icanon -echo min 1"); // throws if the terminal refuses; then we stay in line mode
      saved = settings;
      Runtime.getRuntime().addShutdownHook(new Thread(Terminal::restore, "kata-restore-terminal"));
      return true;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** Put the terminal back as it was, if it was changed. */
  static synchronized void restore() {
    if (saved != null) {
      try {
        stty(saved);
      } catch (IOException | InterruptedException e) {
        // nothing more to do: 'stty sane' fixes a terminal left raw
      }
      saved = null;
    }
  }

  private static String stty(String arguments) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("sh", "-c", "stty " + arguments + " < /dev/tty")
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException("stty failed: " + output.strip());
    }
    return output;
  }
}

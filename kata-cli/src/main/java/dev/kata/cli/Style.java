package dev.kata.cli;

import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Help.Ansi;

/**
 * Colour and symbols for the terminal. Colour goes through picocli markup, so non-terminals and
 * {@code NO_COLOR} get plain text; symbols fall back to ASCII without a UTF-8 terminal.
 */
final class Style {

  private Style() {}

  static Ansi ansi() {
    String noColor = System.getenv("NO_COLOR");
    return noColor != null && !noColor.isEmpty() ? Ansi.OFF : Ansi.AUTO;
  }

  static boolean unicode() {
    return StandardCharsets.UTF_8.equals(System.out.charset());
  }

  static String markup(String text) {
    return ansi().string(text);
  }

  static String pass() {
    return markup("@|bold,green " + (unicode() ? "\u2713" : "PASS") + "|@");
  }

  static String fail() {
    return markup("@|bold,red " + (unicode() ? "\u2717" : "FAIL") + "|@");
  }

  static String error() {
    return markup("@|bold,yellow " + (unicode() ? "!" : "ERROR") + "|@");
  }

  static String warning(String text) {
    return markup("@|yellow " + escape(text) + "|@");
  }

  static String bold(String text) {
    return markup("@|bold " + escape(text) + "|@");
  }

  static String faint(String text) {
    return markup("@|faint " + escape(text) + "|@");
  }

  /**
   * Show a path, clickable (an OSC 8 hyperlink to the file) when writing to a terminal with colour
   * on; plain text otherwise.
   */
  // The null test is the old "no terminal" rule; Style's colour choice is kept as it was for now.
  @SuppressWarnings("SystemConsoleNull")
  static String link(java.nio.file.Path path) {
    String shown = dev.kata.core.DisplayPath.of(path);
    if (System.console() == null || !ansi().enabled()) {
      return shown;
    }
    String uri = path.toAbsolutePath().normalize().toUri().toString();
    return "\u001b]8;;" + uri + "\u001b\\" + shown + "\u001b]8;;\u001b\\";
  }

  /** Keep picocli from reading a learner's text as markup. */
  static String escape(String text) {
    return text.replace("@|", "@ |").replace("|@", "| @");
  }
}

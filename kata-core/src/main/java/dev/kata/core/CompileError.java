package dev.kata.core;

import java.nio.file.Path;

/**
 * One compiler error in the learner's terms.
 *
 * @param file the source file
 * @param line the 1-based line, or 0 when the error has no position
 * @param column the 1-based column, or 0 when unknown
 * @param message javac's message
 * @param sourceLine the offending source line, empty when unknown
 */
public record CompileError(Path file, long line, long column, String message, String sourceLine) {

  /** Render as {@code file:line: message}, then the source line and a caret under the column. */
  public String render() {
    var out = new StringBuilder(DisplayPath.of(file));
    if (line > 0) {
      out.append(':').append(line);
    }
    out.append(": ").append(message);
    if (!sourceLine.isBlank()) {
      out.append(System.lineSeparator()).append("    ").append(sourceLine.stripTrailing());
      if (column > 0) {
        StringBuilder pad = new StringBuilder();
        for (int i = 0; i < column - 1 && i < sourceLine.length(); i++) {
          pad.append(sourceLine.charAt(i) == '\t' ? '\t' : ' ');
        }
        out.append(System.lineSeparator()).append("    ").append(pad).append('^');
      }
    }
    return out.toString();
  }
}

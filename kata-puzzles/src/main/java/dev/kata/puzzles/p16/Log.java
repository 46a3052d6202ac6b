package dev.kata.puzzles.p16;

import dev.kata.api.check.Invariant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The logger the checks' requests and subtasks log through: like a logging framework's MDC, it
 * reads the current id with {@link RequestHandler#currentId()} on the thread that logs, and keeps
 * beside it the id that line belongs to, which the check knows.
 */
final class Log {

  /** One log line: what was logged, on which thread, the id it belongs to and the id it carried. */
  record Line(String what, String thread, String expected, String observed) {
    boolean right() {
      return Objects.equals(expected, observed);
    }

    @Override
    public String toString() {
      return String.format(
          "%-6s %-14s %-34s expected %s, carried %s",
          right() ? "ok" : "WRONG", thread, "'" + what + "'", show(expected), show(observed));
    }
  }

  private final String mode;
  private final RequestHandler handler;
  private final List<Line> lines = new ArrayList<>();

  Log(String mode, RequestHandler handler) {
    this.mode = mode;
    this.handler = handler;
  }

  /** Log {@code what}, which belongs to the request {@code expected} (null: to no request). */
  void line(String expected, String what) {
    Line line = new Line(what, Thread.currentThread().getName(), expected, read(handler));
    synchronized (lines) {
      lines.add(line);
    }
  }

  List<Line> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /** Require that every line carried its own request's id, pointing at the first that did not. */
  void requireEveryLineCarriesItsId() {
    List<Line> all = lines();
    for (Line line : all) {
      if (!line.right()) {
        throw Invariant.violated(
            mode
                + ": every log line carries the id of the request it works for,"
                + " on the request's thread and on pool threads",
            "'" + line.what() + "' on " + line.thread() + " logged with " + show(line.expected()),
            "it was logged with " + show(line.observed()),
            render(all));
      }
    }
  }

  /** Require that {@code what} was logged, and by a thread {@code pool} owns. */
  void requireOnPool(String what, CheckPool pool) {
    Line line =
        lines().stream()
            .filter(l -> l.what().equals(what))
            .findFirst()
            .orElseThrow(
                () ->
                    Invariant.violated(
                        mode + ": every subtask submitted runs",
                        "'" + what + "' logged",
                        "it never was",
                        render(lines())));
    Invariant.require(
        line.thread().startsWith(pool.name() + "-"),
        mode + ": submit runs the subtask on a thread of the executor it is given",
        "'" + what + "' logged on a thread of " + pool.name(),
        () -> "it was logged on " + line.thread());
  }

  private static String render(List<Line> all) {
    StringBuilder text = new StringBuilder("  the log, in order:");
    int shown = 0;
    for (Line line : all) {
      if (shown++ == 24) {
        text.append(System.lineSeparator())
            .append("    ... ")
            .append(all.size() - 24)
            .append(" more");
        break;
      }
      text.append(System.lineSeparator()).append("    ").append(line);
    }
    return text.toString();
  }

  static String show(String id) {
    return id == null ? "no id" : id;
  }

  /** What {@code currentId()} gives on this thread; what it threw, if it threw. */
  static String read(RequestHandler handler) {
    try {
      return handler.currentId();
    } catch (RuntimeException | Error e) {
      return "(currentId() threw " + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
    }
  }
}

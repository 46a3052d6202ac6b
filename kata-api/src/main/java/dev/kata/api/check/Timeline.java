package dev.kata.api.check;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Record when each task started and ended, and on which thread, and draw it as swimlanes.
 *
 * <p>Checks attach the drawing to a failure so the learner sees tasks running one after another, or
 * more in flight than allowed. Thread-safe.
 *
 * <pre>
 * task 0  |#########                    | worker-1
 * task 1  |         ##########          | worker-1
 * </pre>
 *
 * @since 0.1
 */
public final class Timeline {

  private static final int WIDTH = 40;
  private static final int MAX_ROWS = 24;
  private final long origin = System.nanoTime();
  private final List<Span> spans = new ArrayList<>();

  /** Create an empty timeline whose clock starts now. */
  public Timeline() {}

  /**
   * Record that a task starts now on the current thread.
   *
   * @param task the task's name as the learner will read it
   * @return the span to {@link Span#end() end} when the task ends
   */
  public Span start(String task) {
    Thread current = Thread.currentThread();
    String thread =
        current.getName().isEmpty() && current.isVirtual()
            ? "virtual thread #" + current.threadId()
            : current.getName();
    Span span = new Span(task, thread, origin);
    synchronized (spans) {
      spans.add(span);
    }
    return span;
  }

  /** Get the spans recorded so far, in the order they started. */
  public List<Span> spans() {
    synchronized (spans) {
      return List.copyOf(spans);
    }
  }

  /** Draw the timeline with Unicode blocks where the terminal takes UTF-8, else ASCII. */
  public String render() {
    boolean unicode =
        Boolean.getBoolean("kata.unicode")
            || (System.getProperty("kata.unicode") == null && utf8(System.out.charset()));
    return render(unicode);
  }

  /**
   * Draw the timeline.
   *
   * @param unicode whether to draw with Unicode block characters rather than ASCII
   */
  public String render(boolean unicode) {
    List<Span> all = spans();
    if (all.isEmpty()) {
      return "(no task was recorded)";
    }
    long now = System.nanoTime() - origin;
    long end = all.stream().mapToLong(s -> s.endNanos(now)).max().orElse(1);
    long start = all.stream().mapToLong(Span::startNanos).min().orElse(0);
    long total = Math.max(1, end - start);
    int nameWidth = all.stream().mapToInt(s -> s.task().length()).max().orElse(4);
    char bar = unicode ? '\u2588' : '#';
    char edge = unicode ? '\u2502' : '|';
    var out = new StringBuilder();
    out.append(" ".repeat(nameWidth + 2))
        .append(
            String.format(
                Locale.ROOT,
                "0 ms%" + (WIDTH - 2) + "s%n",
                String.format(Locale.ROOT, "%.1f ms", total / 1e6)));
    for (Span span : all.subList(0, Math.min(all.size(), MAX_ROWS))) {
      int from = (int) ((span.startNanos() - start) * WIDTH / total);
      int to =
          (int) Math.max(from + 1, Math.min(WIDTH, (span.endNanos(now) - start) * WIDTH / total));
      out.append(String.format(Locale.ROOT, "%-" + nameWidth + "s  ", span.task())).append(edge);
      for (int i = 0; i < WIDTH; i++) {
        out.append(i >= from && i < to ? bar : ' ');
      }
      out.append(edge).append(' ').append(span.thread());
      if (!span.ended()) {
        out.append(" (still running)");
      }
      out.append(System.lineSeparator());
    }
    if (all.size() > MAX_ROWS) {
      out.append("... and ")
          .append(all.size() - MAX_ROWS)
          .append(" more tasks")
          .append(System.lineSeparator());
    }
    return out.toString();
  }

  private static boolean utf8(Charset charset) {
    return charset.equals(StandardCharsets.UTF_8);
  }

  /**
   * One task's interval on the timeline.
   *
   * @since 0.1
   */
  public static final class Span {
    private final String task;
    private final String thread;
    private final long origin;
    private final long startNanos;
    private volatile long endNanos = -1;

    Span(String task, String thread, long origin) {
      this.task = task;
      this.thread = thread;
      this.origin = origin;
      this.startNanos = System.nanoTime() - origin;
    }

    /** Record that the task ended now. */
    public void end() {
      endNanos = System.nanoTime() - origin;
    }

    /** Get the task's name. */
    public String task() {
      return task;
    }

    /** Get the name of the thread the task started on. */
    public String thread() {
      return thread;
    }

    /** Get when the task started, in nanoseconds since the timeline was created. */
    public long startNanos() {
      return startNanos;
    }

    /** Tell whether {@link #end()} was called. */
    public boolean ended() {
      return endNanos >= 0;
    }

    long endNanos(long now) {
      return ended() ? endNanos : now;
    }
  }
}

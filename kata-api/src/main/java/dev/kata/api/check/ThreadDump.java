package dev.kata.api.check;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Take a snapshot of every live thread of this JVM, virtual threads included, from the JDK's JSON
 * thread dump.
 *
 * <p>{@code ThreadMXBean} and {@code Thread.getAllStackTraces()} see platform threads only. A check
 * that must prove that no thread outlives a scope, when the scope's subtasks run on virtual
 * threads, reads them here: the dump lists each thread in its thread container (an {@code
 * ExecutorService} that starts a thread per task is one), and a virtual thread is listed until the
 * container it was started in has seen it end.
 *
 * <p>A dump costs milliseconds (tens on a loaded machine): take one at the moment that matters,
 * such as right after the call under check returned, not one per assertion.
 *
 * <pre>
 * ThreadDump before = ThreadDump.take();
 * scope.join();
 * List&lt;ThreadDump.DumpedThread&gt; alive = ThreadDump.take().startedSince(before);
 * </pre>
 *
 * @since 0.1
 */
public final class ThreadDump {

  /**
   * One live thread as the dump describes it.
   *
   * @param id the thread's id ({@link Thread#threadId()})
   * @param name its name, empty for an unnamed virtual thread
   * @param virtual whether it is a virtual thread
   * @param state its {@link Thread.State} name, such as {@code "WAITING"}
   * @param container the thread container it is listed in, such as {@code "<root>"} or {@code
   *     "java.util.concurrent.ThreadPerTaskExecutor@1b2c3d"}
   * @param stack its frames, innermost first, as the dump writes them
   * @since 0.1
   */
  public record DumpedThread(
      long id, String name, boolean virtual, String state, String container, List<String> stack) {

    /** Check the components; the stack is copied. */
    public DumpedThread {
      stack = List.copyOf(stack);
    }

    /**
     * Describe the thread in one line for a failure message: kind, name (or id), state, and its
     * first frame outside the JDK, if any.
     */
    public String describe() {
      String shown = name.isEmpty() ? "#" + id : "\"" + name + "\"";
      String frame =
          stack.stream()
              .map(ThreadDump::frameName)
              .filter(f -> !f.startsWith("java.") && !f.startsWith("jdk.") && !f.startsWith("sun."))
              .findFirst()
              .map(f -> " at " + f)
              .orElse("");
      return (virtual ? "virtual thread " : "thread ") + shown + " " + state + frame;
    }
  }

  private final List<DumpedThread> threads;

  private ThreadDump(List<DumpedThread> threads) {
    this.threads = List.copyOf(threads);
  }

  /**
   * Take a snapshot of every live thread, platform and virtual.
   *
   * @throws IllegalStateException if the JVM cannot write or this class cannot read the dump
   */
  public static ThreadDump take() {
    Path file = null;
    try {
      file = Files.createTempFile("kata-thread-dump", ".json");
      Files.delete(file); // dumpThreads refuses to overwrite a file
      ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
          .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
      return parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("cannot take a thread dump of this JVM: " + e, e);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // a temporary file left behind is harmless
        }
      }
    }
  }

  /** Read a dump in the JDK's JSON format. */
  static ThreadDump parse(String json) {
    List<DumpedThread> threads = new ArrayList<>();
    Map<?, ?> dump = (Map<?, ?>) ((Map<?, ?>) JsonText.parse(json)).get("threadDump");
    for (Object c : (List<?>) dump.get("threadContainers")) {
      Map<?, ?> container = (Map<?, ?>) c;
      String containerName = String.valueOf(container.get("container"));
      for (Object item : (List<?>) container.get("threads")) {
        Map<?, ?> t = (Map<?, ?>) item;
        List<String> stack = new ArrayList<>();
        if (t.get("stack") instanceof List<?> frames) {
          frames.forEach(f -> stack.add(String.valueOf(f)));
        }
        Object name = t.get("name");
        Object state = t.get("state");
        threads.add(
            new DumpedThread(
                Long.parseLong(String.valueOf(t.get("tid"))),
                name == null ? "" : String.valueOf(name),
                Boolean.TRUE.equals(t.get("virtual")),
                state == null ? "UNKNOWN" : String.valueOf(state),
                containerName,
                stack));
      }
    }
    return new ThreadDump(threads);
  }

  /** Get every thread of the snapshot, in the dump's order. */
  public List<DumpedThread> threads() {
    return threads;
  }

  /** Get the ids of every thread of the snapshot. */
  public Set<Long> ids() {
    Set<Long> ids = new HashSet<>();
    threads.forEach(t -> ids.add(t.id()));
    return ids;
  }

  /**
   * Get the virtual threads of this snapshot that {@code earlier} did not have: the virtual threads
   * started between the two snapshots and still alive at this one.
   *
   * <p>Platform threads are left out: the JVM starts its own (carrier threads, the attach listener)
   * whenever it needs them; see them, with their thread group, through {@link
   * Thread#getAllStackTraces()}.
   *
   * @param earlier a snapshot taken before
   */
  public List<DumpedThread> virtualStartedSince(ThreadDump earlier) {
    Set<Long> before = earlier.ids();
    return threads.stream().filter(t -> t.virtual() && !before.contains(t.id())).toList();
  }

  /** Drop the module or class-loader prefix of a dumped frame ("java.base/", "app//"). */
  static String frameName(String frame) {
    int paren = frame.indexOf('(');
    int slash = frame.lastIndexOf('/', paren < 0 ? frame.length() : paren);
    return slash < 0 ? frame : frame.substring(slash + 1);
  }
}

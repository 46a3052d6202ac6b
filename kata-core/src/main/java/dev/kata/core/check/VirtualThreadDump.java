package dev.kata.core.check;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.kata.core.Json;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.AbstractOwnableSynchronizer;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Read the virtual threads, which {@code ThreadMXBean} does not see, from the JDK's JSON thread
 * dump: their state, the monitor each is blocked on and the monitors it owns, the lock it is parked
 * on, and their stacks.
 *
 * <p>The dump does not name the owner of a {@code java.util.concurrent} lock. Where the check JVM
 * runs with {@code --add-exports java.base/jdk.internal.vm} and {@code --add-opens
 * java.base/java.util.concurrent.locks} (kata's isolated runner adds both), the owner is read from
 * the live threads and the lock itself; elsewhere that edge is simply unknown.
 */
final class VirtualThreadDump {

  /** One virtual thread as the dump describes it. */
  record VirtualThread(
      long id,
      String name,
      String state,
      String blockedOn,
      String parkedOn,
      Long parkedOnOwner,
      List<String> monitorsOwned,
      List<String> stack) {}

  private VirtualThreadDump() {}

  /** Drop the module or class-loader prefix of a dumped frame ("java.base/", "app//"). */
  static String frameName(String frame) {
    int paren = frame.indexOf('(');
    int slash = frame.lastIndexOf('/', paren < 0 ? frame.length() : paren);
    return slash < 0 ? frame : frame.substring(slash + 1);
  }

  /**
   * Get a thread's frames without prefixes, the code's own first, then the JDK's, at most {@code
   * limit}.
   */
  static List<String> readableFrames(List<String> stack, int limit) {
    List<String> names = stack.stream().map(VirtualThreadDump::frameName).toList();
    List<String> own =
        names.stream()
            .filter(f -> !f.startsWith("java.") && !f.startsWith("jdk."))
            .limit(limit)
            .toList();
    return own.isEmpty()
        ? names.stream().filter(f -> !f.startsWith("java.lang.VirtualThread")).limit(limit).toList()
        : own;
  }

  static List<VirtualThread> capture() {
    return tryCapture().orElse(List.of()); // a report without virtual threads beats no report
  }

  /** Get the virtual threads, or nothing when the dump could not be taken or read. */
  static java.util.Optional<List<VirtualThread>> tryCapture() {
    Path file = null;
    try {
      file = Files.createTempFile("kata-threads", ".json");
      Files.delete(file); // dumpThreads refuses to overwrite
      ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
          .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
      Map<Long, Long> owners = lockOwners();
      return java.util.Optional.of(parse(Files.readString(file, StandardCharsets.UTF_8), owners));
    } catch (IOException | RuntimeException e) {
      return java.util.Optional.empty();
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // a temp file left behind is harmless
        }
      }
    }
  }

  static List<VirtualThread> parse(String json, Map<Long, Long> owners) {
    List<VirtualThread> result = new ArrayList<>();
    Map<?, ?> dump = (Map<?, ?>) ((Map<?, ?>) Json.parse(json)).get("threadDump");
    for (Object container : (List<?>) dump.get("threadContainers")) {
      for (Object item : (List<?>) ((Map<?, ?>) container).get("threads")) {
        Map<?, ?> t = (Map<?, ?>) item;
        if (!Boolean.TRUE.equals(t.get("virtual"))) {
          continue;
        }
        long id = Long.parseLong(String.valueOf(t.get("tid")));
        List<String> owned = new ArrayList<>();
        if (t.get("monitorsOwned") instanceof List<?> monitors) {
          for (Object m : monitors) {
            ((List<?>) ((Map<?, ?>) m).get("locks")).forEach(l -> owned.add(String.valueOf(l)));
          }
        }
        String parked =
            t.get("parkBlocker") instanceof Map<?, ?> blocker
                ? String.valueOf(blocker.get("object"))
                : null;
        List<String> stack = new ArrayList<>();
        if (t.get("stack") instanceof List<?> frames) {
          frames.forEach(f -> stack.add(String.valueOf(f)));
        }
        Object name = t.get("name");
        result.add(
            new VirtualThread(
                id,
                name == null ? "" : String.valueOf(name),
                String.valueOf(t.get("state")),
                t.get("blockedOn") == null ? null : String.valueOf(t.get("blockedOn")),
                parked,
                owners.get(id),
                owned,
                stack));
      }
    }
    return result;
  }

  /**
   * Map each parked virtual thread's id to the id of the thread owning the lock it is parked on.
   */
  private static Map<Long, Long> lockOwners() {
    Map<Long, Long> owners = new HashMap<>();
    try {
      Class<?> containers = Class.forName("jdk.internal.vm.ThreadContainers");
      Object root = containers.getMethod("root").invoke(null);
      Method getOwner =
          AbstractOwnableSynchronizer.class.getDeclaredMethod("getExclusiveOwnerThread");
      getOwner.setAccessible(true);
      for (Thread thread : allThreads(root)) {
        if (thread.isVirtual()
            && LockSupport.getBlocker(thread) instanceof AbstractOwnableSynchronizer sync) {
          Thread owner = (Thread) getOwner.invoke(sync);
          if (owner != null) {
            owners.put(thread.threadId(), owner.threadId());
          }
        }
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      // not exported or opened to us: owners stay unknown
    }
    return owners;
  }

  @SuppressWarnings("unchecked")
  private static List<Thread> allThreads(Object container) throws ReflectiveOperationException {
    // Call through the exported abstract type: its implementations are not public.
    Class<?> type = Class.forName("jdk.internal.vm.ThreadContainer");
    List<Thread> threads = new ArrayList<>();
    ((Stream<Thread>) type.getMethod("threads").invoke(container)).forEach(threads::add);
    for (Object child : ((Stream<Object>) type.getMethod("children").invoke(container)).toList()) {
      threads.addAll(allThreads(child));
    }
    return threads;
  }
}

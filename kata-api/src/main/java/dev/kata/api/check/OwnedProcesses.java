package dev.kata.api.check;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Declare the child processes a check starts for itself, so that kata does not blame the solution
 * for them.
 *
 * <p>After each check kata looks for processes started during the check that are still running (the
 * check JVM's descendants), kills them and fails the check: the solution left them behind. A
 * process the check owns, and every descendant of it, is exempt: kata still ends it after the check
 * if the check did not, but says nothing. Own a process the moment it is started:
 *
 * <pre>
 * Process bystander = OwnedProcesses.start(new ProcessBuilder(java, "-cp", path, "Idle"));
 * </pre>
 *
 * <p>A process started in {@code @BeforeAll} is running before each check begins, so it is never
 * taken for the solution's and need not be owned.
 *
 * @since 0.1
 */
public final class OwnedProcesses {

  private static final Set<ProcessHandle> OWNED = ConcurrentHashMap.newKeySet();

  private OwnedProcesses() {}

  /**
   * Start a process and own it.
   *
   * @param builder the process to start; never null
   * @return the started process
   * @throws IOException if it cannot be started, as {@link ProcessBuilder#start()}
   */
  public static Process start(ProcessBuilder builder) throws IOException {
    Objects.requireNonNull(builder, "builder must not be null");
    Process process = builder.start();
    own(process.toHandle());
    return process;
  }

  /**
   * Own a process the check started: neither it nor its descendants are the solution's.
   *
   * @param process the process; never null
   */
  public static void own(ProcessHandle process) {
    OWNED.add(Objects.requireNonNull(process, "process must not be null"));
  }

  /**
   * Tell whether a check owns this process: it, or a process it descends from, was owned.
   *
   * @param process the process to ask about; never null
   */
  public static boolean isOwned(ProcessHandle process) {
    OWNED.removeIf(p -> !p.isAlive());
    for (Optional<ProcessHandle> p = Optional.of(process); p.isPresent(); p = p.get().parent()) {
      if (OWNED.contains(p.get())) {
        return true;
      }
    }
    return false;
  }
}

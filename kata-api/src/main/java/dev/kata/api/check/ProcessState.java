package dev.kata.api.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a process can still do: run, or nothing more, because it has ended or a SIGKILL is on its
 * way.
 *
 * <p>{@link ProcessHandle#isAlive()} is true for a zombie: a process that has ended but that its
 * parent has not yet reaped. A child of the check JVM is reaped by the JDK at once, but a process
 * whose parent died is re-parented to process 1, and in a container process 1 is often not an init
 * that reaps at once (here it reaped every 2 seconds; some never do): a grandchild killed after its
 * parent stays "alive" for that long. And a process SIGKILL was sent to still shows as running
 * until the kernel has taken it down and its parent has reaped it, though it runs none of its own
 * code again. A check that waits for "gone" wants neither to count as running:
 *
 * <pre>
 * while (ProcessState.of(grandchild) == ProcessState.RUNNING &amp;&amp; System.nanoTime() &lt; limit) {
 *   Thread.sleep(10);
 * }
 * </pre>
 *
 * <p>On Linux it reads {@code /proc/PID/stat} (the state: {@code Z} or {@code X} has ended) and
 * {@code /proc/PID/status} (the pending signals, {@code ShdPnd} and {@code SigPnd}: SIGKILL stays
 * there from the moment it is sent until the process is gone). Elsewhere (macOS has no {@code
 * /proc}) it knows what {@link ProcessHandle#isAlive()} knows: {@link #KILLED} is never returned
 * and a zombie is {@link #RUNNING}; there process 1 (launchd) reaps a re-parented process at once.
 *
 * @since 0.1
 */
public enum ProcessState {

  /** It runs, or may run its own code again. */
  RUNNING,

  /**
   * SIGKILL has been sent to it and it has not yet ended: it runs none of its own code again and
   * ends as soon as the kernel gets to it. Only on Linux.
   */
  KILLED,

  /** It has ended: reaped, or not yet (a zombie), or it never existed. */
  ENDED;

  private static final Path PROC = Path.of("/proc");

  /** SIGKILL, signal 9, in a mask of /proc/PID/status: signal n is bit n - 1. */
  private static final long SIGKILL_BIT = 1L << (9 - 1);

  /**
   * Tell what a process can still do, now.
   *
   * @param process the process to look at; never null
   * @return {@link #RUNNING}, {@link #KILLED} (Linux only) or {@link #ENDED}
   */
  public static ProcessState of(ProcessHandle process) {
    Objects.requireNonNull(process, "process must not be null");
    if (!process.isAlive()) {
      return ENDED;
    }
    Path folder = PROC.resolve(Long.toString(process.pid()));
    String stat;
    String status;
    try {
      stat = Files.readString(folder.resolve("stat"));
      status = Files.readString(folder.resolve("status"));
    } catch (IOException | SecurityException e) {
      // No /proc (macOS), or the process has just gone, or a pid reused since: ask the handle,
      // which knows its start time.
      return process.isAlive() ? RUNNING : ENDED;
    }
    ProcessState state = of(stat, status);
    // The pid may have been reused by another process after this one ended: only then is the
    // handle no longer alive.
    return process.isAlive() ? state : ENDED;
  }

  /**
   * Read the state from the text of /proc/PID/stat and /proc/PID/status.
   *
   * @param stat the text of /proc/PID/stat: "pid (command) S ..."
   * @param status the text of /proc/PID/status, with its ShdPnd and SigPnd lines
   */
  static ProcessState of(String stat, String status) {
    // The state follows the last ')': a command may contain one.
    int close = stat.lastIndexOf(')');
    if (close >= 0 && close + 2 < stat.length()) {
      char state = stat.charAt(close + 2);
      if (state == 'Z' || state == 'X') {
        return ENDED;
      }
    }
    for (String line : status.split("\n", -1)) {
      if ((line.startsWith("ShdPnd:") || line.startsWith("SigPnd:"))
          && (mask(line.substring(line.indexOf(':') + 1)) & SIGKILL_BIT) != 0) {
        return KILLED;
      }
    }
    return RUNNING;
  }

  /** The low 64 bits of a hexadecimal signal mask (signals 1 to 64); 0 when unreadable. */
  private static long mask(String hex) {
    String digits = hex.strip();
    if (digits.length() > 16) {
      digits = digits.substring(digits.length() - 16);
    }
    try {
      return digits.isEmpty() ? 0 : Long.parseUnsignedLong(digits, 16);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}

package dev.kata.core;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/** Print where a command's time goes, to standard error, when {@code KATA_TIMING} is set. */
public final class Timing {

  private static final boolean ON = System.getenv("KATA_TIMING") != null;

  private Timing() {}

  /**
   * Report a phase that started at {@code startNanos} ({@link System#nanoTime()}) and ends now.
   *
   * @param name the phase
   * @param startNanos when it started
   */
  public static void phase(String name, long startNanos) {
    if (ON) {
      System.err.printf(
          Locale.ROOT,
          "kata timing: %-14s %6.0f ms%n",
          name,
          (System.nanoTime() - startNanos) / 1e6);
    }
  }

  /** Report the time since this JVM started. */
  public static void sinceJvmStart(String name) {
    if (ON) {
      long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
      System.err.printf(
          Locale.ROOT, "kata timing: %-14s %6d ms since the JVM started%n", name, uptime);
    }
  }
}

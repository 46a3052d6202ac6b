package dev.kata.puzzles.p13;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a process still runs. {@link ProcessHandle#isAlive()} is true for a zombie too: a process
 * that has ended but that its parent has not yet reaped. A grandchild whose parent was killed first
 * is re-parented to process 1, and in a container process 1 is often not an init that reaps: a
 * killed grandchild can stay a zombie for seconds or for good. It runs no code, holds no pipe and
 * no port: it is gone in every sense the contract means, and so it is here (Linux: state Z or X in
 * /proc/PID/stat; elsewhere isAlive() alone).
 */
final class Running {

  private Running() {}

  static boolean running(ProcessHandle process) {
    if (!process.isAlive()) {
      return false;
    }
    Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
    try {
      String text = Files.readString(stat);
      // "pid (command) S ...": the state follows the last ')' (a command may contain one)
      int close = text.lastIndexOf(')');
      if (close < 0 || close + 2 >= text.length()) {
        return true;
      }
      char state = text.charAt(close + 2);
      return state != 'Z' && state != 'X';
    } catch (IOException | SecurityException e) {
      return process.isAlive(); // no /proc (macOS), or it has just gone
    }
  }
}

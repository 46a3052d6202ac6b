package fixture;

/**
 * Sends SIGSEGV to its own JVM, which HotSpot treats as a crash of native code: it writes hs_err
 * and aborts.
 */
public class Solution implements dev.kata.core.fixture.Job {
  @Override
  public int answer() throws Exception {
    new ProcessBuilder("kill", "-SEGV", Long.toString(ProcessHandle.current().pid()))
        .start()
        .waitFor();
    Thread.sleep(30_000);
    return 42;
  }
}

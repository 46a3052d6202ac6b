package fixture;

public class Solution implements dev.kata.core.fixture.Job {
  @Override
  public int answer() throws Exception {
    new ProcessBuilder("kill", "-KILL", Long.toString(ProcessHandle.current().pid()))
        .start()
        .waitFor();
    Thread.sleep(30_000);
    return 42;
  }
}

package fixture;

public class Solution implements dev.kata.core.fixture.Job {
  @Override
  public int answer() throws Exception {
    new ProcessBuilder("sleep", "307.25").start(); // never waited for, never destroyed
    return 42;
  }
}

package fixture;

import dev.kata.api.check.OwnedProcesses;

/** Stands for a check that starts a process of its own and leaves it to kata to end. */
public class Solution implements dev.kata.core.fixture.Job {
  @Override
  public int answer() throws Exception {
    OwnedProcesses.start(new ProcessBuilder("sleep", "307.5"));
    return 42;
  }
}

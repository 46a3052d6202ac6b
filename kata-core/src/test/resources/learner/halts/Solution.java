package fixture;

public class Solution implements dev.kata.core.fixture.Job {
  @Override
  public int answer() {
    Runtime.getRuntime().halt(7);
    return 42;
  }
}

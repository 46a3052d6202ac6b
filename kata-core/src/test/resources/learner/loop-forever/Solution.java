package fixture;

public class Solution implements dev.kata.core.fixture.Job {
  static volatile long spins;

  @Override
  public int answer() {
    while (true) {
      spins++; // never yields, never checks interruption
    }
  }
}

package fixture;

public class Solution implements dev.kata.core.fixture.Job {
  private static final int ANSWER = computeAnswer();

  private static int computeAnswer() {
    int n = 0;
    while (n >= 0) {
      n = (n + 1) % 1000; // never negative: loops forever while the class initializes
    }
    return n;
  }

  @Override
  public int answer() {
    return ANSWER;
  }
}

package fixture;

/** Right the first time it is asked, wrong after: only the check that asks twice can tell. */
public class Solution implements dev.kata.core.fixture.Job {
  private int calls;

  @Override
  public int answer() {
    return calls++ == 0 ? 42 : 0;
  }
}

package fixture;

import java.util.ArrayList;
import java.util.List;

/** Asks for more than the check JVM's heap: a buffer sized by a runaway count. */
public class Solution implements dev.kata.core.fixture.Job {
  @Override
  public int answer() {
    List<long[]> kept = new ArrayList<>();
    for (int size = 1 << 16; ; size *= 64) {
      kept.add(new long[size]); // 0.5 MB, 32 MB, then 2 GB: past any heap limit below it
    }
  }
}

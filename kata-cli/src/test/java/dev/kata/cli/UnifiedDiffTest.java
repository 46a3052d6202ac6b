package dev.kata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The in-process unified diff: the exact shape diff -u prints, and a patch that gives the new text
 * back.
 */
class UnifiedDiffTest {

  private static final Pattern HUNK =
      Pattern.compile("@@ -(\\d+)(?:,(\\d+))? \\+(\\d+)(?:,(\\d+))? @@");

  @Test
  void printsWhatDiffDashUPrints() {
    String before = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\n";
    String after = "a\nb\nc\nD\ne\nf\ng\nh\ni\nj\nk\nl\n";

    // The output of GNU diff -u on these two texts (labels aside).
    assertThat(UnifiedDiff.of("yours", before, "reference", after))
        .isEqualTo(
            """
            --- yours
            +++ reference
            @@ -1,7 +1,7 @@
             a
             b
             c
            -d
            +D
             e
             f
             g
            @@ -9,3 +9,4 @@
             i
             j
             k
            +l
            """);
  }

  @Test
  void sameLinesGiveNoDiff() {
    assertThat(UnifiedDiff.of("a", "x\r\ny\n", "b", "x\ny")).isEmpty();
  }

  @Test
  void applyingTheDiffToTheOldTextGivesTheNewTextForRandomEdits() {
    Random random = new Random(18);
    for (int round = 0; round < 500; round++) {
      List<String> before = randomLines(random);
      List<String> after = new ArrayList<>(before);
      for (int edits = random.nextInt(5); edits > 0; edits--) {
        int at = random.nextInt(after.size() + 1);
        switch (random.nextInt(3)) {
          case 0 -> after.add(at, "new" + random.nextInt(4));
          case 1 -> {
            if (at < after.size()) {
              after.remove(at);
            }
          }
          default -> {
            if (at < after.size()) {
              after.set(at, "changed" + random.nextInt(4));
            }
          }
        }
      }
      String diff = UnifiedDiff.of("a", join(before), "b", join(after));
      assertThat(apply(before, diff)).as("round %d:%n%s", round, diff).isEqualTo(after);
    }
  }

  private static List<String> randomLines(Random random) {
    List<String> lines = new ArrayList<>();
    for (int i = random.nextInt(30); i > 0; i--) {
      lines.add("line" + random.nextInt(6));
    }
    return lines;
  }

  private static String join(List<String> lines) {
    return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
  }

  /** Apply a unified diff, checking every context and removed line and every hunk's counts. */
  private static List<String> apply(List<String> before, String diff) {
    if (diff.isEmpty()) {
      return before;
    }
    List<String> lines = UnifiedDiff.lines(diff);
    List<String> result = new ArrayList<>();
    int next = 0; // index into before of the next line not yet copied
    for (int k = 2; k < lines.size(); ) {
      Matcher hunk = HUNK.matcher(lines.get(k));
      assertThat(hunk.matches()).as(lines.get(k)).isTrue();
      int oldStart = Integer.parseInt(hunk.group(1));
      int oldCount = hunk.group(2) == null ? 1 : Integer.parseInt(hunk.group(2));
      int newCount = hunk.group(4) == null ? 1 : Integer.parseInt(hunk.group(4));
      int from = oldCount == 0 ? oldStart : oldStart - 1;
      while (next < from) {
        result.add(before.get(next++));
      }
      assertThat(Integer.parseInt(hunk.group(3)))
          .as("new start")
          .isEqualTo(newCount == 0 ? result.size() : result.size() + 1);
      int seenOld = 0;
      int seenNew = 0;
      for (k++; k < lines.size() && !lines.get(k).startsWith("@@"); k++) {
        String line = lines.get(k);
        String text = line.substring(1);
        if (line.charAt(0) != '+') {
          assertThat(before.get(next++)).isEqualTo(text);
          seenOld++;
        }
        if (line.charAt(0) != '-') {
          result.add(text);
          seenNew++;
        }
      }
      assertThat(seenOld).as("old count").isEqualTo(oldCount);
      assertThat(seenNew).as("new count").isEqualTo(newCount);
    }
    while (next < before.size()) {
      result.add(before.get(next++));
    }
    return result;
  }
}

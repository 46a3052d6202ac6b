package dev.kata.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff of two texts, computed here (no external {@code diff} needed): the longest common
 * subsequence of their lines, then hunks with three lines of context, as {@code diff -u} prints
 * them. Solution files are a few hundred lines, so the quadratic table is small.
 */
final class UnifiedDiff {

  private static final int CONTEXT = 3;

  /** One line of an edit script: kept (' '), removed ('-') or added ('+'). */
  private record Edit(char kind, String text, int oldLine, int newLine) {}

  private UnifiedDiff() {}

  /**
   * Diff two texts.
   *
   * @param oldName the label of the first text ("--- " line)
   * @param oldText the first text
   * @param newName the label of the second text ("+++ " line)
   * @param newText the second text
   * @return the diff, empty when the texts have the same lines
   */
  static String of(String oldName, String oldText, String newName, String newText) {
    List<Edit> edits = edits(lines(oldText), lines(newText));
    if (edits.stream().allMatch(e -> e.kind() == ' ')) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    out.append("--- ").append(oldName).append('\n').append("+++ ").append(newName).append('\n');
    int i = 0;
    while (i < edits.size()) {
      if (edits.get(i).kind() == ' ') {
        i++;
        continue;
      }
      // A hunk: from CONTEXT lines before this change to CONTEXT lines after the last change that
      // is
      // at most 2 * CONTEXT kept lines away from the one before it.
      int start = Math.max(0, i - CONTEXT);
      int end = i;
      int kept = 0;
      for (int j = i; j < edits.size(); j++) {
        if (edits.get(j).kind() == ' ') {
          kept++;
          if (kept > 2 * CONTEXT) {
            break;
          }
        } else {
          kept = 0;
          end = j;
        }
      }
      int stop = Math.min(edits.size(), end + 1 + CONTEXT);
      List<Edit> hunk = edits.subList(start, stop);
      long oldCount = hunk.stream().filter(e -> e.kind() != '+').count();
      long newCount = hunk.stream().filter(e -> e.kind() != '-').count();
      out.append("@@ -")
          .append(range(firstLine(hunk, true), oldCount))
          .append(" +")
          .append(range(firstLine(hunk, false), newCount))
          .append(" @@\n");
      for (Edit edit : hunk) {
        out.append(edit.kind()).append(edit.text()).append('\n');
      }
      i = stop;
    }
    return out.toString();
  }

  /**
   * Lay two texts out side by side, lines matched as in the diff: a kept line on both sides, a
   * changed one with {@code |} between the two, a line only one side has with {@code <} or {@code
   * >}. Tabs become spaces and lines longer than a column are cut with {@code ~}.
   *
   * @param width the whole width, both columns and the gutter
   */
  static String sideBySide(
      String oldName, String oldText, String newName, String newText, int width) {
    int column = Math.max(10, (width - 3) / 2);
    StringBuilder out = new StringBuilder();
    row(out, column, oldName, ' ', newName);
    row(out, column, "-".repeat(column), ' ', "-".repeat(column));
    List<Edit> edits = edits(lines(oldText), lines(newText));
    int i = 0;
    while (i < edits.size()) {
      if (edits.get(i).kind() == ' ') {
        row(out, column, edits.get(i).text(), ' ', edits.get(i).text());
        i++;
        continue;
      }
      // A change: the removed lines beside the added ones that replace them.
      List<String> removed = new ArrayList<>();
      List<String> added = new ArrayList<>();
      while (i < edits.size() && edits.get(i).kind() != ' ') {
        (edits.get(i).kind() == '-' ? removed : added).add(edits.get(i).text());
        i++;
      }
      for (int k = 0; k < Math.max(removed.size(), added.size()); k++) {
        String left = k < removed.size() ? removed.get(k) : "";
        String right = k < added.size() ? added.get(k) : "";
        char gutter = k >= removed.size() ? '>' : k >= added.size() ? '<' : '|';
        row(out, column, left, gutter, right);
      }
    }
    return out.toString();
  }

  private static void row(StringBuilder out, int column, String left, char gutter, String right) {
    String l = fit(left, column);
    String r = fit(right, column);
    String line = l + " ".repeat(column - l.length()) + " " + gutter + " " + r;
    out.append(line.stripTrailing()).append('\n');
  }

  private static String fit(String text, int column) {
    String plain = text.replace("\t", "    ");
    return plain.length() <= column ? plain : plain.substring(0, column - 1) + "~";
  }

  private static String range(int first, long count) {
    // diff -u numbers an empty range by the line before it.
    return count == 1 ? String.valueOf(first) : (count == 0 ? first - 1 : first) + "," + count;
  }

  private static int firstLine(List<Edit> hunk, boolean old) {
    for (Edit edit : hunk) {
      if (old ? edit.kind() != '+' : edit.kind() != '-') {
        return old ? edit.oldLine() : edit.newLine();
      }
    }
    // The hunk has no line on this side: number it by the line before, as diff -u does.
    Edit first = hunk.get(0);
    return (old ? first.oldLine() : first.newLine());
  }

  static List<String> lines(String text) {
    if (text.isEmpty()) {
      return List.of();
    }
    String normal = text.replace("\r\n", "\n");
    if (normal.endsWith("\n")) {
      normal = normal.substring(0, normal.length() - 1);
    }
    return List.of(normal.split("\n", -1));
  }

  private static List<Edit> edits(List<String> a, List<String> b) {
    int n = a.size();
    int m = b.size();
    int[][] lcs = new int[n + 1][m + 1];
    for (int i = n - 1; i >= 0; i--) {
      for (int j = m - 1; j >= 0; j--) {
        lcs[i][j] =
            a.get(i).equals(b.get(j))
                ? lcs[i + 1][j + 1] + 1
                : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    List<Edit> edits = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a.get(i).equals(b.get(j))) {
        edits.add(new Edit(' ', a.get(i), i + 1, j + 1));
        i++;
        j++;
      } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
        // Removals first, as diff -u prints them. The line number of the side a line is not on is
        // that side's next line.
        edits.add(new Edit('-', a.get(i), i + 1, j + 1));
        i++;
      } else {
        edits.add(new Edit('+', b.get(j), i + 1, j + 1));
        j++;
      }
    }
    return edits;
  }
}

package dev.kata.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Lay out a prerequisite graph as a tree a reader takes in at a glance, each puzzle drawn once.
 *
 * <p>The graph is a DAG: a puzzle may need several others (08 needs 06, 07 and 09). A tree can show
 * one parent per node, so each puzzle hangs under its <em>deepest</em> prerequisite (the one
 * finished last on any path through the course; a tie goes to the later one in course order), and
 * the caller prints every prerequisite beside it. Drawing depth first keeps a puzzle right under
 * the subtree of the parent it hangs from, so it can never appear to belong to a neighbour.
 */
final class PrerequisiteTree {

  /** One node: a puzzle id and the ids it needs, in course order. */
  record Node(String id, List<String> prerequisites) {}

  /** One drawn line: the connector prefix (indentation and branch) and the node on it. */
  record Line(String prefix, Node node) {}

  private PrerequisiteTree() {}

  /**
   * Lay out {@code nodes}, given in course order (every prerequisite before the puzzles needing
   * it). A prerequisite that is not among the nodes is ignored for placement.
   */
  static List<Line> layout(List<Node> nodes, boolean unicode) {
    Map<String, Integer> depth = new HashMap<>();
    Map<String, Integer> position = new HashMap<>();
    Map<String, List<Node>> children = new LinkedHashMap<>();
    List<Node> roots = new ArrayList<>();
    for (Node node : nodes) {
      position.put(node.id(), position.size());
      String parent = null;
      for (String prerequisite : node.prerequisites()) {
        if (!depth.containsKey(prerequisite)) {
          continue;
        }
        if (parent == null
            || depth.get(prerequisite) > depth.get(parent)
            || (depth.get(prerequisite).equals(depth.get(parent))
                && position.get(prerequisite) > position.get(parent))) {
          parent = prerequisite;
        }
      }
      depth.put(node.id(), parent == null ? 0 : depth.get(parent) + 1);
      if (parent == null) {
        roots.add(node);
      } else {
        children.computeIfAbsent(parent, p -> new ArrayList<>()).add(node);
      }
    }
    Glyphs glyphs = unicode ? Glyphs.UNICODE : Glyphs.ASCII;
    List<Line> lines = new ArrayList<>();
    for (int i = 0; i < roots.size(); i++) {
      draw(roots.get(i), "", "", children, glyphs, lines);
    }
    return lines;
  }

  private static void draw(
      Node node,
      String prefix,
      String childPrefix,
      Map<String, List<Node>> children,
      Glyphs glyphs,
      List<Line> lines) {
    lines.add(new Line(prefix, node));
    List<Node> mine = children.getOrDefault(node.id(), List.of());
    for (int i = 0; i < mine.size(); i++) {
      boolean last = i == mine.size() - 1;
      draw(
          mine.get(i),
          childPrefix + (last ? glyphs.last() : glyphs.branch()),
          childPrefix + (last ? glyphs.blank() : glyphs.through()),
          children,
          glyphs,
          lines);
    }
  }

  /** Render the layout as plain text, one line per node, for tests and non-styled output. */
  static String render(List<Node> nodes, boolean unicode, Function<Node, String> label) {
    StringBuilder text = new StringBuilder();
    for (Line line : layout(nodes, unicode)) {
      text.append(line.prefix()).append(label.apply(line.node())).append('\n');
    }
    return text.toString();
  }

  private record Glyphs(String branch, String last, String through, String blank) {
    static final Glyphs UNICODE = new Glyphs("\u251c\u2500 ", "\u2514\u2500 ", "\u2502  ", "   ");
    static final Glyphs ASCII = new Glyphs("+- ", "`- ", "|  ", "   ");
  }
}

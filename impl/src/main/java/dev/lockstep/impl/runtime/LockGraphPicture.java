package dev.lockstep.impl.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A {@link LockDep} graph as a picture: Graphviz DOT text, and an SVG drawn here (no Graphviz needed) with a small
 * layered layout: classes in rows by the longest chain of dependencies above them (back edges of a depth-first search
 * left out), dependencies as arrows labelled with their kinds. Edges of a cycle are red, edges against the documented
 * order orange; waits (wait queues, PG_writeback) are dashed ellipses. Deterministic: the same graph gives the same
 * bytes.
 */
public final class LockGraphPicture {
  private static final int CHAR_WIDTH = 7;
  private static final int NODE_HEIGHT = 28;
  private static final int ROW_GAP = 70;
  private static final int COLUMN_GAP = 40;
  private static final int MARGIN = 30;

  private final LockDep graph;
  private final Set<LockDep.Edge> cycleEdges = new HashSet<>();
  private final Set<LockDep.Edge> against;

  public LockGraphPicture(LockDep graph, LockOrder order) {
    this.graph = graph;
    LockCycles.of(graph).forEach(c -> cycleEdges.addAll(c.edges()));
    this.against = new HashSet<>(order.violations(graph));
  }

  private String colour(LockDep.Edge e) {
    return cycleEdges.contains(e) ? "red" : against.contains(e) ? "orange" : "black";
  }

  public String dot(String title) {
    StringBuilder out = new StringBuilder("digraph \"").append(dotEscape(title)).append("\" {\n")
        .append("  rankdir=TB;\n  node [shape=box, fontname=\"monospace\"];\n");
    for (String c : graph.classes()) {
      out.append("  \"").append(dotEscape(c)).append('"')
          .append(graph.isWait(c) ? " [shape=ellipse, style=dashed]" : "").append(";\n");
    }
    for (LockDep.Edge e : graph.edges()) {
      out.append("  \"").append(dotEscape(e.from())).append("\" -> \"").append(dotEscape(e.to()))
          .append("\" [label=\"").append(e.kinds()).append("\", color=").append(colour(e)).append("];\n");
    }
    return out.append("}\n").toString();
  }

  public String svg(String title) {
    List<String> classes = graph.classes();
    Map<String, Integer> rank = ranks(classes);
    List<List<String>> rows = new ArrayList<>();
    for (String c : classes) {
      int r = rank.get(c);
      while (rows.size() <= r) {
        rows.add(new ArrayList<>());
      }
      rows.get(r).add(c);
    }
    Map<String, int[]> box = new HashMap<>();
    int width = 0;
    for (int r = 0; r < rows.size(); r++) {
      int x = MARGIN;
      int y = MARGIN + 30 + r * (NODE_HEIGHT + ROW_GAP);
      for (String c : rows.get(r)) {
        int w = c.length() * CHAR_WIDTH + 20;
        box.put(c, new int[] {x, y, w});
        x += w + COLUMN_GAP;
      }
      width = Math.max(width, x);
    }
    int height = MARGIN * 2 + 30 + Math.max(1, rows.size()) * (NODE_HEIGHT + ROW_GAP);
    width = Math.max(width + MARGIN, 400);
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
            + " font-family=\"monospace\" font-size=\"12\">%n", width, height, width, height))
        .append("  <defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\""
            + " markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\"/></marker></defs>\n")
        .append("  <text x=\"").append(MARGIN).append("\" y=\"").append(MARGIN).append("\" font-size=\"14\">")
        .append(xml(title)).append("</text>\n");
    for (LockDep.Edge e : graph.edges()) {
      out.append(edge(e, box.get(e.from()), box.get(e.to()), rank.get(e.from()) < rank.get(e.to())));
    }
    for (String c : classes) {
      int[] b = box.get(c);
      if (graph.isWait(c)) {
        out.append(String.format(Locale.ROOT,
            "  <ellipse cx=\"%d\" cy=\"%d\" rx=\"%d\" ry=\"%d\" fill=\"white\" stroke=\"black\""
                + " stroke-dasharray=\"4 3\"/>%n", b[0] + b[2] / 2, b[1] + NODE_HEIGHT / 2, b[2] / 2,
            NODE_HEIGHT / 2));
      } else {
        out.append(String.format(Locale.ROOT,
            "  <rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"white\" stroke=\"black\"/>%n",
            b[0], b[1], b[2], NODE_HEIGHT));
      }
      out.append(String.format(Locale.ROOT, "  <text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
          b[0] + b[2] / 2, b[1] + NODE_HEIGHT / 2 + 4, xml(c)));
    }
    return out.append("</svg>\n").toString();
  }

  /** A downward edge is straight; an edge up or along a row bends to the right; a self-edge is a loop. */
  private String edge(LockDep.Edge e, int[] from, int[] to, boolean down) {
    String colour = colour(e);
    int x1 = from[0] + from[2] / 2;
    int x2 = to[0] + to[2] / 2;
    String path;
    int lx;
    int ly;
    if (from == to) {
      int x = from[0] + from[2];
      int y = from[1] + NODE_HEIGHT / 2;
      path = String.format(Locale.ROOT, "M%d,%d C%d,%d %d,%d %d,%d", x, y - 6, x + 40, y - 30, x + 40, y + 30,
          x, y + 6);
      lx = x + 34;
      ly = y;
    } else if (down) {
      int y1 = from[1] + NODE_HEIGHT;
      int y2 = to[1];
      path = String.format(Locale.ROOT, "M%d,%d L%d,%d", x1, y1, x2, y2);
      // a third of the way down: labels of edges that cross mid-row stay apart
      lx = x1 + (x2 - x1) / 3 + 4;
      ly = y1 + (y2 - y1) / 3;
    } else {
      int y1 = from[1];
      int y2 = to[1] + NODE_HEIGHT;
      int bend = Math.max(from[0] + from[2], to[0] + to[2]) + 30;
      path = String.format(Locale.ROOT, "M%d,%d Q%d,%d %d,%d", from[0] + from[2], y1 + NODE_HEIGHT / 2, bend,
          (y1 + y2) / 2, to[0] + to[2], y2 - NODE_HEIGHT / 2);
      lx = bend - 6;
      ly = (y1 + y2) / 2 + 12;
    }
    return String.format(Locale.ROOT,
        "  <path d=\"%s\" fill=\"none\" stroke=\"%s\" marker-end=\"url(#arrow)\"><title>%s</title></path>%n"
            + "  <text x=\"%d\" y=\"%d\" fill=\"%s\" font-size=\"10\">%s</text>%n",
        path, colour, xml(e.from() + " -> " + e.to() + " first at " + e.first().toSite()), lx, ly, colour,
        e.kinds());
  }

  /** Longest path from a root, over the edges that are not back edges of a depth-first search in class order. */
  private Map<String, Integer> ranks(List<String> classes) {
    Map<String, List<String>> succ = new HashMap<>();
    for (LockDep.Edge e : graph.edges()) {
      succ.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e.to());
    }
    Set<String> done = new HashSet<>();
    Set<String> onPath = new HashSet<>();
    List<String> postOrder = new ArrayList<>();
    Map<String, List<String>> forward = new HashMap<>();
    for (String c : classes) {
      dfs(c, succ, done, onPath, postOrder, forward);
    }
    Map<String, Integer> rank = new HashMap<>();
    classes.forEach(c -> rank.put(c, 0));
    for (int i = postOrder.size() - 1; i >= 0; i--) {
      String c = postOrder.get(i);
      for (String s : forward.getOrDefault(c, List.of())) {
        rank.put(s, Math.max(rank.get(s), rank.get(c) + 1));
      }
    }
    return rank;
  }

  private static void dfs(String c, Map<String, List<String>> succ, Set<String> done, Set<String> onPath,
      List<String> postOrder, Map<String, List<String>> forward) {
    if (!done.add(c)) {
      return;
    }
    onPath.add(c);
    for (String s : succ.getOrDefault(c, List.of())) {
      if (!onPath.contains(s)) {
        forward.computeIfAbsent(c, k -> new ArrayList<>()).add(s);
        dfs(s, succ, done, onPath, postOrder, forward);
      }
    }
    onPath.remove(c);
    postOrder.add(c);
  }

  private static String xml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private static String dotEscape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}

package dev.sightline.query.trace;

import dev.sightline.model.Span;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The parent/child structure of one trace, with exactly one root.
 *
 * <p>Nodes are addressed by index ({@code 0..size()-1}), so that algorithms over large traces stay
 * iterative and allocation-light. When the trace has exactly one span without a parent and every other
 * span's parent is present, that span is the root. Otherwise (the root is missing, several spans have no
 * parent, or parents form a cycle) a synthetic root spanning the whole trace is added as the last node,
 * and the spans hanging from it are reported by {@link #orphanSpanIds()}.
 *
 * <p>Spans with a span id seen before in the same list are dropped and counted in
 * {@link #duplicateSpanCount()}; a span naming itself as parent is an orphan.
 */
public final class SpanTree {
  /** The span id of the synthetic root: all zeros, which W3C Trace Context never assigns to a span. */
  public static final String SYNTHETIC_ROOT_ID = "0000000000000000";

  private final String traceId;
  private final List<Span> spans; // without the synthetic root
  private final int[] parent;
  private final int[][] children;
  private final int root;
  private final List<String> orphanSpanIds;
  private final int duplicateSpanCount;
  private final Map<String, Integer> indexById;

  private SpanTree(String traceId, List<Span> spans, int[] parent, int[][] children, int root,
      List<String> orphanSpanIds, int duplicateSpanCount, Map<String, Integer> indexById) {
    this.traceId = traceId;
    this.spans = spans;
    this.parent = parent;
    this.children = children;
    this.root = root;
    this.orphanSpanIds = orphanSpanIds;
    this.duplicateSpanCount = duplicateSpanCount;
    this.indexById = indexById;
  }

  /**
   * Builds the tree of one trace.
   *
   * @throws IllegalArgumentException when {@code spans} is empty or holds spans of more than one trace
   */
  public static SpanTree of(List<Span> input) {
    if (input == null || input.isEmpty()) {
      throw new IllegalArgumentException("a trace needs at least one span, got none");
    }
    String traceId = input.get(0).traceId();
    Map<String, Integer> indexById = new HashMap<>(input.size() * 2);
    List<Span> spans = new ArrayList<>(input.size());
    int duplicates = 0;
    for (Span s : input) {
      if (!s.traceId().equals(traceId)) {
        throw new IllegalArgumentException("spans belong to more than one trace: " + traceId + " and " + s.traceId());
      }
      if (indexById.putIfAbsent(s.spanId(), spans.size()) == null) {
        spans.add(s);
      } else {
        duplicates++;
      }
    }
    int n = spans.size();
    int[] parent = new int[n + 1];
    List<String> orphans = new ArrayList<>();
    int trueRoots = 0;
    for (int i = 0; i < n; i++) {
      Span s = spans.get(i);
      Integer p = s.isRoot() ? null : indexById.get(s.parentSpanId());
      if (p == null || p == i) {
        parent[i] = -1;
        if (s.isRoot()) {
          trueRoots++;
        } else {
          orphans.add(s.spanId());
        }
      } else {
        parent[i] = p;
      }
    }
    breakCycles(spans, parent, n, orphans);

    int root;
    int size;
    if (trueRoots == 1 && orphans.isEmpty()) {
      size = n;
      root = indexOfFirst(parent, n);
    } else {
      size = n + 1;
      root = n;
      for (int i = 0; i < n; i++) {
        if (parent[i] == -1) {
          parent[i] = root;
        }
      }
    }
    parent[root] = -1;
    int[][] children = childrenOf(spans, parent, size);
    return new SpanTree(traceId, Collections.unmodifiableList(spans), Arrays.copyOf(parent, size), children, root,
        List.copyOf(orphans), duplicates, indexById);
  }

  /** Spans whose parent chain loops never reach a root: detach the earliest of each loop and make it an orphan. */
  private static void breakCycles(List<Span> spans, int[] parent, int n, List<String> orphans) {
    int[][] kids = childrenOf(spans, parent, n);
    boolean[] reached = new boolean[n];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int i = 0; i < n; i++) {
      if (parent[i] == -1) {
        reached[i] = true;
        queue.add(i);
      }
    }
    while (true) {
      while (!queue.isEmpty()) {
        for (int c : kids[queue.poll()]) {
          if (!reached[c]) {
            reached[c] = true;
            queue.add(c);
          }
        }
      }
      int cut = -1;
      for (int i = 0; i < n; i++) {
        if (!reached[i] && (cut == -1 || spans.get(i).startEpochNanos() < spans.get(cut).startEpochNanos())) {
          cut = i;
        }
      }
      if (cut == -1) {
        return;
      }
      parent[cut] = -1;
      orphans.add(spans.get(cut).spanId());
      reached[cut] = true;
      queue.add(cut);
    }
  }

  private static int indexOfFirst(int[] parent, int n) {
    for (int i = 0; i < n; i++) {
      if (parent[i] == -1) {
        return i;
      }
    }
    throw new IllegalStateException("no root");
  }

  /** Children per node, each list ordered by start time (then input order) for stable output. */
  private static int[][] childrenOf(List<Span> spans, int[] parent, int size) {
    int[] counts = new int[size];
    for (int i = 0; i < spans.size(); i++) {
      if (parent[i] >= 0) {
        counts[parent[i]]++;
      }
    }
    int[][] children = new int[size][];
    for (int i = 0; i < size; i++) {
      children[i] = new int[counts[i]];
      counts[i] = 0;
    }
    for (int i = 0; i < spans.size(); i++) {
      int p = parent[i];
      if (p >= 0) {
        children[p][counts[p]++] = i;
      }
    }
    for (int[] c : children) {
      if (c.length > 1) {
        Integer[] boxed = Arrays.stream(c).boxed().toArray(Integer[]::new);
        Arrays.sort(boxed, (a, b) -> Long.compare(spans.get(a).startEpochNanos(), spans.get(b).startEpochNanos()));
        for (int k = 0; k < c.length; k++) {
          c[k] = boxed[k];
        }
      }
    }
    return children;
  }

  public String traceId() {
    return traceId;
  }

  /** Number of nodes, the synthetic root included. */
  public int size() {
    return parent.length;
  }

  public int root() {
    return root;
  }

  public boolean hasSyntheticRoot() {
    return root == spans.size();
  }

  public boolean isSynthetic(int node) {
    return node == spans.size();
  }

  /** The span at a node; null for the synthetic root. */
  public Span span(int node) {
    return isSynthetic(node) ? null : spans.get(node);
  }

  /** The distinct spans of the trace, in input order (the synthetic root is not one of them). */
  public List<Span> spans() {
    return spans;
  }

  /** The parent node, or -1 for the root. */
  public int parent(int node) {
    return parent[node];
  }

  /** Child nodes ordered by start time. The array is shared: do not modify it. */
  public int[] children(int node) {
    return children[node];
  }

  /** The node of a span id, or -1. */
  public int indexOf(String spanId) {
    Integer i = indexById.get(spanId);
    return i == null ? -1 : i;
  }

  public String spanId(int node) {
    return isSynthetic(node) ? SYNTHETIC_ROOT_ID : spans.get(node).spanId();
  }

  /** The service of a node; empty for the synthetic root. */
  public String service(int node) {
    return isSynthetic(node) ? "" : spans.get(node).serviceName();
  }

  /** The span name of a node; "(missing root span)" for the synthetic root. */
  public String name(int node) {
    return isSynthetic(node) ? "(missing root span)" : spans.get(node).name();
  }

  /** Spans whose parent is absent from the trace (or part of a parent cycle), attached to the synthetic root. */
  public List<String> orphanSpanIds() {
    return orphanSpanIds;
  }

  public int duplicateSpanCount() {
    return duplicateSpanCount;
  }
}

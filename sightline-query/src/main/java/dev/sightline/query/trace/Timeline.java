package dev.sightline.query.trace;

import dev.sightline.model.Span;

/**
 * Start and end of every node of a {@link SpanTree} after clock-skew correction; the synthetic root, if
 * any, spans from the earliest start to the latest end.
 */
final class Timeline {
  final long[] start;
  final long[] end;

  private Timeline(long[] start, long[] end) {
    this.start = start;
    this.end = end;
  }

  static Timeline of(SpanTree tree, long[] offset) {
    int size = tree.size();
    long[] start = new long[size];
    long[] end = new long[size];
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int i = 0; i < size; i++) {
      Span s = tree.span(i);
      if (s == null) {
        continue;
      }
      start[i] = s.startEpochNanos() + offset[i];
      end[i] = start[i] + s.durationNanos(); // a span ending before it starts lasts zero
      min = Math.min(min, start[i]);
      max = Math.max(max, end[i]);
    }
    if (tree.hasSyntheticRoot()) {
      start[tree.root()] = min;
      end[tree.root()] = max;
    }
    return new Timeline(start, end);
  }

  long duration(int node) {
    return end[node] - start[node];
  }

  /** Every node, parents before children (breadth-first), without recursion. */
  static int[] topDownOrder(SpanTree tree) {
    int[] order = new int[tree.size()];
    int head = 0;
    int tail = 0;
    order[tail++] = tree.root();
    while (head < tail) {
      for (int c : tree.children(order[head++])) {
        order[tail++] = c;
      }
    }
    return order;
  }
}

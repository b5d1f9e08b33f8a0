package dev.sightline.query.trace;

import java.util.Arrays;

/**
 * The union of a span's children's intervals, clipped to the span: what self time subtracts and what
 * gaps are the complement of. Returned flat as {@code [start0, end0, start1, end1, ...]}, sorted and
 * disjoint.
 */
final class ChildCoverage {
  private ChildCoverage() {}

  static long[] of(SpanTree tree, Timeline t, int node) {
    int[] children = tree.children(node);
    long lo = t.start[node];
    long hi = t.end[node];
    long[][] clipped = new long[children.length][];
    int n = 0;
    for (int c : children) {
      long s = Math.max(lo, t.start[c]);
      long e = Math.min(hi, t.end[c]);
      if (s < e) {
        clipped[n++] = new long[] {s, e};
      }
    }
    // Children are sorted by their raw start; skew correction can reorder them, so sort again.
    Arrays.sort(clipped, 0, n, (a, b) -> Long.compare(a[0], b[0]));
    long[] merged = new long[2 * n];
    int m = 0;
    for (int i = 0; i < n; i++) {
      long s = clipped[i][0];
      long e = clipped[i][1];
      if (m > 0 && s <= merged[m - 1]) {
        merged[m - 1] = Math.max(merged[m - 1], e);
      } else {
        merged[m++] = s;
        merged[m++] = e;
      }
    }
    return Arrays.copyOf(merged, m);
  }

  static long coveredNanos(long[] merged) {
    long sum = 0;
    for (int i = 0; i < merged.length; i += 2) {
      sum += merged[i + 1] - merged[i];
    }
    return sum;
  }

  /** Total overlap of two sorted, disjoint flat interval lists, in linear time. */
  static long overlap(long[] a, long[] b) {
    long sum = 0;
    int i = 0;
    int j = 0;
    while (i < a.length && j < b.length) {
      long s = Math.max(a[i], b[j]);
      long e = Math.min(a[i + 1], b[j + 1]);
      if (s < e) {
        sum += e - s;
      }
      if (a[i + 1] < b[j + 1]) {
        i += 2;
      } else {
        j += 2;
      }
    }
    return sum;
  }
}

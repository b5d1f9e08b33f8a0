package dev.sightline.query.promql.internal.eval;

import dev.sightline.query.promql.internal.ast.Expr.MatrixSelector.RangeMode;
import dev.sightline.query.promql.internal.eval.Value.Points;
import dev.sightline.store.metrics.Series;
import dev.sightline.store.metrics.StaleMarker;
import java.util.Arrays;

/**
 * Windows for the experimental {@code anchored} and {@code smoothed} range modes. Anchored prepends the
 * last sample at or before the window start (within the lookback delta) as a point at the start.
 * Smoothed replaces both edges with values interpolated from the neighbouring samples (the first or
 * last sample's value when there is no neighbour on one side).
 */
final class ExtendedWindows {
  private ExtendedWindows() {}

  static Points window(Series s, long from, long to, long lookbackMs, RangeMode mode, boolean counter) {
    long[] ts = s.timestamps();
    double[] vs = s.values();
    int n = 0;
    long[] t = new long[ts.length + 2];
    double[] v = new double[ts.length + 2];
    int before = lastAtOrBefore(s, from, lookbackMs);
    int firstInside = Evaluator.upperBound(ts, from);
    int endExclusive = Evaluator.upperBound(ts, to);
    if (mode == RangeMode.ANCHORED) {
      boolean anyInside = false;
      for (int i = firstInside; i < endExclusive && !anyInside; i++) {
        anyInside = !StaleMarker.isStale(vs[i]);
      }
      if (!anyInside) {
        return null; // the anchor alone is not a window
      }
      if (before >= 0) {
        t[n] = from;
        v[n++] = vs[before];
      }
      for (int i = firstInside; i < endExclusive; i++) {
        if (!StaleMarker.isStale(vs[i])) {
          t[n] = ts[i];
          v[n++] = vs[i];
        }
      }
      return n == 0 ? null : new Points(s.labels(), Arrays.copyOf(t, n), Arrays.copyOf(v, n), n, false);
    }
    int after = firstAfter(s, to, lookbackMs);
    int lastInside = -1;
    int firstIn = -1;
    for (int i = firstInside; i < endExclusive; i++) {
      if (!StaleMarker.isStale(vs[i])) {
        lastInside = i;
        if (firstIn < 0) {
          firstIn = i;
        }
      }
    }
    if (firstIn < 0 && (before < 0 || after < 0)) {
      return null;
    }
    int leftOfStart = before;
    int rightOfStart = firstIn >= 0 ? firstIn : after;
    t[n] = from;
    v[n++] = interpolate(s, leftOfStart, rightOfStart, from, counter);
    for (int i = firstInside; i < endExclusive; i++) {
      if (!StaleMarker.isStale(vs[i]) && ts[i] < to) {
        t[n] = ts[i];
        v[n++] = vs[i];
      }
    }
    int leftOfEnd = lastInside >= 0 ? lastInside : before;
    t[n] = to;
    v[n++] = lastInside >= 0 && ts[lastInside] == to ? vs[lastInside] : interpolate(s, leftOfEnd, after, to, counter);
    return new Points(s.labels(), Arrays.copyOf(t, n), Arrays.copyOf(v, n), n, false);
  }

  /** Linear interpolation at time x between samples a and b (either may be missing: -1). */
  private static double interpolate(Series s, int a, int b, long x, boolean counter) {
    if (a < 0) {
      return s.values()[b];
    }
    if (b < 0) {
      return s.values()[a];
    }
    long ta = s.timestamps()[a];
    long tb = s.timestamps()[b];
    double va = s.values()[a];
    double vb = s.values()[b];
    if (tb == ta) {
      return vb;
    }
    // A drop means a counter reset: assume the counter restarted from zero.
    double start = counter && vb < va ? 0 : va;
    return start + (vb - start) * (x - ta) / (double) (tb - ta);
  }

  private static int lastAtOrBefore(Series s, long x, long lookbackMs) {
    int i = Evaluator.upperBound(s.timestamps(), x) - 1;
    if (i < 0 || s.timestamps()[i] <= x - lookbackMs || StaleMarker.isStale(s.values()[i])) {
      return -1;
    }
    return i;
  }

  private static int firstAfter(Series s, long x, long lookbackMs) {
    int i = Evaluator.upperBound(s.timestamps(), x);
    if (i >= s.timestamps().length || s.timestamps()[i] > x + lookbackMs || StaleMarker.isStale(s.values()[i])) {
      return -1;
    }
    return i;
  }
}

package dev.sightline.query.promql.internal.eval;

import java.util.Arrays;

/** Float statistics with Prometheus's numerics (compensated sums, its quantile interpolation). */
final class Stats {
  private Stats() {}

  /** Compensated sum divided by count; falls back to an incremental mean when the sum overflows. */
  static double mean(double[] v, int n) {
    if (n == 1) {
      return v[0];
    }
    double[] sc = new double[2];
    boolean incremental = false;
    double mean = 0;
    double[] mc = new double[2];
    for (int i = 0; i < n; i++) {
      if (!incremental) {
        double[] probe = sc.clone();
        GoMath.kahanInc(v[i], probe);
        if (!Double.isInfinite(probe[0]) || Double.isInfinite(v[i])) {
          sc = probe;
          continue;
        }
        incremental = true;
        mc[0] = sc[0] / i;
        mc[1] = sc[1] / i;
      }
      double cur = mc[0] + mc[1];
      if (Double.isInfinite(cur)) {
        if (Double.isInfinite(v[i]) && Math.signum(v[i]) != Math.signum(cur)) {
          mc[0] = Double.NaN;
          mc[1] = 0;
        }
        continue;
      }
      GoMath.kahanInc(v[i] / (i + 1) - cur / (i + 1), mc);
    }
    if (incremental) {
      return GoMath.kahanResult(mc);
    }
    return GoMath.kahanResult(sc) / n;
  }

  /** Population variance, computed as Prometheus does (Welford with compensated sums). */
  static double variance(double[] v, int n) {
    double count = 0;
    double[] mean = new double[2];
    double[] aux = new double[2];
    for (int i = 0; i < n; i++) {
      count++;
      double delta = v[i] - (mean[0] + mean[1]);
      GoMath.kahanInc(delta / count, mean);
      GoMath.kahanInc(delta * (v[i] - (mean[0] + mean[1])), aux);
    }
    return (aux[0] + aux[1]) / count;
  }

  /** Prometheus's quantile: linear interpolation between closest ranks; q outside [0,1] gives ±Inf. */
  static double quantile(double q, double[] values, int n) {
    if (n == 0 || Double.isNaN(q)) {
      return Double.NaN;
    }
    if (q < 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (q > 1) {
      return Double.POSITIVE_INFINITY;
    }
    double[] s = Arrays.copyOf(values, n);
    Arrays.sort(s);
    nanFirst(s);
    double rank = q * (n - 1);
    int lower = (int) Math.max(0, Math.floor(rank));
    int upper = Math.min(n - 1, lower + 1);
    double weight = rank - Math.floor(rank);
    return s[lower] * (1 - weight) + s[upper] * weight;
  }

  /** Go's slices.Sort orders NaN before every number; Java's sort puts it last. */
  static void nanFirst(double[] s) {
    int nans = 0;
    for (int i = s.length - 1; i >= 0 && Double.isNaN(s[i]); i--) {
      nans++;
    }
    if (nans > 0) {
      System.arraycopy(s, 0, s, nans, s.length - nans);
      Arrays.fill(s, 0, nans, Double.NaN);
    }
  }
}

package dev.sightline.query.promql.internal.eval;

import dev.sightline.model.metric.Labels;
import dev.sightline.query.promql.internal.ast.Expr;
import dev.sightline.query.promql.internal.ast.Expr.Call;
import dev.sightline.query.promql.internal.ast.Function;
import dev.sightline.query.promql.internal.eval.Value.Sample;
import dev.sightline.query.promql.internal.eval.Value.Scalar;
import dev.sightline.query.promql.internal.eval.Value.Vector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * histogram_quantile and histogram_fraction over classic histograms: float series with an {@code le}
 * label, grouped by their other labels (the metric name dropped).
 */
final class ClassicHistograms {
  private static final double SMALL_DELTA = 1e-12;

  private ClassicHistograms() {}

  record Bucket(double upper, double count) {}

  static Value eval(Evaluator ev, Call c, long t) {
    boolean multi = c.function() == Function.HISTOGRAM_QUANTILES;
    boolean quantile = c.function() != Function.HISTOGRAM_FRACTION;
    Expr vecArg = c.args().get(multi ? 0 : quantile ? 1 : 2);
    if (multi) {
      return quantiles(ev, c, vecArg, t);
    }
    double q = ((Scalar) ev.eval(c.args().get(0), t)).v();
    double upperArg = quantile ? 0 : ((Scalar) ev.eval(c.args().get(1), t)).v();
    return compute(ev, c, vecArg, Functions.vector(ev, vecArg, t), quantile, q, upperArg, t, null, null);
  }

  /** histogram_quantiles(v, "label", q1, q2, ...): one output series per quantile, labelled with it. */
  private static Value quantiles(Evaluator ev, Call c, Expr vecArg, long t) {
    List<Sample> in = Functions.vector(ev, vecArg, t);
    String label = Functions.string(ev, c.args().get(1), t).s();
    List<Sample> out = new ArrayList<>();
    for (int i = 2; i < c.args().size(); i++) {
      double q = ((Scalar) ev.eval(c.args().get(i), t)).v();
      out.addAll(((Vector) compute(ev, c, vecArg, in, true, q, 0, t, label, quantileLabel(q))).samples());
    }
    return new Vector(out);
  }

  /** The quantile as histogram_quantiles labels it: always with a fraction ("0.0", "0.25", "1.0"). */
  private static String quantileLabel(double q) {
    String s = GoMath.formatFloat(q);
    return Double.isFinite(q) && !s.contains(".") ? s + ".0" : s;
  }

  private static Value compute(Evaluator ev, Call c, Expr vecArg, List<Sample> in, boolean quantile, double q,
      double upperArg, long t, String qLabel, String qValue) {
    if (quantile && !(q >= 0 && q <= 1) && !in.isEmpty()) {
      ev.annotations().warn("quantile value should be between 0 and 1, got " + GoMath.formatFloat(q),
          c.args().get(qLabel == null ? 0 : 2).pos());
    }
    Map<Labels, List<Bucket>> groups = new LinkedHashMap<>();
    Map<Labels, String> names = new LinkedHashMap<>();
    for (Sample s : in) {
      String le = s.labels().get("le");
      double upper = le == null ? Double.NaN : parseBound(le);
      if (Double.isNaN(upper)) {
        ev.annotations().warn("bucket label \"le\" is missing or has a malformed value of \"" + (le == null ? "" : le)
            + "\" for metric name \"" + nullToEmpty(s.labels().metricName()) + "\"", vecArg.pos());
        continue;
      }
      // Keyed with the name so two histograms differing only by name collide at the end, as in Prometheus.
      Labels key = s.labels().toBuilder().remove("le").build();
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(new Bucket(upper, s.v()));
      names.putIfAbsent(key, nullToEmpty(s.labels().metricName()));
    }
    List<Sample> out = new ArrayList<>();
    for (Map.Entry<Labels, List<Bucket>> g : groups.entrySet()) {
      List<Bucket> buckets = prepare(g.getValue());
      boolean[] forced = new boolean[1];
      ensureMonotonic(buckets, forced);
      if (forced[0]) {
        ev.annotations().info("input to histogram_quantile needed to be fixed for monotonicity (see "
            + "https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile) for metric name \""
            + names.get(g.getKey()) + "\"", vecArg.pos());
      }
      double v = quantile ? bucketQuantile(q, buckets) : bucketFraction(q, upperArg, buckets);
      Labels labels = qLabel == null ? g.getKey() : g.getKey().toBuilder().set(qLabel, qValue).build();
      out.add(new Sample(labels, t, v, true));
    }
    return new Vector(out);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static double parseBound(String le) {
    try {
      String s = le.trim();
      return switch (s.toLowerCase(java.util.Locale.ROOT)) {
        case "+inf", "inf" -> Double.POSITIVE_INFINITY;
        case "-inf" -> Double.NEGATIVE_INFINITY;
        case "nan" -> Double.NaN;
        default -> s.equals(le) ? Double.parseDouble(s.replace("_", "")) : Double.NaN;
      };
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** Sorts by upper bound and merges buckets with the same bound (e.g. le="1" and le="1.0"). */
  private static List<Bucket> prepare(List<Bucket> in) {
    List<Bucket> sorted = new ArrayList<>(in);
    sorted.sort((a, b) -> Double.compare(a.upper(), b.upper()));
    List<Bucket> out = new ArrayList<>();
    for (Bucket b : sorted) {
      if (!out.isEmpty() && out.get(out.size() - 1).upper() == b.upper()) {
        Bucket last = out.remove(out.size() - 1);
        out.add(new Bucket(b.upper(), last.count() + b.count()));
      } else {
        out.add(b);
      }
    }
    return out;
  }

  private static void ensureMonotonic(List<Bucket> buckets, boolean[] forced) {
    if (buckets.isEmpty()) {
      return;
    }
    double prev = buckets.get(0).count();
    for (int i = 1; i < buckets.size(); i++) {
      double cur = buckets.get(i).count();
      if (cur == prev) {
        continue;
      }
      if (Math.abs(cur - prev) <= SMALL_DELTA * Math.max(Math.abs(cur), Math.abs(prev))) {
        buckets.set(i, new Bucket(buckets.get(i).upper(), prev));
        continue;
      }
      if (cur < prev) {
        buckets.set(i, new Bucket(buckets.get(i).upper(), prev));
        forced[0] = true;
        continue;
      }
      prev = cur;
    }
  }

  static double bucketQuantile(double q, List<Bucket> buckets) {
    if (Double.isNaN(q)) {
      return Double.NaN;
    }
    if (q < 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (q > 1) {
      return Double.POSITIVE_INFINITY;
    }
    int n = buckets.size();
    if (n < 2 || buckets.get(n - 1).upper() != Double.POSITIVE_INFINITY) {
      return Double.NaN;
    }
    double observations = buckets.get(n - 1).count();
    if (observations == 0 || Double.isNaN(observations)) {
      return Double.NaN;
    }
    double rank = q * observations;
    int b = 0;
    while (b < n - 1 && !(buckets.get(b).count() >= rank)) {
      b++;
    }
    if (b == n - 1) {
      return buckets.get(n - 2).upper();
    }
    if (b == 0 && buckets.get(0).upper() <= 0) {
      return buckets.get(0).upper();
    }
    double start = 0;
    double end = buckets.get(b).upper();
    double count = buckets.get(b).count();
    if (b > 0) {
      start = buckets.get(b - 1).upper();
      count -= buckets.get(b - 1).count();
      rank -= buckets.get(b - 1).count();
    }
    return start + (end - start) * (rank / count);
  }

  /** Fraction of observations in [lower, upper], interpolating linearly inside buckets. */
  static double bucketFraction(double lower, double upper, List<Bucket> buckets) {
    int n = buckets.size();
    if (n < 1 || buckets.get(n - 1).upper() != Double.POSITIVE_INFINITY || Double.isNaN(lower)
        || Double.isNaN(upper)) {
      return Double.NaN;
    }
    double total = buckets.get(n - 1).count();
    if (total == 0) {
      return Double.NaN;
    }
    if (lower >= upper) {
      return 0;
    }
    return (cumulativeAt(upper, buckets) - cumulativeAt(lower, buckets)) / total;
  }

  private static double cumulativeAt(double x, List<Bucket> buckets) {
    double prevUpper = Double.NEGATIVE_INFINITY;
    double prevCount = 0;
    for (int i = 0; i < buckets.size(); i++) {
      Bucket b = buckets.get(i);
      double lowerBound = i == 0 ? (b.upper() > 0 ? 0 : Double.NEGATIVE_INFINITY) : prevUpper;
      if (x <= lowerBound) {
        return prevCount;
      }
      if (x < b.upper()) {
        // No interpolation across an infinite width: its observations sit at the infinite end.
        if (Double.isInfinite(b.upper())) {
          return prevCount;
        }
        if (Double.isInfinite(lowerBound)) {
          return b.count();
        }
        return prevCount + (b.count() - prevCount) * (x - lowerBound) / (b.upper() - lowerBound);
      }
      prevUpper = b.upper();
      prevCount = b.count();
    }
    return prevCount;
  }
}

package dev.sightline.query.promql.internal.eval;

import dev.sightline.query.promql.PromqlException;
import dev.sightline.query.promql.PromqlException.Kind;
import dev.sightline.query.promql.internal.ast.Expr;
import dev.sightline.query.promql.internal.ast.Expr.MatrixSelector;
import dev.sightline.query.promql.internal.ast.Expr.Subquery;
import dev.sightline.query.promql.internal.ast.Function;
import dev.sightline.query.promql.internal.eval.Value.Points;

/** Functions of one series' window: {@code rate}, {@code *_over_time}, {@code deriv}, ... */
final class RangeFunctions {
  private RangeFunctions() {}

  /** The window a range argument covers at time t, for extrapolation: (start, end]. */
  static long[] window(Evaluator ev, Expr arg, long t) {
    if (arg instanceof MatrixSelector ms) {
      long ref = (ms.selector().at() == null ? t : ev.atTime(ms.selector().at())) - ms.selector().offsetMs();
      if (ms.mode() != MatrixSelector.RangeMode.PLAIN) {
        return new long[] {ref - ms.rangeMs(), ref, ms.mode().ordinal()};
      }
      return new long[] {ref - ms.rangeMs(), ref};
    }
    if (arg instanceof Subquery sq) {
      long ref = (sq.at() == null ? t : ev.atTime(sq.at())) - sq.offsetMs();
      return new long[] {ref - sq.rangeMs(), ref};
    }
    return new long[] {t, t};
  }

  /** Returns NaN to mean "no output for this series". */
  static double apply(Function f, Points p, long[] window, double[] params, long evalT) {
    int n = p.size();
    double[] v = p.v();
    long[] t = p.t();
    return switch (f) {
      case RATE -> extrapolatedRate(p, window, true, true);
      case INCREASE -> extrapolatedRate(p, window, true, false);
      case DELTA -> extrapolatedRate(p, window, false, false);
      case IRATE, IDELTA -> {
        if (n < 2) {
          yield Double.NaN;
        }
        double last = v[n - 1];
        double prev = v[n - 2];
        double d = f == Function.IRATE && last < prev ? last : last - prev;
        yield f == Function.IRATE ? d / ((t[n - 1] - t[n - 2]) / 1000.0) : d;
      }
      case AVG_OVER_TIME -> Stats.mean(v, n);
      case SUM_OVER_TIME -> {
        double[] sc = new double[2];
        for (int i = 0; i < n; i++) {
          GoMath.kahanInc(v[i], sc);
        }
        yield GoMath.kahanResult(sc);
      }
      case COUNT_OVER_TIME, PRESENT_OVER_TIME -> f == Function.PRESENT_OVER_TIME ? 1 : n;
      case MIN_OVER_TIME, MAX_OVER_TIME -> {
        double m = v[0];
        for (int i = 1; i < n; i++) {
          if (Double.isNaN(m) || (f == Function.MIN_OVER_TIME ? v[i] < m : v[i] > m)) {
            m = v[i];
          }
        }
        yield m;
      }
      case STDDEV_OVER_TIME -> Math.sqrt(Stats.variance(v, n));
      case STDVAR_OVER_TIME -> Stats.variance(v, n);
      case QUANTILE_OVER_TIME -> Stats.quantile(params[0], v, n);
      case MAD_OVER_TIME -> {
        for (int i = 0; i < n; i++) {
          if (Double.isNaN(v[i])) {
            yield Double.NaN; // a NaN sample poisons the result rather than being skipped
          }
        }
        double median = Stats.quantile(0.5, v, n);
        double[] dev = new double[n];
        for (int i = 0; i < n; i++) {
          dev[i] = Math.abs(v[i] - median);
        }
        yield Stats.quantile(0.5, dev, n);
      }
      case LAST_OVER_TIME -> v[n - 1];
      case FIRST_OVER_TIME -> v[0];
      case TS_OF_LAST_OVER_TIME -> t[n - 1] / 1000.0;
      case TS_OF_FIRST_OVER_TIME -> t[0] / 1000.0;
      case TS_OF_MIN_OVER_TIME, TS_OF_MAX_OVER_TIME -> {
        int best = 0;
        for (int i = 1; i < n; i++) {
          boolean better = f == Function.TS_OF_MIN_OVER_TIME ? v[i] <= v[best] : v[i] >= v[best];
          if (Double.isNaN(v[best]) || better) {
            best = i;
          }
        }
        yield t[best] / 1000.0;
      }
      case CHANGES, RESETS -> {
        int c = 0;
        for (int i = 1; i < n; i++) {
          if (f == Function.CHANGES) {
            boolean same = v[i] == v[i - 1] || (Double.isNaN(v[i]) && Double.isNaN(v[i - 1]));
            c += same ? 0 : 1;
          } else if (v[i] < v[i - 1]) {
            c++;
          }
        }
        yield c;
      }
      case DERIV -> n < 2 ? Double.NaN : regression(p, t[0])[0];
      case PREDICT_LINEAR -> {
        if (n < 2) {
          yield Double.NaN;
        }
        double[] si = regression(p, evalT);
        yield si[1] + si[0] * params[0];
      }
      case DOUBLE_EXPONENTIAL_SMOOTHING -> smoothing(v, n, params[0], params[1]);
      default -> throw new IllegalStateException(f.functionName());
    };
  }

  /** Prometheus 3 extrapolation: to the window edges unless a gap says the series started/ended inside. */
  private static double extrapolatedRate(Points p, long[] window, boolean counter, boolean perSecond) {
    int n = p.size();
    if (window.length > 2) {
      // anchored/smoothed windows already carry their edge points: no extrapolation.
      if (n < 1) {
        return Double.NaN;
      }
      double r = p.v()[n - 1] - p.v()[0];
      if (counter) {
        for (int i = 1; i < n; i++) {
          if (p.v()[i] < p.v()[i - 1]) {
            r += p.v()[i - 1];
          }
        }
      }
      return perSecond ? r / ((window[1] - window[0]) / 1000.0) : r;
    }
    return extrapolatedRate(p.t(), p.v(), 0, n, window[0], window[1], counter, perSecond);
  }

  /**
   * {@code rate}/{@code increase}/{@code delta} of the n samples at [off, off + n) of the arrays over the
   * plain window (start, end], read in place (no copy of the window).
   */
  static double extrapolatedRate(long[] t, double[] v, int off, int n, long start, long end, boolean counter,
      boolean perSecond) {
    if (n < 2) {
      return Double.NaN;
    }
    int last = off + n - 1;
    double result = v[last] - v[off];
    if (counter) {
      double prev = v[off];
      for (int i = off + 1; i <= last; i++) {
        if (v[i] < prev) {
          result += prev;
        }
        prev = v[i];
      }
    }
    double durationToStart = (t[off] - start) / 1000.0;
    double durationToEnd = (end - t[last]) / 1000.0;
    double sampled = (t[last] - t[off]) / 1000.0;
    double avgStep = sampled / (n - 1);
    double threshold = avgStep * 1.1;
    if (durationToStart >= threshold) {
      durationToStart = avgStep / 2;
    }
    if (counter && result > 0 && v[off] >= 0) {
      double durationToZero = sampled * (v[off] / result);
      if (durationToZero < durationToStart) {
        durationToStart = durationToZero;
      }
    }
    if (durationToEnd >= threshold) {
      durationToEnd = avgStep / 2;
    }
    double factor = (sampled + durationToStart + durationToEnd) / sampled;
    if (perSecond) {
      factor /= (end - start) / 1000.0;
    }
    return result * factor;
  }

  /** Least squares with x in seconds relative to interceptTime; returns {slope, intercept}. */
  private static double[] regression(Points p, long interceptTime) {
    double[] v = p.v();
    long[] t = p.t();
    int n = p.size();
    boolean constY = true;
    double[] sumX = new double[2];
    double[] sumY = new double[2];
    double[] sumXY = new double[2];
    double[] sumX2 = new double[2];
    for (int i = 0; i < n; i++) {
      if (constY && i > 0 && v[i] != v[0]) {
        constY = false;
      }
      double x = (t[i] - interceptTime) / 1e3;
      GoMath.kahanInc(x, sumX);
      GoMath.kahanInc(v[i], sumY);
      GoMath.kahanInc(x * v[i], sumXY);
      GoMath.kahanInc(x * x, sumX2);
    }
    if (constY) {
      if (Double.isInfinite(v[0])) {
        return new double[] {Double.NaN, Double.NaN};
      }
      return new double[] {0, v[0]};
    }
    double sx = sumX[0] + sumX[1];
    double sy = sumY[0] + sumY[1];
    double sxy = sumXY[0] + sumXY[1];
    double sx2 = sumX2[0] + sumX2[1];
    double cov = sxy - sx * sy / n;
    double varX = sx2 - sx * sx / n;
    double slope = cov / varX;
    double intercept = sy / n - slope * sx / n;
    return new double[] {slope, intercept};
  }

  private static double smoothing(double[] v, int n, double sf, double tf) {
    if (!(sf > 0 && sf < 1)) {
      throw new PromqlException(Kind.EXECUTION, "invalid smoothing factor. Expected: 0 < sf < 1, got: "
          + String.format(java.util.Locale.ROOT, "%f", sf));
    }
    if (!(tf > 0 && tf < 1)) {
      throw new PromqlException(Kind.EXECUTION, "invalid trend factor. Expected: 0 < tf < 1, got: "
          + String.format(java.util.Locale.ROOT, "%f", tf));
    }
    if (n < 2) {
      return Double.NaN;
    }
    double s0 = 0;
    double s1 = v[0];
    double b = v[1] - v[0];
    for (int i = 1; i < n; i++) {
      double x = sf * v[i];
      if (i > 1) {
        b = tf * (s1 - s0) + (1 - tf) * b;
      }
      double y = (1 - sf) * (s1 + b);
      s0 = s1;
      s1 = x + y;
    }
    return s1;
  }
}

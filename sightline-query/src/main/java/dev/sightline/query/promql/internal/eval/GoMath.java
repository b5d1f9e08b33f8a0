package dev.sightline.query.promql.internal.eval;

/** The few places where Go's math package (which Prometheus uses) differs from java.lang.Math. */
final class GoMath {
  private GoMath() {}

  /** Go: Pow(x, ±0) = 1, Pow(1, y) = 1 even for NaN y, Pow(-1, ±Inf) = 1. */
  static double pow(double x, double y) {
    if (y == 0 || x == 1) {
      return 1;
    }
    if (x == -1 && Double.isInfinite(y)) {
      return 1;
    }
    return Math.pow(x, y);
  }

  /** Go: Max(x, +Inf) = +Inf even for NaN x; otherwise NaN wins. */
  static double max(double x, double y) {
    if (x == Double.POSITIVE_INFINITY || y == Double.POSITIVE_INFINITY) {
      return Double.POSITIVE_INFINITY;
    }
    return Math.max(x, y);
  }

  /** Go: Min(x, -Inf) = -Inf even for NaN x; otherwise NaN wins. */
  static double min(double x, double y) {
    if (x == Double.NEGATIVE_INFINITY || y == Double.NEGATIVE_INFINITY) {
      return Double.NEGATIVE_INFINITY;
    }
    return Math.min(x, y);
  }

  /** Exact for powers of two, as Go's Log2 is. */
  static double log2(double x) {
    if (x > 0 && !Double.isInfinite(x)) {
      int exp = Math.getExponent(x);
      if (x == Math.scalb(1.0, exp)) {
        return exp;
      }
    }
    return Math.log(x) / Math.log(2);
  }

  /** Go's strconv.FormatFloat(f, 'f', -1, 64): shortest digits, never an exponent. */
  static String formatFloat(double f) {
    if (Double.isNaN(f)) {
      return "NaN";
    }
    if (Double.isInfinite(f)) {
      return f > 0 ? "+Inf" : "-Inf";
    }
    if (f == 0) {
      return (1 / f < 0) ? "-0" : "0";
    }
    String s = new java.math.BigDecimal(Double.toString(f)).stripTrailingZeros().toPlainString();
    return s;
  }

  /** Kahan-Babuska-Neumaier increment, as Prometheus sums floats; returns {sum, compensation}. */
  static void kahanInc(double inc, double[] sc) {
    kahanInc(inc, sc, 0);
  }

  /** {@link #kahanInc(double, double[])} on the pair {sum, compensation} at sc[at], sc[at + 1]. */
  static void kahanInc(double inc, double[] sc, int at) {
    double sum = sc[at];
    double t = sum + inc;
    if (Double.isInfinite(t)) {
      sc[at + 1] = 0;
    } else if (Math.abs(sum) >= Math.abs(inc)) {
      sc[at + 1] += (sum - t) + inc;
    } else {
      sc[at + 1] += (inc - t) + sum;
    }
    sc[at] = t;
  }

  static double kahanResult(double[] sc) {
    return kahanResult(sc, 0);
  }

  static double kahanResult(double[] sc, int at) {
    return Double.isInfinite(sc[at]) ? sc[at] : sc[at] + sc[at + 1];
  }
}

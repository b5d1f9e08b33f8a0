package dev.sightline.server.http;

import java.math.BigDecimal;

/** Numbers as Prometheus's HTTP API writes them. */
public final class PromText {
  private PromText() {}

  /**
   * A sample value as Go's {@code strconv.FormatFloat(v, 'f', -1, 64)} writes it: the shortest digits
   * that read back to the same double, never in exponent form; {@code NaN}, {@code +Inf}, {@code -Inf}.
   */
  public static String value(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return (Double.doubleToRawLongBits(v) < 0) ? "-0" : "0";
    }
    return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }

  /** A timestamp in seconds, as a JSON number with millisecond precision ({@code 1435781451.781}). */
  public static BigDecimal seconds(long epochMs) {
    return BigDecimal.valueOf(epochMs, 3).stripTrailingZeros();
  }
}

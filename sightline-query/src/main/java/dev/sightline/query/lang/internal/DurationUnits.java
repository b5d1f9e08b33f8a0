package dev.sightline.query.lang.internal;

import java.util.Map;

/** Duration units of the language, as Prometheus writes them, plus sub-millisecond ones for spans. */
public final class DurationUnits {
  private static final Map<String, Long> NANOS = Map.of(
      "ns", 1L,
      "us", 1_000L,
      "µs", 1_000L,
      "ms", 1_000_000L,
      "s", 1_000_000_000L,
      "m", 60_000_000_000L,
      "h", 3_600_000_000_000L,
      "d", 86_400_000_000_000L,
      "w", 604_800_000_000_000L);

  private DurationUnits() {}

  /** Nanoseconds in one {@code unit}, or -1 when the unit is unknown (units are case-sensitive). */
  public static long nanosPerUnit(String unit) {
    Long n = NANOS.get(unit);
    return n == null ? -1 : n;
  }

  /**
   * Parses a duration such as {@code 1m}, {@code 250ms}, {@code 1.5s} or {@code 1h30m}; -1 when malformed
   * or not positive-and-representable.
   */
  public static long parse(String text) {
    long total = 0;
    int i = 0;
    if (text.isEmpty()) {
      return -1;
    }
    while (i < text.length()) {
      int numStart = i;
      while (i < text.length() && ((text.charAt(i) >= '0' && text.charAt(i) <= '9') || text.charAt(i) == '.')) {
        i++;
      }
      int unitStart = i;
      while (i < text.length() && Character.isLetter(text.charAt(i))) {
        i++;
      }
      if (numStart == unitStart || unitStart == i) {
        return -1;
      }
      long unit = nanosPerUnit(text.substring(unitStart, i));
      if (unit < 0) {
        return -1;
      }
      try {
        java.math.BigDecimal n = new java.math.BigDecimal(text.substring(numStart, unitStart));
        total = Math.addExact(total, n.multiply(java.math.BigDecimal.valueOf(unit))
            .setScale(0, java.math.RoundingMode.HALF_UP).longValueExact());
      } catch (NumberFormatException | ArithmeticException e) {
        return -1;
      }
    }
    return total > 0 ? total : -1;
  }
}

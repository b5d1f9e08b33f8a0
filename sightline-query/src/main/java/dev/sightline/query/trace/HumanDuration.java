package dev.sightline.query.trace;

import java.util.Locale;

/** Durations as people read them in a sentence: {@code 840 ns}, {@code 12 µs}, {@code 2.5 ms}, {@code 250 ms}, {@code 9.1 s}, {@code 2.5 min}. */
final class HumanDuration {
  private HumanDuration() {}

  static String format(long nanos) {
    if (nanos < 1_000) {
      return nanos + " ns";
    }
    if (nanos < 999_500) { // what would round to "1000 µs" reads better as "1.0 ms"
      return scaled(nanos / 1e3, "µs");
    }
    if (nanos < 999_500_000) {
      return scaled(nanos / 1e6, "ms");
    }
    if (nanos < 60_000_000_000L) {
      return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }
    return String.format(Locale.ROOT, "%.1f min", nanos / 6e10);
  }

  // One decimal below 10 of a unit, where it matters; whole numbers above, where it is noise.
  private static String scaled(double v, String unit) {
    return v < 9.95 ? String.format(Locale.ROOT, "%.1f %s", v, unit) : String.format(Locale.ROOT, "%.0f %s", v, unit);
  }

  static String percent(long part, long total) {
    return total <= 0 ? "0%" : Math.round(100.0 * part / total) + "%";
  }
}

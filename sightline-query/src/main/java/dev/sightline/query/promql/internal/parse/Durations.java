package dev.sightline.query.promql.internal.parse;

/** Prometheus duration syntax: unit pairs in descending order ({@code 1h30m}), units ms s m h d w y. */
final class Durations {
  private Durations() {}

  /** Milliseconds, or throws IllegalArgumentException with Prometheus's wording. */
  static long parse(String s) {
    if (s.isEmpty()) {
      throw new IllegalArgumentException("not a valid duration string: \"\"");
    }
    long total = 0;
    int p = 0;
    long lastUnit = Long.MAX_VALUE;
    while (p < s.length()) {
      int start = p;
      while (p < s.length() && Character.isDigit(s.charAt(p))) {
        p++;
      }
      if (start == p) {
        throw new IllegalArgumentException("not a valid duration string: \"" + s + "\"");
      }
      long n = Long.parseLong(s.substring(start, p));
      int us = p;
      while (p < s.length() && Character.isLetter(s.charAt(p))) {
        p++;
      }
      long unit = switch (s.substring(us, p)) {
        case "ms" -> 1L;
        case "s" -> 1000L;
        case "m" -> 60_000L;
        case "h" -> 3_600_000L;
        case "d" -> 86_400_000L;
        case "w" -> 7 * 86_400_000L;
        case "y" -> 365 * 86_400_000L;
        default -> throw new IllegalArgumentException("not a valid duration string: \"" + s + "\"");
      };
      if (unit >= lastUnit) {
        throw new IllegalArgumentException("not a valid duration string: \"" + s + "\"");
      }
      lastUnit = unit;
      total = Math.addExact(total, Math.multiplyExact(n, unit));
    }
    return total;
  }
}

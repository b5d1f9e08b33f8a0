package dev.sightline.query.lang;

import java.util.Locale;
import java.util.Optional;

/**
 * The aggregate functions. Over a group's rows: {@code count(*)} counts rows; {@code count(f)} counts rows
 * where {@code f} exists; {@code count_distinct(f)} counts distinct values (by family and value, so
 * {@code 1} and {@code "1"} differ; each element of a multi-valued field counts); {@code sum}, {@code avg},
 * {@code min}, {@code max} and {@code percentile} use the numeric values only, ignoring others, and are
 * {@code null} when there are none. {@code sum} is a {@code Long} while every input is one and it does not
 * overflow, else a {@code Double}; {@code avg} is a {@code Double}; {@code min}/{@code max} keep the input's
 * type. {@code percentile(f, p)} is exact, by the nearest-rank method: the value at 1-based rank
 * {@code max(1, ceil(p * n))} of the sorted values (computed in decimal, so 0.07 of 100 values is rank 7).
 * NaN is skipped by {@code min}, {@code max} and {@code percentile} and propagates through {@code sum} and
 * {@code avg}, as in IEEE arithmetic.
 */
public enum Aggregation {
  COUNT,
  COUNT_DISTINCT,
  SUM,
  AVG,
  MIN,
  MAX,
  PERCENTILE;

  /** The function name as written in a query. */
  public String functionName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The aggregation of a (case-insensitive) function name. */
  public static Optional<Aggregation> byName(String name) {
    for (Aggregation a : values()) {
      if (a.functionName().equalsIgnoreCase(name)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }
}

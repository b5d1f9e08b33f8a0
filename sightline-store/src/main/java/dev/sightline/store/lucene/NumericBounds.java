package dev.sightline.store.lucene;

import dev.sightline.store.filter.CompareOp;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Exact point ranges for a numeric comparison: which longs, and which doubles, satisfy
 * {@code value op literal} under the filter semantics (exact comparison, no rounding of a long to a
 * double; -0.0 equals 0.0; NaN matches nothing). {@code op} is never {@code NE} here (that is
 * "number exists and not EQ").
 */
final class NumericBounds {
  /** An inclusive long range; empty when {@code lo > hi}. */
  record LongRange(long lo, long hi) {
    boolean isEmpty() {
      return lo > hi;
    }
  }

  /** An inclusive double range in {@link org.apache.lucene.document.DoublePoint} order; empty when lo > hi. */
  record DoubleRange(double lo, double hi) {
    boolean isEmpty() {
      return Double.compare(lo, hi) > 0;
    }
  }

  private static final BigDecimal MIN_LONG = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal MAX_LONG = BigDecimal.valueOf(Long.MAX_VALUE);
  static final LongRange NO_LONGS = new LongRange(1, 0);
  static final DoubleRange NO_DOUBLES = new DoubleRange(1, 0);

  private NumericBounds() {}

  /** The longs {@code l} with {@code l op literal}; {@code literal} is a Long or a non-NaN Double. */
  static LongRange longs(CompareOp op, Number literal) {
    if (literal instanceof Long l) {
      return switch (op) {
        case EQ -> new LongRange(l, l);
        case LT -> l == Long.MIN_VALUE ? NO_LONGS : new LongRange(Long.MIN_VALUE, l - 1);
        case LE -> new LongRange(Long.MIN_VALUE, l);
        case GT -> l == Long.MAX_VALUE ? NO_LONGS : new LongRange(l + 1, Long.MAX_VALUE);
        case GE -> new LongRange(l, Long.MAX_VALUE);
        case NE -> throw new IllegalArgumentException("NE has no single range");
      };
    }
    double d = literal.doubleValue();
    if (Double.isInfinite(d)) {
      boolean below = d > 0; // every long is below +Inf, none below -Inf
      return switch (op) {
        case EQ -> NO_LONGS;
        case LT, LE -> below ? new LongRange(Long.MIN_VALUE, Long.MAX_VALUE) : NO_LONGS;
        case GT, GE -> below ? NO_LONGS : new LongRange(Long.MIN_VALUE, Long.MAX_VALUE);
        case NE -> throw new IllegalArgumentException("NE has no single range");
      };
    }
    BigDecimal t = new BigDecimal(d);
    BigDecimal floor = t.setScale(0, RoundingMode.FLOOR);
    BigDecimal ceil = t.setScale(0, RoundingMode.CEILING);
    boolean integral = floor.compareTo(t) == 0;
    return switch (op) {
      case EQ -> integral && inLong(t) ? new LongRange(t.longValueExact(), t.longValueExact()) : NO_LONGS;
      case LT -> upTo(integral ? t.subtract(BigDecimal.ONE) : floor);
      case LE -> upTo(floor);
      case GT -> from(integral ? t.add(BigDecimal.ONE) : ceil);
      case GE -> from(ceil);
      case NE -> throw new IllegalArgumentException("NE has no single range");
    };
  }

  private static boolean inLong(BigDecimal v) {
    return v.compareTo(MIN_LONG) >= 0 && v.compareTo(MAX_LONG) <= 0;
  }

  private static LongRange upTo(BigDecimal hi) {
    if (hi.compareTo(MIN_LONG) < 0) {
      return NO_LONGS;
    }
    return new LongRange(Long.MIN_VALUE, hi.compareTo(MAX_LONG) > 0 ? Long.MAX_VALUE : hi.longValueExact());
  }

  private static LongRange from(BigDecimal lo) {
    if (lo.compareTo(MAX_LONG) > 0) {
      return NO_LONGS;
    }
    return new LongRange(lo.compareTo(MIN_LONG) < 0 ? Long.MIN_VALUE : lo.longValueExact(), Long.MAX_VALUE);
  }

  /**
   * The doubles {@code x} with {@code x op literal}; never includes NaN ({@code +Inf} is the top bound).
   * {@code literal} is a Long or a non-NaN Double.
   */
  static DoubleRange doubles(CompareOp op, Number literal) {
    double inf = Double.POSITIVE_INFINITY;
    if (literal instanceof Double d && Double.isInfinite(d)) {
      return switch (op) {
        case EQ, GE -> d > 0 ? new DoubleRange(d, d) : (op == CompareOp.EQ ? new DoubleRange(d, d) : all());
        case LE -> d > 0 ? all() : new DoubleRange(d, d);
        case LT -> d > 0 ? new DoubleRange(-inf, Double.MAX_VALUE) : NO_DOUBLES;
        case GT -> d > 0 ? NO_DOUBLES : new DoubleRange(-Double.MAX_VALUE, inf);
        case NE -> throw new IllegalArgumentException("NE has no single range");
      };
    }
    BigDecimal t = literal instanceof Long l ? BigDecimal.valueOf(l) : new BigDecimal(literal.doubleValue());
    double nearest = t.doubleValue();
    int cmp = new BigDecimal(nearest).compareTo(t); // sign(nearest - t)
    double atMost = zeroUp(cmp <= 0 ? nearest : Math.nextDown(nearest));
    double below = zeroUp(cmp < 0 ? nearest : Math.nextDown(nearest));
    double atLeast = zeroDown(cmp >= 0 ? nearest : Math.nextUp(nearest));
    double above = zeroDown(cmp > 0 ? nearest : Math.nextUp(nearest));
    return switch (op) {
      case EQ -> new DoubleRange(atLeast, atMost);
      case LT -> new DoubleRange(-inf, below);
      case LE -> new DoubleRange(-inf, atMost);
      case GT -> new DoubleRange(above, inf);
      case GE -> new DoubleRange(atLeast, inf);
      case NE -> throw new IllegalArgumentException("NE has no single range");
    };
  }

  private static DoubleRange all() {
    return new DoubleRange(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
  }

  /** As an inclusive upper bound, a zero must be +0.0 so that -0.0 (equal to it) is inside. */
  private static double zeroUp(double v) {
    return v == 0 ? 0.0 : v;
  }

  /** As an inclusive lower bound, a zero must be -0.0. */
  private static double zeroDown(double v) {
    return v == 0 ? -0.0 : v;
  }
}

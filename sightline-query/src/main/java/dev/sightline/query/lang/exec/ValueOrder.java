package dev.sightline.query.lang.exec;

import dev.sightline.store.filter.FilterEvaluator;
import java.util.Comparator;
import java.util.List;

/**
 * The order of result values, consistent with the filter semantics: booleans (false before true), then
 * numbers (exactly, NaN last among them), then strings by code point, then anything else by its text.
 * A list sorts by its first element. Nulls are handled by {@link #nullsLast}: last in both directions.
 */
final class ValueOrder implements Comparator<Object> {
  static final ValueOrder INSTANCE = new ValueOrder();

  private ValueOrder() {}

  /** Non-null values in the given direction; nulls always after them. */
  static Comparator<Object> nullsLast(boolean descending) {
    Comparator<Object> base = descending ? INSTANCE.reversed() : INSTANCE;
    return (a, b) -> {
      if (a == null || b == null) {
        return a == null ? (b == null ? 0 : 1) : -1;
      }
      return base.compare(a, b);
    };
  }

  @Override
  public int compare(Object a, Object b) {
    a = first(a);
    b = first(b);
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : 1) : -1;
    }
    int ra = rank(a);
    int rb = rank(b);
    if (ra != rb) {
      return Integer.compare(ra, rb);
    }
    return switch (a) {
      case Boolean x -> Boolean.compare(x, (Boolean) b);
      case Number x -> {
        Integer c = FilterEvaluator.compareNumbers(x, (Number) b);
        yield c != null ? c : Double.compare(x.doubleValue(), ((Number) b).doubleValue());
      }
      case String x -> FilterEvaluator.compareCodePoints(x, (String) b);
      default -> FilterEvaluator.compareCodePoints(a.toString(), b.toString());
    };
  }

  private static Object first(Object v) {
    if (v instanceof List<?> l) {
      return l.isEmpty() ? null : l.get(0);
    }
    return v;
  }

  private static int rank(Object v) {
    return switch (v) {
      case Boolean b -> 0;
      case Number n -> 1;
      case String s -> 2;
      default -> 3;
    };
  }
}

package dev.sightline.query.lang.exec;

import dev.sightline.query.lang.Aggregation;
import dev.sightline.query.lang.SelectItem;
import dev.sightline.store.filter.FilterEvaluator;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The running state of one aggregate in one group; the semantics are those documented on
 * {@link Aggregation}. Anything that grows with the data (distinct sets, percentile buffers) is charged
 * to the execution's {@link MemoryBudget}.
 */
abstract sealed class Accumulator {

  abstract void add(Map<String, ?> row);

  abstract Object result();

  static Accumulator of(SelectItem.AggregateItem item, MemoryBudget budget) {
    String f = item.field();
    return switch (item.function()) {
      case COUNT -> f == null ? new CountRows() : new CountField(f);
      case COUNT_DISTINCT -> new CountDistinct(f, budget);
      case SUM -> new Sum(f, false);
      case AVG -> new Sum(f, true);
      case MIN -> new Extreme(f, -1);
      case MAX -> new Extreme(f, 1);
      case PERCENTILE -> new Percentile(f, item.argument(), budget);
    };
  }

  static final class CountRows extends Accumulator {
    private long n;

    @Override
    void add(Map<String, ?> row) {
      n++;
    }

    @Override
    Object result() {
      return n;
    }
  }

  static final class CountField extends Accumulator {
    private final String field;
    private long n;

    CountField(String field) {
      this.field = field;
    }

    @Override
    void add(Map<String, ?> row) {
      if (!RowValues.all(row, field).isEmpty()) {
        n++;
      }
    }

    @Override
    Object result() {
      return n;
    }
  }

  static final class CountDistinct extends Accumulator {
    private final String field;
    private final MemoryBudget budget;
    private final Set<Object> seen = new HashSet<>();

    CountDistinct(String field, MemoryBudget budget) {
      this.field = field;
      this.budget = budget;
    }

    @Override
    void add(Map<String, ?> row) {
      for (Object v : RowValues.all(row, field)) {
        if (seen.add(v)) {
          budget.take(1);
        }
      }
    }

    @Override
    Object result() {
      return (long) seen.size();
    }
  }

  /** sum and avg: exact in longs until a double arrives or the long sum overflows. */
  static final class Sum extends Accumulator {
    private final String field;
    private final boolean average;
    private long count;
    private long longSum;
    private boolean inDoubles;
    private double doubleSum;

    Sum(String field, boolean average) {
      this.field = field;
      this.average = average;
    }

    @Override
    void add(Map<String, ?> row) {
      for (Object v : RowValues.all(row, field)) {
        if (v instanceof Long l && !inDoubles) {
          try {
            longSum = Math.addExact(longSum, l);
          } catch (ArithmeticException overflow) {
            inDoubles = true;
            doubleSum = (double) longSum + l;
          }
          count++;
        } else if (v instanceof Number n) {
          if (!inDoubles) {
            inDoubles = true;
            doubleSum = longSum;
          }
          doubleSum += n.doubleValue();
          count++;
        }
      }
    }

    @Override
    Object result() {
      if (count == 0) {
        return null;
      }
      if (average) {
        return (inDoubles ? doubleSum : (double) longSum) / count;
      }
      return inDoubles ? (Object) doubleSum : (Object) longSum;
    }
  }

  static final class Extreme extends Accumulator {
    private final String field;
    private final int sign;
    private Number best;

    Extreme(String field, int sign) {
      this.field = field;
      this.sign = sign;
    }

    @Override
    void add(Map<String, ?> row) {
      for (Object v : RowValues.all(row, field)) {
        if (v instanceof Number n && !Double.isNaN(n.doubleValue())) {
          if (best == null || FilterEvaluator.compareNumbers(n, best) * sign > 0) {
            best = n;
          }
        }
      }
    }

    @Override
    Object result() {
      return best;
    }
  }

  /** Exact nearest-rank percentile; holds every value (in longs while all are longs). */
  static final class Percentile extends Accumulator {
    private final String field;
    private final double rank;
    private final MemoryBudget budget;
    private long[] longs = new long[16];
    private double[] doubles;
    private int size;

    Percentile(String field, double rank, MemoryBudget budget) {
      this.field = field;
      this.rank = rank;
      this.budget = budget;
    }

    @Override
    void add(Map<String, ?> row) {
      for (Object v : RowValues.all(row, field)) {
        if (!(v instanceof Number n) || Double.isNaN(n.doubleValue())) {
          continue;
        }
        budget.take(1);
        if (doubles == null && n instanceof Long l) {
          if (size == longs.length) {
            longs = Arrays.copyOf(longs, size * 2);
          }
          longs[size++] = l;
          continue;
        }
        if (doubles == null) {
          doubles = new double[Math.max(16, longs.length)];
          for (int i = 0; i < size; i++) {
            doubles[i] = longs[i];
          }
          longs = null;
        }
        if (size == doubles.length) {
          doubles = Arrays.copyOf(doubles, size * 2);
        }
        doubles[size++] = n.doubleValue();
      }
    }

    @Override
    Object result() {
      if (size == 0) {
        return null;
      }
      int index = nearestRankIndex(rank, size);
      if (doubles == null) {
        long[] sorted = Arrays.copyOf(longs, size);
        Arrays.sort(sorted);
        return sorted[index];
      }
      double[] sorted = Arrays.copyOf(doubles, size);
      Arrays.sort(sorted);
      return sorted[index];
    }

    /**
     * 0-based index of the nearest-rank percentile: rank max(1, ceil(p * n)), computed in decimal so that
     * 0.07 * 100 is 7, not 7.000000000000001 (which a double would round up to rank 8).
     */
    static int nearestRankIndex(double p, int n) {
      long r = java.math.BigDecimal.valueOf(p).multiply(java.math.BigDecimal.valueOf(n))
          .setScale(0, java.math.RoundingMode.CEILING).longValueExact();
      return (int) Math.min(n, Math.max(1, r)) - 1;
    }
  }

  static List<Accumulator> forItems(List<SelectItem.AggregateItem> items, MemoryBudget budget) {
    return items.stream().map(i -> of(i, budget)).toList();
  }
}

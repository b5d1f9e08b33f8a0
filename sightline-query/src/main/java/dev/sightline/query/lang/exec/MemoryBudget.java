package dev.sightline.query.lang.exec;

/** Counts values an execution holds (distinct sets, percentile buffers) against a fixed ceiling. */
final class MemoryBudget {
  private final long max;
  private long held;

  MemoryBudget(long max) {
    this.max = max;
  }

  void take(long n) {
    held += n;
    if (held > max) {
      throw new QueryLimitException(QueryLimitException.Limit.HELD_VALUES,
          "the query holds more than " + max + " distinct or percentile values in memory;"
              + " narrow the WHERE clause or the time range, or group by fewer keys");
    }
  }

  long held() {
    return held;
  }
}

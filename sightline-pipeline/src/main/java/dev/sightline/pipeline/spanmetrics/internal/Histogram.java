package dev.sightline.pipeline.spanmetrics.internal;

/**
 * A cumulative histogram with the latest exemplar per bucket. Not thread-safe: the owner locks.
 * Buckets hold non-cumulative counts; writers add them up, as Prometheus' {@code le} buckets are
 * cumulative.
 */
public final class Histogram {
  private final double[] bounds;
  private final long[] counts;
  private final String[] exTraceIds;
  private final String[] exSpanIds;
  private final double[] exValues;
  private final long[] exTimes;
  private double sum;
  private long count;

  public Histogram(double[] bounds) {
    this.bounds = bounds;
    int n = bounds.length + 1; // + the +Inf bucket
    this.counts = new long[n];
    this.exTraceIds = new String[n];
    this.exSpanIds = new String[n];
    this.exValues = new double[n];
    this.exTimes = new long[n];
  }

  public void observe(double value, String traceId, String spanId, long timeMs) {
    int i = bucket(value);
    counts[i]++;
    sum += value;
    count++;
    exTraceIds[i] = traceId;
    exSpanIds[i] = spanId;
    exValues[i] = value;
    exTimes[i] = timeMs;
  }

  // le is inclusive: a value equal to a bound belongs to that bucket
  private int bucket(double v) {
    int lo = 0;
    int hi = bounds.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (v <= bounds[mid]) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  public int buckets() {
    return counts.length;
  }

  /** Count of observations in bucket {@code i} and every bucket below it. */
  public long cumulative(int i) {
    long c = 0;
    for (int k = 0; k <= i; k++) {
      c += counts[k];
    }
    return c;
  }

  public double sum() {
    return sum;
  }

  public long count() {
    return count;
  }

  public String exemplarTraceId(int i) {
    return exTraceIds[i];
  }

  public String exemplarSpanId(int i) {
    return exSpanIds[i];
  }

  public double exemplarValue(int i) {
    return exValues[i];
  }

  public long exemplarTimeMs(int i) {
    return exTimes[i];
  }
}

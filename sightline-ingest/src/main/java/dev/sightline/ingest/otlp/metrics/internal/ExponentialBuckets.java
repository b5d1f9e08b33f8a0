package dev.sightline.ingest.otlp.metrics.internal;

import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An OTLP exponential histogram as sparse bucket counts, convertible to classic cumulative buckets.
 *
 * <p>At scale {@code s} the base is {@code 2^(2^-s)} and positive bucket {@code i} holds values in
 * {@code (base^i, base^(i+1)]}; negative bucket {@code i} mirrors it. Lowering the scale by one merges
 * buckets pairwise ({@code i -> i >> 1}) exactly, without losing a count: that is how two points of
 * different scales are added (delta accumulation) and how the number of classic buckets is bounded.
 * The conversion to classic buckets is therefore exact at the chosen scale; what is lost is resolution
 * when the scale is lowered, and the values' distribution inside a bucket (as with any histogram).
 */
public final class ExponentialBuckets {
  private int scale;
  private double zeroThreshold;
  private long zeroCount;
  private final TreeMap<Integer, Long> positive = new TreeMap<>();
  private final TreeMap<Integer, Long> negative = new TreeMap<>();

  private ExponentialBuckets(int scale) {
    this.scale = scale;
  }

  public static ExponentialBuckets of(ExponentialHistogramDataPoint p) {
    ExponentialBuckets b = new ExponentialBuckets(p.getScale());
    b.zeroThreshold = p.getZeroThreshold();
    b.zeroCount = p.getZeroCount();
    fill(b.positive, p.getPositive().getOffset(), p.getPositive().getBucketCountsList());
    fill(b.negative, p.getNegative().getOffset(), p.getNegative().getBucketCountsList());
    return b;
  }

  private static void fill(TreeMap<Integer, Long> into, int offset, List<Long> counts) {
    for (int i = 0; i < counts.size(); i++) {
      if (counts.get(i) != 0) {
        into.merge(offset + i, counts.get(i), Long::sum);
      }
    }
  }

  /** Adds another point's counts (delta accumulation), first bringing both to the lower scale. */
  public void add(ExponentialBuckets other) {
    ExponentialBuckets o = other.copy();
    int common = Math.min(scale, o.scale);
    downscale(common);
    o.downscale(common);
    zeroThreshold = Math.max(zeroThreshold, o.zeroThreshold);
    zeroCount += o.zeroCount;
    o.positive.forEach((k, v) -> positive.merge(k, v, Long::sum));
    o.negative.forEach((k, v) -> negative.merge(k, v, Long::sum));
  }

  public ExponentialBuckets copy() {
    ExponentialBuckets c = new ExponentialBuckets(scale);
    c.zeroThreshold = zeroThreshold;
    c.zeroCount = zeroCount;
    c.positive.putAll(positive);
    c.negative.putAll(negative);
    return c;
  }

  public int scale() {
    return scale;
  }

  /** Lowers the scale until each sign has at most {@code maxBuckets} buckets (span, not just non-empty). */
  public void fit(int maxBuckets) {
    while (scale > -10 && (span(positive) > maxBuckets || span(negative) > maxBuckets)) {
      downscale(scale - 1);
    }
  }

  private static long span(TreeMap<Integer, Long> m) {
    return m.isEmpty() ? 0 : (long) m.lastKey() - m.firstKey() + 1;
  }

  private void downscale(int to) {
    if (to >= scale) {
      return;
    }
    int shift = scale - to;
    rebucket(positive, shift);
    rebucket(negative, shift);
    scale = to;
  }

  private static void rebucket(TreeMap<Integer, Long> m, int shift) {
    TreeMap<Integer, Long> out = new TreeMap<>();
    m.forEach((k, v) -> out.merge(k >> shift, v, Long::sum));
    m.clear();
    m.putAll(out);
  }

  /**
   * Classic cumulative buckets as (upper bound, count of values &lt;= bound) pairs, ascending, without
   * +Inf (the caller adds it with the total count). Negative buckets come first (bound {@code -base^i}),
   * then the zero bucket (bound {@code zeroThreshold}, 0 when unset), then positive ({@code base^(i+1)}).
   */
  public List<double[]> cumulative() {
    List<double[]> out = new ArrayList<>();
    long running = 0;
    for (Map.Entry<Integer, Long> e : negative.descendingMap().entrySet()) {
      running += e.getValue();
      out.add(new double[] {-bound(e.getKey()), running});
    }
    running += zeroCount;
    if (zeroCount > 0 || !positive.isEmpty() || !negative.isEmpty()) {
      out.add(new double[] {zeroThreshold, running});
    }
    for (Map.Entry<Integer, Long> e : positive.entrySet()) {
      running += e.getValue();
      out.add(new double[] {bound(e.getKey() + 1), running});
    }
    return out;
  }

  /** {@code base^index = 2^(index * 2^-scale)}, exact for scale <= 0. */
  private double bound(int index) {
    return scale <= 0 ? Math.scalb(1.0, index << -scale) : Math.pow(2, index / (double) (1 << scale));
  }
}

package dev.sightline.pipeline.spanmetrics.internal;

import dev.sightline.model.metric.Labels;
import java.math.BigDecimal;

/** Writes counters and histograms in Prometheus form ({@code _bucket{le}}, {@code _sum}, {@code _count}). */
public final class Samples {
  /** Receives one sample. */
  @FunctionalInterface
  public interface Sink {
    void sample(Labels labels, double value);
  }

  private Samples() {}

  public static void counter(Sink sink, String name, Labels labels, double value) {
    sink.sample(labels.toBuilder().set(Labels.METRIC_NAME, name).build(), value);
  }

  /** Writes {@code <base>_bucket} per bound plus {@code +Inf}, {@code <base>_sum}, {@code <base>_count}. */
  public static void histogram(Sink sink, String base, Labels labels, double[] bounds, Histogram h) {
    Labels.Builder b = labels.toBuilder().set(Labels.METRIC_NAME, base + "_bucket");
    for (int i = 0; i < h.buckets(); i++) {
      sink.sample(b.set("le", le(bounds, i)).build(), h.cumulative(i));
    }
    counter(sink, base + "_sum", labels, h.sum());
    counter(sink, base + "_count", labels, h.count());
  }

  /**
   * The {@code le} text of bucket {@code i}: OpenMetrics' canonical float form ({@code 1.0},
   * {@code 0.002}, {@code +Inf}), which Prometheus 3 normalizes scraped buckets to as well.
   */
  public static String le(double[] bounds, int i) {
    if (i >= bounds.length) {
      return "+Inf";
    }
    double d = bounds[i];
    String s = BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    return s.indexOf('.') < 0 ? s + ".0" : s;
  }
}

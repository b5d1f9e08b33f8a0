package dev.sightline.ingest.otlp.metrics;

import dev.sightline.ingest.IngestLimits;
import java.util.Objects;

/**
 * How OTLP metrics are translated.
 *
 * @param ingestLimits the JSON limits (nesting, string and number lengths) for {@code decodeJson}
 * @param maxDeltaSeries DELTA series whose running totals are kept; the least recently updated is
 *     evicted past this (and restarts from zero); default 100,000
 * @param maxExponentialBuckets classic buckets per sign an exponential histogram point may become; the
 *     scale is lowered (buckets merged pairwise, exactly) until it fits; default 40
 * @param maxLabelsPerSeries a data point whose series would have more labels is rejected; default 64
 * @param targetInfo whether to emit {@code target_info} with the resource's other attributes
 */
public record OtlpMetricsOptions(
    IngestLimits ingestLimits,
    int maxDeltaSeries,
    int maxExponentialBuckets,
    int maxLabelsPerSeries,
    boolean targetInfo) {

  public OtlpMetricsOptions {
    Objects.requireNonNull(ingestLimits, "ingestLimits");
    if (maxDeltaSeries <= 0 || maxExponentialBuckets <= 0 || maxLabelsPerSeries <= 0) {
      throw new IllegalArgumentException("limits must be positive: maxDeltaSeries=" + maxDeltaSeries
          + ", maxExponentialBuckets=" + maxExponentialBuckets + ", maxLabelsPerSeries=" + maxLabelsPerSeries);
    }
  }

  public static OtlpMetricsOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public static final class Builder {
    private IngestLimits ingestLimits = IngestLimits.defaults();
    private int maxDeltaSeries = 100_000;
    private int maxExponentialBuckets = 40;
    private int maxLabelsPerSeries = 64;
    private boolean targetInfo = true;

    private Builder() {}

    public Builder ingestLimits(IngestLimits v) {
      ingestLimits = v;
      return this;
    }

    public Builder maxDeltaSeries(int v) {
      maxDeltaSeries = v;
      return this;
    }

    public Builder maxExponentialBuckets(int v) {
      maxExponentialBuckets = v;
      return this;
    }

    public Builder maxLabelsPerSeries(int v) {
      maxLabelsPerSeries = v;
      return this;
    }

    public Builder targetInfo(boolean v) {
      targetInfo = v;
      return this;
    }

    public OtlpMetricsOptions build() {
      return new OtlpMetricsOptions(ingestLimits, maxDeltaSeries, maxExponentialBuckets, maxLabelsPerSeries, targetInfo);
    }
  }
}

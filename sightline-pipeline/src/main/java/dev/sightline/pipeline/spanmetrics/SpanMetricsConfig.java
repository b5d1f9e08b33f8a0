package dev.sightline.pipeline.spanmetrics;

import java.time.Duration;
import java.util.List;

/**
 * Span-derived metrics settings, bound from {@code span_metrics:} in {@code sightline.yaml}; null
 * components take the defaults.
 *
 * @param histogramBucketsSeconds upper bounds of the duration histograms, strictly increasing; default
 *     the Collector spanmetrics connector's (2 ms ... 15 s), expressed in seconds
 * @param maxOperationsPerService distinct span names kept per service; further names are counted under
 *     {@code span_name="other"} (default 500)
 * @param maxSeries distinct label sets (span series plus service-graph edges); beyond it spans are
 *     counted in one overflow series labelled {@code otel_metric_overflow="true"}, as the Collector's
 *     {@code aggregation_cardinality_limit} does (default 10,000)
 * @param serviceGraph derive service-graph edges (default true)
 * @param serviceGraphMaxPending client or server halves waiting for their other half (default 10,000;
 *     when full, new halves are dropped and counted)
 * @param serviceGraphWait how long a half waits for its pair (default 10 s: the Collector's 2 s is
 *     shorter than an SDK's default 5 s export delay, so edges between services would mostly expire)
 */
public record SpanMetricsConfig(
    List<Double> histogramBucketsSeconds,
    Integer maxOperationsPerService,
    Integer maxSeries,
    Boolean serviceGraph,
    Integer serviceGraphMaxPending,
    Duration serviceGraphWait) {

  public static final List<Double> DEFAULT_BUCKETS_SECONDS = List.of(
      0.002, 0.004, 0.006, 0.008, 0.01, 0.05, 0.1, 0.2, 0.4, 0.8, 1.0, 1.4, 2.0, 5.0, 10.0, 15.0);

  public SpanMetricsConfig {
    histogramBucketsSeconds = histogramBucketsSeconds == null
        ? DEFAULT_BUCKETS_SECONDS : List.copyOf(histogramBucketsSeconds);
    maxOperationsPerService = maxOperationsPerService == null ? 500 : maxOperationsPerService;
    maxSeries = maxSeries == null ? 10_000 : maxSeries;
    serviceGraph = serviceGraph == null ? Boolean.TRUE : serviceGraph;
    serviceGraphMaxPending = serviceGraphMaxPending == null ? 10_000 : serviceGraphMaxPending;
    serviceGraphWait = serviceGraphWait == null ? Duration.ofSeconds(10) : serviceGraphWait;
    double prev = 0;
    for (int i = 0; i < histogramBucketsSeconds.size(); i++) {
      Double b = histogramBucketsSeconds.get(i);
      if (b == null || !(b > prev) || b.isInfinite()) {
        throw new IllegalArgumentException("span_metrics.histogram_buckets_seconds[" + i + "] = " + b
            + ": buckets must be positive, finite and strictly increasing");
      }
      prev = b;
    }
    positive("max_operations_per_service", maxOperationsPerService);
    positive("max_series", maxSeries);
    positive("service_graph_max_pending", serviceGraphMaxPending);
    if (serviceGraphWait.isNegative() || serviceGraphWait.isZero()) {
      throw new IllegalArgumentException("span_metrics.service_graph_wait must be positive, got " + serviceGraphWait);
    }
  }

  private static void positive(String key, int v) {
    if (v <= 0) {
      throw new IllegalArgumentException("span_metrics." + key + " must be positive, got " + v);
    }
  }

  public static SpanMetricsConfig defaults() {
    return new SpanMetricsConfig(null, null, null, null, null, null);
  }
}

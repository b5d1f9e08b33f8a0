package dev.sightline.ingest.prometheus;

import java.util.Locale;

/**
 * The metric family types of the Prometheus text format and OpenMetrics. Sightline stores every sample
 * as a float series, so {@link #INFO} and {@link #STATESET} are kept as gauges; the type is metadata.
 */
public enum MetricType {
  COUNTER, GAUGE, HISTOGRAM, GAUGE_HISTOGRAM, SUMMARY, INFO, STATESET, UNKNOWN;

  /** The name as written in {@code # TYPE} lines ({@code gaugehistogram}, {@code unknown}). */
  public String exposedName() {
    return this == GAUGE_HISTOGRAM ? "gaugehistogram" : name().toLowerCase(Locale.ROOT);
  }
}

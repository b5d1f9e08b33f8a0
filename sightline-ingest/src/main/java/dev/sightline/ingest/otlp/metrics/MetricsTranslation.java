package dev.sightline.ingest.otlp.metrics;

import dev.sightline.ingest.prometheus.MetricMetadata;
import dev.sightline.ingest.prometheus.MetricSeries;
import dev.sightline.ingest.prometheus.SampleSink;
import java.util.List;
import java.util.Objects;

/**
 * The Prometheus series one OTLP metrics export became.
 *
 * @param series in first-seen order, samples in request order
 * @param metadata one entry per translated metric family
 * @param rejectedDataPoints OTLP data points refused (for {@code partial_success.rejected_data_points})
 * @param errorMessage empty when none was refused; otherwise the first few reasons, each with its path
 *     in the request ({@code resourceMetrics[0].scopeMetrics[1].metrics[2].dataPoints[0]: ...})
 * @param overlappingDeltas DELTA points dropped because they overlapped already-accumulated ones
 *     (included in {@code rejectedDataPoints})
 */
public record MetricsTranslation(
    List<MetricSeries> series,
    List<MetricMetadata> metadata,
    int rejectedDataPoints,
    String errorMessage,
    long overlappingDeltas) {

  public MetricsTranslation {
    series = List.copyOf(series);
    metadata = List.copyOf(metadata);
    errorMessage = Objects.requireNonNullElse(errorMessage, "");
  }

  /** True when some points were refused: the receiver answers with {@code partial_success}. */
  public boolean isPartial() {
    return rejectedDataPoints > 0;
  }

  /** Every sample, e.g. {@code translation.forEachSample(appender::append)}. */
  public void forEachSample(SampleSink sink) {
    for (MetricSeries s : series) {
      s.forEachSample(sink);
    }
  }
}

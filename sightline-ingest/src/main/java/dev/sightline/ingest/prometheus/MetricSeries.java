package dev.sightline.ingest.prometheus;

import dev.sightline.model.metric.Labels;
import java.util.List;
import java.util.Objects;

/**
 * A series with the samples (and exemplars) one request carried for it: the neutral result of the
 * remote-write decoder and of the OTLP metrics translator.
 *
 * @param labels the series identity, including {@code __name__}
 * @param samples in the order received
 * @param exemplars possibly empty
 */
public record MetricSeries(Labels labels, List<Sample> samples, List<Exemplar> exemplars) {
  public MetricSeries {
    Objects.requireNonNull(labels, "labels");
    samples = List.copyOf(samples);
    exemplars = List.copyOf(exemplars);
  }

  public static MetricSeries of(Labels labels, long timestampMs, double value) {
    return new MetricSeries(labels, List.of(new Sample(timestampMs, value)), List.of());
  }

  /** Hands every sample to {@code sink}, e.g. {@code series.forEachSample(appender::append)}. */
  public void forEachSample(SampleSink sink) {
    for (Sample s : samples) {
      sink.accept(labels, s.timestampMs(), s.value());
    }
  }
}

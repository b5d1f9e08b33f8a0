package dev.sightline.ingest.prometheus;

import java.util.List;
import java.util.Objects;

/**
 * What one remote-write request carried, after validation.
 *
 * <p>As Prometheus's own receiver does, valid series are kept even when others in the same request are
 * invalid: the receiver appends {@link #series()} and then, if {@link #hasRejections()}, answers 400 with
 * {@link #errorMessage()} so that the sender does not retry the bad data forever.
 *
 * @param series valid series in request order
 * @param metadata metric metadata entries, as sent
 * @param rejectedSeries series refused (invalid or unsorted labels, missing {@code __name__}, limits)
 * @param rejectedSamples samples in those series
 * @param unsupportedHistograms native histogram samples, which Sightline does not store yet
 * @param errorMessage empty when nothing was rejected; otherwise the first few problems, each naming the
 *     series index and what was wrong
 */
public record RemoteWriteBatch(
    List<MetricSeries> series,
    List<MetricMetadata> metadata,
    int rejectedSeries,
    long rejectedSamples,
    long unsupportedHistograms,
    String errorMessage) {

  public RemoteWriteBatch {
    series = List.copyOf(series);
    metadata = List.copyOf(metadata);
    errorMessage = Objects.requireNonNullElse(errorMessage, "");
  }

  /** True when something was refused: the receiver should answer 400 (not retried) after appending. */
  public boolean hasRejections() {
    return rejectedSeries > 0 || unsupportedHistograms > 0;
  }

  public long sampleCount() {
    long n = 0;
    for (MetricSeries s : series) {
      n += s.samples().size();
    }
    return n;
  }

  /** Every accepted sample, e.g. {@code batch.forEachSample(appender::append)}. */
  public void forEachSample(SampleSink sink) {
    for (MetricSeries s : series) {
      s.forEachSample(sink);
    }
  }
}

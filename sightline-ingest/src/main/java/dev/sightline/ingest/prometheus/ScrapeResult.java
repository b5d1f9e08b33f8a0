package dev.sightline.ingest.prometheus;

import java.util.List;

/**
 * A parsed scrape.
 *
 * @param samples in exposition order
 * @param metadata one entry per family that had a {@code # TYPE}, {@code # HELP} or {@code # UNIT} line,
 *     in order of first appearance; families without a TYPE line are {@link MetricType#UNKNOWN}
 */
public record ScrapeResult(List<ScrapedSample> samples, List<MetricMetadata> metadata) {
  public ScrapeResult {
    samples = List.copyOf(samples);
    metadata = List.copyOf(metadata);
  }

  /**
   * Hands every sample to {@code sink}, stamping those without an explicit timestamp with
   * {@code scrapeTimestampMs}, e.g. {@code result.forEachSample(now, appender::append)}.
   */
  public void forEachSample(long scrapeTimestampMs, SampleSink sink) {
    for (ScrapedSample s : samples) {
      sink.accept(s.labels(), s.hasTimestamp() ? s.timestampMs() : scrapeTimestampMs, s.value());
    }
  }
}

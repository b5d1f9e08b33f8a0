package dev.sightline.ingest.prometheus;

import dev.sightline.model.metric.Labels;
import java.util.Objects;

/**
 * One sample line of a scrape.
 *
 * @param labels series identity including {@code __name__}
 * @param value any double, NaN and ±Inf included
 * @param timestampMs the line's explicit timestamp in milliseconds (OpenMetrics seconds are converted),
 *     or {@link #NO_TIMESTAMP}: the scrape loop then uses the scrape's own time
 * @param exemplar the OpenMetrics exemplar on this line, or null
 */
public record ScrapedSample(Labels labels, double value, long timestampMs, Exemplar exemplar) {
  public static final long NO_TIMESTAMP = Long.MIN_VALUE;

  public ScrapedSample {
    Objects.requireNonNull(labels, "labels");
  }

  public boolean hasTimestamp() {
    return timestampMs != NO_TIMESTAMP;
  }
}

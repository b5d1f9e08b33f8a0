package dev.sightline.ingest.prometheus;

import dev.sightline.model.metric.Labels;

/**
 * Receives decoded samples one at a time. Shaped like {@code MetricAppender.append} in sightline-store,
 * so that a receiver can pass {@code appender::append} without this module depending on the store.
 */
@FunctionalInterface
public interface SampleSink {
  void accept(Labels labels, long timestampMs, double value);
}

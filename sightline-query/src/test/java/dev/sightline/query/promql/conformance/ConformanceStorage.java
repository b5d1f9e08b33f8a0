package dev.sightline.query.promql.conformance;

import dev.sightline.model.metric.Labels;
import dev.sightline.store.metrics.MetricQuerier;

/**
 * The storage a conformance run loads script data into and the engine reads back. Bind it to any
 * {@link MetricQuerier} implementation (the in-memory test store now, the TSDB later).
 */
public interface ConformanceStorage extends AutoCloseable {
  void append(Labels labels, long timestampMs, double value);

  /** Makes appended samples visible to {@link #querier()}. */
  default void commit() {}

  /** Drops everything (the script's {@code clear}). */
  void clear();

  MetricQuerier querier();

  @Override
  default void close() {}
}

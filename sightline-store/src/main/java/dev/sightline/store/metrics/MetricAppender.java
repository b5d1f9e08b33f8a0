package dev.sightline.store.metrics;

import dev.sightline.model.metric.Labels;
import java.io.IOException;

/**
 * Writes samples in a batch: {@link #append} collects, {@link #commit} makes the batch durable (in the
 * write-ahead log) and visible. A sample rejected by a limit or as out of order is reported by
 * {@link AppendResult} at commit, never silently dropped.
 */
public interface MetricAppender {
  void append(Labels labels, long timestampMs, double value);

  /** Durable when it returns. */
  AppendResult commit() throws IOException;

  /** Discards what was appended since the last commit. */
  void rollback();
}

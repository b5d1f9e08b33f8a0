package dev.sightline.server;

import dev.sightline.pipeline.IngestQueue;
import java.util.Map;

/** Exports the ingest queues' depth and outcome counters, one label value per signal. */
final class QueueMetrics {
  private QueueMetrics() {}

  static void register(SelfMetrics m, Map<String, IngestQueue<?>> queues) {
    String[] labels = {"signal"};
    m.gauge("sightline_ingest_queue_depth", "Items waiting for storage.", labels,
        v -> queues.forEach((s, q) -> v.value(q.depth(), s)));
    m.gauge("sightline_ingest_queue_capacity", "Items that may wait before receivers refuse.", labels,
        v -> queues.forEach((s, q) -> v.value(q.capacity(), s)));
    m.counter("sightline_ingest_queue_refused_items", "Items refused because the queue was full or closing.",
        labels, v -> queues.forEach((s, q) -> v.value(q.refusedItems(), s)));
    m.counter("sightline_storage_write_failed_items", "Items whose storage write failed (clients told to retry).",
        labels, v -> queues.forEach((s, q) -> v.value(q.failedItems(), s)));
    m.counter("sightline_storage_writes", "Storage write calls (group commits).", labels,
        v -> queues.forEach((s, q) -> v.value(q.sinkCalls(), s)));
  }
}

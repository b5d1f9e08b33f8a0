package dev.sightline.server;

import dev.sightline.pipeline.IngestQueue;

/** Exports an ingest queue's depth and outcome counters. */
final class QueueMetrics {
  private QueueMetrics() {}

  static void register(SelfMetrics m, String signal, IngestQueue<?> q) {
    String[] labels = {"signal"};
    m.gauge("sightline_ingest_queue_depth", "Items waiting for storage.", labels,
        v -> v.value(q.depth(), signal));
    m.gauge("sightline_ingest_queue_capacity", "Items that may wait before receivers refuse.", labels,
        v -> v.value(q.capacity(), signal));
    m.counter("sightline_ingest_queue_refused_items", "Items refused because the queue was full or closing.",
        labels, v -> v.value(q.refusedItems(), signal));
    m.counter("sightline_storage_write_failed_items", "Items whose storage write failed (clients told to retry).",
        labels, v -> v.value(q.failedItems(), signal));
    m.counter("sightline_storage_writes", "Storage write calls (group commits).", labels,
        v -> v.value(q.sinkCalls(), signal));
  }
}

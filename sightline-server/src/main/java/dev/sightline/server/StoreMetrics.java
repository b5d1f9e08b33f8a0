package dev.sightline.server;

import dev.sightline.store.lucene.LuceneEventStore;

/** Exports the event store's sizes per dataset: index, WAL, documents, day indices, last commit. */
final class StoreMetrics {
  private StoreMetrics() {}

  static void register(SelfMetrics m, LuceneEventStore store) {
    String[] labels = {"dataset"};
    m.gauge("sightline_index_size_bytes", "Bytes of the event store's day indices on disk.", labels,
        v -> store.stats().forEach(s -> v.value(s.indexSizeBytes(), s.dataset())));
    m.gauge("sightline_wal_size_bytes", "Bytes of the write-ahead log not yet covered by a commit.", labels,
        v -> store.stats().forEach(s -> v.value(s.walSizeBytes(), s.dataset())));
    m.gauge("sightline_stored_documents", "Documents (spans, log records) in the event store.", labels,
        v -> store.stats().forEach(s -> v.value(s.documentCount(), s.dataset())));
    m.gauge("sightline_day_indices", "Day indices open in the event store.", labels,
        v -> store.stats().forEach(s -> v.value(s.dayIndices(), s.dataset())));
    m.gauge("sightline_last_commit_timestamp_seconds", "When the event store last committed.", labels,
        v -> store.stats().forEach(s -> {
          if (s.lastCommit() != null) {
            v.value(s.lastCommit().toEpochMilli() / 1000.0, s.dataset());
          }
        }));
  }
}

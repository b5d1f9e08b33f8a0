package dev.sightline.server;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Exports the event store's sizes per dataset (data on disk, WAL, records, days, last commit) and its WAL's
 * fsyncs.
 */
final class StoreMetrics {
  private StoreMetrics() {}

  /** One dataset's sizes, whichever engine stores it. */
  record Sizes(String dataset, long dataBytes, long walBytes, long records, int days, Instant lastCommit,
               long walFsyncs) {}

  static void register(SelfMetrics m, Supplier<List<Sizes>> stats) {
    String[] labels = {"dataset"};
    m.gauge("sightline_index_size_bytes", "Bytes of the event store's data on disk (day indices or chunks).",
        labels, v -> stats.get().forEach(s -> v.value(s.dataBytes(), s.dataset())));
    m.gauge("sightline_wal_size_bytes", "Bytes of the write-ahead log not yet covered by a commit.", labels,
        v -> stats.get().forEach(s -> v.value(s.walBytes(), s.dataset())));
    // With group commit, fsyncs per second against acknowledged writes per second shows how many writes
    // each fsync covers; an fsync rate near the write rate on a slow disk is where ingest waits.
    m.counter("sightline_wal_fsyncs", "fsyncs of the write-ahead log since start.", labels,
        v -> stats.get().forEach(s -> v.value(s.walFsyncs(), s.dataset())));
    m.gauge("sightline_stored_documents", "Documents (spans, log records) in the event store.", labels,
        v -> stats.get().forEach(s -> v.value(s.records(), s.dataset())));
    m.gauge("sightline_day_indices", "Days the event store holds (a Lucene index or a directory of chunks each).",
        labels, v -> stats.get().forEach(s -> v.value(s.days(), s.dataset())));
    m.gauge("sightline_last_commit_timestamp_seconds", "When the event store last committed.", labels,
        v -> stats.get().forEach(s -> {
          if (s.lastCommit() != null) {
            v.value(s.lastCommit().toEpochMilli() / 1000.0, s.dataset());
          }
        }));
  }
}

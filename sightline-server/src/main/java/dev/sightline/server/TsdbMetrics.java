package dev.sightline.server;

import dev.sightline.store.tsdb.Tsdb;

/** Exports the TSDB's size and efficiency: series, head samples, bytes on disk, WAL, bytes per sample. */
final class TsdbMetrics {
  private TsdbMetrics() {}

  static void register(SelfMetrics m, Tsdb tsdb) {
    String[] none = {};
    m.gauge("sightline_tsdb_series", "Series in the TSDB's in-memory head.", none, v -> v.value(tsdb.seriesCount()));
    m.gauge("sightline_tsdb_head_samples", "Samples in the head.", none, v -> v.value(tsdb.headSamples()));
    m.gauge("sightline_tsdb_head_chunk_bytes", "Compressed bytes of the head's chunks.", none,
        v -> v.value(tsdb.headChunkBytes()));
    m.gauge("sightline_tsdb_blocks", "Persisted blocks.", none, v -> v.value(tsdb.blockCount()));
    m.gauge("sightline_tsdb_disk_bytes", "Bytes of blocks and WAL on disk.", none, v -> v.value(tsdb.bytesOnDisk()));
    m.gauge("sightline_tsdb_wal_bytes", "Bytes of the TSDB write-ahead log.", none, v -> v.value(tsdb.walSizeBytes()));
    m.gauge("sightline_tsdb_bytes_per_sample", "Compressed bytes per stored sample.", none,
        v -> v.value(tsdb.bytesPerSample()));
    m.counter("sightline_tsdb_refused_samples", "Samples refused by cardinality limits, per metric.",
        new String[] {"metric"}, v -> tsdb.rejectedSamplesByMetric().forEach((name, n) -> v.value(n, name)));
  }
}

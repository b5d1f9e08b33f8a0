package dev.sightline.bench;

import dev.sightline.bench.internal.Args;
import dev.sightline.bench.internal.Trees;
import dev.sightline.model.metric.Labels;
import dev.sightline.store.metrics.MetricAppender;
import dev.sightline.store.tsdb.Tsdb;
import dev.sightline.store.tsdb.TsdbLimits;
import dev.sightline.store.wal.FsyncPolicy;
import dev.sightline.store.wal.WalOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Set;

/**
 * Sightline's counterpart of Prometheus's {@code POST /api/v1/admin/tsdb/snapshot} for the bytes/sample
 * figure: opens a stopped server's TSDB directory ({@code <data-dir>/metrics}) with the real {@link Tsdb},
 * replays its WAL, then writes every head sample into blocks, the long-term format, exactly as the
 * server's own maintenance would once time moved on (a fence sample {@code --after-ms} pushes the head
 * forward; then {@link Tsdb#maintain()} cuts 2 h blocks and compacts complete 6 h windows). Prints the
 * size of {@code blocks/} and of the whole directory.
 *
 * <pre>
 * java -cp ... dev.sightline.bench.TsdbBlockCut --dir work/sightline-data/metrics --after-ms 1767225600000
 * </pre>
 */
public final class TsdbBlockCut {
  private TsdbBlockCut() {}

  public static void main(String[] argv) throws IOException {
    Args args = Args.parse(argv, Set.of("dir", "after-ms"), Set.of());
    Path dir = Path.of(args.required("dir"));
    long after = args.count("after-ms", 0);
    // The fence lies 5 h after the data (past the 1.5-block cut point of its last window); the clock is
    // there too, so it is not refused as "from the future" and no block is old enough for retention.
    long fence = after + Duration.ofHours(5).toMillis();
    Clock clock = Clock.fixed(Instant.ofEpochMilli(fence), ZoneOffset.UTC);
    long t0 = System.nanoTime();
    try (Tsdb tsdb = Tsdb.builder().dataDir(dir).clock(clock).retentionTime(Duration.ZERO)
        .maintenanceInterval(Duration.ZERO).limits(TsdbLimits.unlimited())
        .walOptions(WalOptions.builder().fsyncPolicy(FsyncPolicy.NEVER).build()).build()) {
      tsdb.start();
      long replayed = tsdb.headSamples();
      double replaySecs = (System.nanoTime() - t0) / 1e9;
      MetricAppender a = tsdb.appender();
      a.append(Labels.of("__name__", "sightline_bench_fence"), fence, 0);
      a.commit();
      long t1 = System.nanoTime();
      tsdb.maintain();
      double cutSecs = (System.nanoTime() - t1) / 1e9;
      long blockBytes = tsdb.bytesOnDisk() - tsdb.walSizeBytes();
      System.out.printf(Locale.ROOT, "replayed %d head samples in %.1f s; cut into %d blocks (%d bytes) in %.1f s;"
          + " head left: %d samples%n", replayed, replaySecs, tsdb.blockCount(), blockBytes, cutSecs, tsdb.headSamples());
      System.out.printf(Locale.ROOT, "RESULT replayed_samples=%d blocks=%d block_bytes=%d blocks_dir_bytes=%d%n",
          replayed, tsdb.blockCount(), blockBytes, Trees.sizeBytes(dir.resolve("blocks")));
    }
  }
}

package dev.sightline.store.tsdb.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.model.metric.Labels;
import dev.sightline.store.metrics.MetricAppender;
import dev.sightline.store.tsdb.TsdbLimits;
import dev.sightline.store.wal.WalOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A block removed by retention or compaction stays readable for queries that acquired it. */
class BlockLifecycleTest {
  private static final long HOUR = 3_600_000L;

  @TempDir
  Path dir;

  @Test
  void aRemovedBlockIsDeletedOnlyAfterTheLastReaderReleasesIt() throws IOException {
    TsdbEngine engine = new TsdbEngine(new EngineConfig(dir, Clock.systemUTC(), HOUR, 0, 0,
        TsdbLimits.defaults(), WalOptions.defaults(), 120, 3 * HOUR, Long.MAX_VALUE / 2));
    engine.start();
    try {
      for (long t = 0; t < 2 * HOUR; t += 60_000) {
        MetricAppender a = engine.appender();
        a.append(Labels.of("__name__", "m"), t, t);
        a.commit();
      }
      engine.maintain();
      List<Block> acquired = engine.acquireBlocks(0, HOUR);
      assertThat(acquired).hasSize(1);
      Block b = acquired.get(0);
      engine.removeBlocks(List.of(b), null);
      assertThat(engine.blockCount()).isZero();
      assertThat(engine.acquireBlocks(0, HOUR)).isEmpty();
      // Still readable by the query that holds it, and still on disk.
      SampleBuffer read = new SampleBuffer();
      b.read(0, 0, HOUR, read);
      assertThat(read.n).isPositive();
      assertThat(b.dir()).exists();
      assertThat(b.tryAcquire()).isTrue(); // a second reader of the same snapshot
      TsdbEngine.release(List.of(b));
      assertThat(b.dir()).exists();
      TsdbEngine.release(acquired);
      assertThat(b.dir()).doesNotExist();
      assertThat(b.tryAcquire()).as("a dead block cannot be revived").isFalse();
      try (var s = Files.list(dir.resolve("blocks"))) {
        assertThat(s.toList()).isEmpty();
      }
    } finally {
      engine.close(false);
    }
  }
}

package dev.sightline.store.tsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.model.metric.Labels;
import dev.sightline.store.metrics.AppendResult;
import dev.sightline.store.metrics.LabelMatcher;
import dev.sightline.store.metrics.MetricAppender;
import dev.sightline.store.metrics.Series;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What survives an unclean stop, a clean close, block cuts and WAL checkpoints. */
class TsdbDurabilityTest {
  private static final long HOUR = 3_600_000L;
  private static final List<LabelMatcher> ALL = List.of(LabelMatcher.of(LabelMatcher.Type.REGEX, "__name__", ".+"));

  @TempDir
  Path dir;
  private Tsdb tsdb;

  private Tsdb open() throws IOException {
    tsdb = Tsdb.builder().dataDir(dir).blockDuration(Duration.ofHours(1)).retentionTime(Duration.ZERO)
        .maintenanceInterval(Duration.ZERO).build();
    tsdb.start();
    return tsdb;
  }

  @AfterEach
  void close() throws IOException {
    if (tsdb != null) {
      tsdb.close();
    }
  }

  private static Labels series(int i) {
    return Labels.of("__name__", "m" + (i % 3), "i", Integer.toString(i));
  }

  /** Writes {@code n} samples per series for series 0..9 from {@code from}, every {@code step} ms. */
  private void write(long from, long step, int n) throws IOException {
    for (int k = 0; k < n; k++) {
      MetricAppender a = tsdb.appender();
      for (int i = 0; i < 10; i++) {
        a.append(series(i), from + k * step, value(i, from + k * step));
      }
      AppendResult r = a.commit();
      assertThat(r.allAccepted()).as("commit %d: %s", k, r.errors()).isTrue();
    }
  }

  private static double value(int series, long t) {
    return series * 1000.0 + (t / 1000) % 977;
  }

  /** Asserts every series holds exactly the samples [from, to) every step. */
  private void assertHasExactly(long from, long to, long step) throws IOException {
    List<Series> all = tsdb.querier().select(Long.MIN_VALUE, Long.MAX_VALUE, ALL);
    assertThat(all).hasSize(10);
    for (Series s : all) {
      int i = Integer.parseInt(s.labels().get("i"));
      int expected = (int) ((to - from + step - 1) / step);
      assertThat(s.size()).as("samples of %s", s.labels()).isEqualTo(expected);
      for (int k = 0; k < expected; k++) {
        assertThat(s.timestamps()[k]).isEqualTo(from + k * step);
        assertThat(s.values()[k]).isEqualTo(value(i, from + k * step));
      }
    }
  }

  @Test
  void everyCommittedSampleSurvivesAnUncleanStopAndATornTail() throws IOException {
    open();
    write(0, 15_000, 200);
    tsdb.abandon();
    // A crash in the middle of the next write leaves a partial frame at the end of the last segment.
    Path last;
    try (Stream<Path> s = Files.list(dir.resolve("wal"))) {
      last = s.sorted().reduce((a, b) -> b).orElseThrow();
    }
    Files.write(last, new byte[] {0, 0, 1, 0, 42, 42, 42}, StandardOpenOption.APPEND);
    open();
    assertHasExactly(0, 200 * 15_000L, 15_000);
    // The order state was restored too: the next sample must be newer than the last one replayed.
    MetricAppender a = tsdb.appender();
    a.append(series(0), 100, 1);
    assertThat(a.commit().outOfOrder()).isEqualTo(1);
  }

  @Test
  void cleanCloseCheckpointsAndRestartsWithTheSameData() throws IOException {
    open();
    write(0, 10_000, 100);
    long walBefore = tsdb.walSizeBytes();
    tsdb.close();
    open();
    assertHasExactly(0, 100 * 10_000L, 10_000);
    assertThat(tsdb.seriesCount()).isEqualTo(10);
    assertThat(walBefore).isPositive();
  }

  @Test
  void afterABlockCutTheHeadReplaysOnlyWhatIsNotInABlock() throws IOException {
    open();
    write(0, 60_000, 120); // 0 .. 2h
    tsdb.maintain(); // head reaches 1h59m >= 1.5h: window [0, 1h) becomes a block
    assertThat(tsdb.blockCount()).isEqualTo(1);
    assertThat(tsdb.headSamples()).isEqualTo(10 * 60);
    write(120 * 60_000L, 60_000, 30); // 2h .. 2.5h, after the checkpoint
    tsdb.abandon();
    open();
    assertThat(tsdb.blockCount()).isEqualTo(1);
    assertThat(tsdb.headSamples()).isEqualTo(10 * 90);
    assertHasExactly(0, 150 * 60_000L, 60_000);
  }

  @Test
  void repeatedCutsCheckpointsAndRestartsLoseNothing() throws IOException {
    open();
    long t = 0;
    for (int round = 0; round < 4; round++) {
      write(t, 60_000, 45);
      t += 45 * 60_000L;
      tsdb.maintain();
      if (round % 2 == 0) {
        tsdb.abandon();
      } else {
        tsdb.close();
      }
      open();
      assertHasExactly(0, t, 60_000);
    }
    assertThat(tsdb.blockCount()).isPositive();
  }

  @Test
  void samplesForAPersistedWindowAreRefusedAsTooOld() throws IOException {
    open();
    write(0, 60_000, 120);
    tsdb.maintain();
    MetricAppender a = tsdb.appender();
    a.append(Labels.of("__name__", "new_series"), 30 * 60_000L, 1);
    AppendResult r = a.commit();
    assertThat(r.outOfOrder()).isEqualTo(1);
    assertThat(r.errors()).singleElement().asString().contains("too old").contains("already in a block");
    assertThat(tsdb.seriesCount()).as("a refused sample creates no series").isEqualTo(10);
  }

  @Test
  void aDamagedCheckpointMarkerFailsStartWithItsPath() throws IOException {
    open();
    write(0, 60_000, 120);
    tsdb.maintain();
    tsdb.close();
    tsdb = null;
    Files.writeString(dir.resolve("checkpoint"), "not-a-number");
    Tsdb t = Tsdb.builder().dataDir(dir).maintenanceInterval(Duration.ZERO).build();
    assertThatThrownBy(t::start).isInstanceOf(IOException.class)
        .hasMessageContaining("checkpoint").hasMessageContaining("not-a-number");
  }
}

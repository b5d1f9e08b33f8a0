package dev.sightline.store.tsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.model.metric.Labels;
import dev.sightline.store.metrics.LabelMatcher;
import dev.sightline.store.metrics.MetricAppender;
import dev.sightline.store.metrics.Series;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Block cuts, queries across head and blocks, compaction and retention. */
class TsdbBlocksTest {
  private static final long HOUR = 3_600_000L;
  private static final long STEP = 60_000L;
  private static final Labels A = Labels.of("__name__", "cpu", "host", "a");
  private static final Labels B = Labels.of("__name__", "cpu", "host", "b");

  @TempDir
  Path dir;
  private final MutableClock clock = new MutableClock(Instant.ofEpochMilli(5 * HOUR)); // "now" is after the data
  private Tsdb tsdb;

  private void open(Duration retention, long retentionSize) throws IOException {
    tsdb = Tsdb.builder().dataDir(dir).clock(clock).blockDuration(Duration.ofHours(1))
        .retentionTime(retention).retentionSize(retentionSize).maintenanceInterval(Duration.ZERO).build();
    tsdb.start();
  }

  @AfterEach
  void close() throws IOException {
    if (tsdb != null) {
      tsdb.close();
    }
  }

  /** One sample a minute for A over [from, to), and for B only in the first hour. */
  private void write(long from, long to) throws IOException {
    for (long t = from; t < to; t += STEP) {
      MetricAppender a = tsdb.appender();
      a.append(A, t, t / STEP);
      if (t < HOUR) {
        a.append(B, t, -t / STEP);
      }
      assertThat(a.commit().allAccepted()).isTrue();
    }
  }

  private Series select(Labels l, long min, long max) throws IOException {
    List<Series> s = tsdb.querier().select(min, max, List.of(LabelMatcher.equal("host", l.get("host"))));
    return s.isEmpty() ? null : s.get(0);
  }

  private static void assertEveryMinute(Series s, long from, long to, boolean negative) {
    int n = (int) ((to - from) / STEP);
    assertThat(s.size()).isEqualTo(n);
    for (int i = 0; i < n; i++) {
      long t = from + i * STEP;
      assertThat(s.timestamps()[i]).isEqualTo(t);
      assertThat(s.values()[i]).isEqualTo(negative ? -t / STEP : t / STEP);
    }
  }

  private List<String> blockDirs() throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve("blocks"))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void cutBlocksAreQueriedTogetherWithTheHead() throws IOException {
    open(Duration.ZERO, 0);
    write(0, 2 * HOUR);
    tsdb.maintain();
    assertThat(tsdb.blockCount()).isEqualTo(1);
    assertThat(tsdb.seriesCount()).as("B has no head samples left and is dropped from the head").isEqualTo(1);
    // Ranges inside the block, inside the head, and spanning both.
    assertEveryMinute(select(A, 0, 2 * HOUR - 1), 0, 2 * HOUR, false);
    assertEveryMinute(select(A, HOUR - 5 * STEP, HOUR + 5 * STEP - 1), HOUR - 5 * STEP, HOUR + 5 * STEP, false);
    assertEveryMinute(select(B, 0, 2 * HOUR), 0, HOUR, true);
    assertThat(select(B, HOUR, 2 * HOUR)).isNull();
    assertThat(tsdb.querier().labelValues("host", 0, 2 * HOUR, List.of())).containsExactly("a", "b");
    assertThat(tsdb.querier().labelValues("host", HOUR, 2 * HOUR, List.of())).containsExactly("a");
    assertThat(tsdb.bytesOnDisk()).isGreaterThan(tsdb.walSizeBytes());
    assertThat(blockDirs()).containsExactly("b0_3600000_l1");
    assertThat(Files.readString(dir.resolve("blocks/b0_3600000_l1/meta.json")))
        .contains("\"minTime\": 0", "\"maxTime\": 3600000", "\"numSeries\": 2", "\"numSamples\": 120");
  }

  @Test
  void threeAdjacentBlocksAreCompactedIntoOne() throws IOException {
    open(Duration.ZERO, 0);
    write(0, 4 * HOUR + 31 * STEP);
    tsdb.maintain(); // cuts [0,1h) .. [3h,4h), then merges the complete window [0,3h)
    assertThat(blockDirs()).containsExactly("b0_10800000_l2", "b10800000_14400000_l1");
    assertEveryMinute(select(A, 0, 5 * HOUR), 0, 4 * HOUR + 31 * STEP, false);
    assertEveryMinute(select(B, 0, 5 * HOUR), 0, HOUR, true);
    // And after a restart, from the compacted block.
    tsdb.close();
    open(Duration.ZERO, 0);
    assertEveryMinute(select(A, 0, 5 * HOUR), 0, 4 * HOUR + 31 * STEP, false);
    assertThat(tsdb.blockCount()).isEqualTo(2);
  }

  @Test
  void aCrashBetweenCompactionAndDeletingItsSourcesKeepsTheCompactedBlock() throws IOException {
    open(Duration.ZERO, 0);
    write(0, 4 * HOUR + 31 * STEP);
    tsdb.maintain();
    tsdb.close();
    tsdb = null;
    // Re-create a source block that the compaction covered, as if its deletion never happened.
    Path compacted = dir.resolve("blocks/b0_10800000_l2");
    Path stale = dir.resolve("blocks/b0_3600000_l1");
    Files.createDirectories(stale);
    for (String f : List.of("chunks", "index")) {
      Files.copy(compacted.resolve(f), stale.resolve(f));
    }
    Files.writeString(stale.resolve("meta.json"), Files.readString(compacted.resolve("meta.json"))
        .replace("\"id\": \"b0_10800000_l2\"", "\"id\": \"b0_3600000_l1\"")
        .replace("\"maxTime\": 10800000", "\"maxTime\": 3600000").replace("\"level\": 2", "\"level\": 1"));
    Files.createDirectories(dir.resolve("blocks/b5_6_l1.tmp")); // and an interrupted write
    open(Duration.ZERO, 0);
    assertThat(blockDirs()).containsExactly("b0_10800000_l2", "b10800000_14400000_l1");
    assertEveryMinute(select(A, 0, 5 * HOUR), 0, 4 * HOUR + 31 * STEP, false);
  }

  @Test
  void retentionByTimeDeletesWholeBlocksAgainstTheClock() throws IOException {
    open(Duration.ofHours(2), 0);
    write(0, 4 * HOUR + 31 * STEP);
    clock.set(Instant.ofEpochMilli(4 * HOUR));
    tsdb.maintain(); // blocks [0,3h) and [3h,4h); cutoff 2h: nothing ends before it yet
    assertThat(tsdb.blockCount()).isEqualTo(2);
    clock.set(Instant.ofEpochMilli(5 * HOUR));
    tsdb.maintain(); // cutoff 3h: [0,3h) goes as a whole
    assertThat(blockDirs()).containsExactly("b10800000_14400000_l1");
    assertEveryMinute(select(A, 0, 5 * HOUR), 3 * HOUR, 4 * HOUR + 31 * STEP, false);
    assertThat(select(B, 0, 5 * HOUR)).isNull();
  }

  @Test
  void retentionBySizeDeletesTheOldestBlocksFirst() throws IOException {
    open(Duration.ZERO, 0);
    write(0, 4 * HOUR + 31 * STEP);
    tsdb.maintain();
    long total = tsdb.bytesOnDisk();
    tsdb.close();
    open(Duration.ZERO, total - 1);
    tsdb.maintain();
    assertThat(blockDirs()).containsExactly("b10800000_14400000_l1");
    assertThat(tsdb.bytesOnDisk()).isLessThan(total);
    assertThat(select(A, 0, 5 * HOUR).timestamps()[0]).isEqualTo(3 * HOUR);
  }

  @Test
  void aDamagedBlockIndexFailsStartNamingTheBlock() throws IOException {
    open(Duration.ZERO, 0);
    write(0, 2 * HOUR);
    tsdb.maintain();
    tsdb.close();
    tsdb = null;
    Path index = dir.resolve("blocks/b0_3600000_l1/index");
    byte[] b = Files.readAllBytes(index);
    b[b.length / 2] ^= 0x55;
    Files.write(index, b);
    Tsdb t = Tsdb.builder().dataDir(dir).maintenanceInterval(Duration.ZERO).build();
    assertThatThrownBy(t::start).isInstanceOf(IOException.class)
        .hasMessageContaining("b0_3600000_l1").hasMessageContaining("checksum");
  }

  @Test
  void aDamagedMetaFailsStartNamingTheProblem() throws IOException {
    open(Duration.ZERO, 0);
    write(0, 2 * HOUR);
    tsdb.maintain();
    tsdb.close();
    tsdb = null;
    Files.writeString(dir.resolve("blocks/b0_3600000_l1/meta.json"), "{\"version\": 1, \"id\": \"x\"");
    Tsdb t = Tsdb.builder().dataDir(dir).maintenanceInterval(Duration.ZERO).build();
    assertThatThrownBy(t::start).isInstanceOf(IOException.class)
        .hasMessageContaining("meta.json").hasMessageContaining("truncated");
  }

  @Test
  void samplesTooFarInTheFutureAreRefusedAndCreateNoSeries() throws IOException {
    open(Duration.ZERO, 0);
    MetricAppender a = tsdb.appender();
    a.append(A, 5 * HOUR + 10 * STEP, 1); // within the default 10 minutes
    a.append(B, 5 * HOUR + 11 * STEP, 1); // one minute too far
    var r = a.commit();
    assertThat(r.accepted()).isEqualTo(1);
    assertThat(r.outOfOrder()).isEqualTo(1);
    assertThat(r.errors()).singleElement().asString().contains("too far in the future", "host=\"b\"", "clock");
    assertThat(tsdb.seriesCount()).isEqualTo(1);
    clock.advance(Duration.ofMinutes(2));
    a.append(B, 5 * HOUR + 11 * STEP, 1);
    assertThat(a.commit().allAccepted()).isTrue();
  }

  @Test
  void compactionMergesSeriesThatAppearInOnlySomeBlocks() throws IOException {
    open(Duration.ZERO, 0);
    String[][] hostsPerHour = {{"a", "c"}, {"b"}, {"a", "d"}, {"e"}, {"e"}};
    for (int h = 0; h < hostsPerHour.length; h++) {
      for (long t = h * HOUR; t < (h + 1) * HOUR; t += STEP) {
        MetricAppender a = tsdb.appender();
        for (String host : hostsPerHour[h]) {
          a.append(Labels.of("__name__", "cpu", "host", host), t, t);
        }
        assertThat(a.commit().allAccepted()).isTrue();
      }
    }
    tsdb.maintain();
    assertThat(blockDirs()).contains("b0_10800000_l2");
    for (String host : List.of("a", "b", "c", "d")) {
      Series s = tsdb.querier().select(0, 3 * HOUR, List.of(LabelMatcher.equal("host", host))).get(0);
      long first = host.equals("d") ? 2 * HOUR : host.equals("b") ? HOUR : 0;
      long last = host.equals("a") ? 3 * HOUR : first + HOUR;
      int n = (int) ((last - first) / STEP) - (host.equals("a") ? (int) (HOUR / STEP) : 0);
      assertThat(s.size()).as(host).isEqualTo(n);
      assertThat(s.timestamps()[0]).isEqualTo(host.equals("a") ? 0 : first);
      assertThat(s.timestamps()[s.size() - 1]).isEqualTo(last - STEP);
      for (int i = 0; i < s.size(); i++) {
        assertThat(s.values()[i]).isEqualTo((double) s.timestamps()[i]);
      }
    }
    assertThat(tsdb.querier().labelValues("host", 0, 3 * HOUR - 1, List.of())).containsExactly("a", "b", "c", "d");
    assertThat(tsdb.querier().labelValues("host", HOUR, 2 * HOUR - 1, List.of())).containsExactly("b");
  }
}

package dev.sightline.store.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.model.Resource;
import dev.sightline.model.Span;
import dev.sightline.store.RandomSpans;
import dev.sightline.store.TraceQuery;
import dev.sightline.store.wal.FsyncPolicy;
import dev.sightline.store.wal.WalOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only the Lucene store has: crash recovery from the WAL, day directories and retention.
 * Background commits are pushed out of the way (1 h) so each test decides exactly when commits happen.
 */
class LuceneEventStoreRecoveryTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final long NOW_NANOS = NOW.getEpochSecond() * 1_000_000_000L;
  private static final long DAY_NANOS = Duration.ofDays(1).toNanos();

  @TempDir Path dataDir;
  private final MutableClock clock = new MutableClock(NOW);
  private final RandomSpans random = new RandomSpans(11, NOW_NANOS);
  private LuceneEventStore store;

  private LuceneEventStore open() throws IOException {
    store = LuceneEventStore.builder()
        .dataDir(dataDir)
        .clock(clock)
        .retention(Duration.ofDays(7))
        .refreshInterval(Duration.ofMillis(50))
        .commitInterval(Duration.ofHours(1))
        .walOptions(WalOptions.builder().fsyncPolicy(FsyncPolicy.NEVER).segmentSizeBytes(4096).build())
        .build();
    store.start();
    return store;
  }

  @AfterEach
  void close() throws IOException {
    if (store != null) {
      store.close();
    }
  }

  private List<Span> batch(int size, long offsetNanos) {
    String trace = random.traceId();
    Resource resource = random.resource();
    List<Span> spans = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      Span s = random.span(trace, resource);
      spans.add(s.toBuilder().startEpochNanos(s.startEpochNanos() + offsetNanos)
          .endEpochNanos(s.endEpochNanos() + offsetNanos).build());
    }
    return spans;
  }

  private void assertStoredExactlyOnce(List<Span> all) throws IOException {
    for (String t : all.stream().map(Span::traceId).distinct().toList()) {
      assertThat(store.spanStore().getTrace(t))
          .as("trace %s", t)
          .containsExactlyInAnyOrderElementsOf(all.stream().filter(s -> s.traceId().equals(t)).toList());
    }
    assertThat(store.stats().get(0).documentCount()).isEqualTo(all.size());
  }

  private List<String> dayDirectories() throws IOException {
    try (Stream<Path> s = Files.list(dataDir.resolve("spans"))) {
      return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("wal")).sorted().toList();
    }
  }

  @Test
  void crashBeforeAnyCommitLosesNothing() throws IOException {
    open();
    List<Span> all = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      List<Span> b = batch(15, 0);
      store.spanConsumer().accept(b);
      all.addAll(b);
    }
    store.crash();
    open();
    assertStoredExactlyOnce(all);
  }

  /** A WAL left by a build before framed records (one SpanCodec batch per record) still replays. */
  @Test
  void walRecordsFromBeforeFramingAreReplayed() throws IOException {
    List<Span> legacy = new ArrayList<>();
    try (dev.sightline.store.wal.WriteAheadLog wal = dev.sightline.store.wal.WriteAheadLog.open(
        dataDir.resolve("spans").resolve("wal"), WalOptions.builder().fsyncPolicy(FsyncPolicy.NEVER).build())) {
      for (int i = 0; i < 3; i++) {
        List<Span> b = batch(12, 0);
        wal.append(dev.sightline.store.internal.SpanCodec.encode(b));
        legacy.addAll(b);
      }
    }
    open();
    List<Span> framed = batch(7, 0); // and a new record after them, in the new form
    store.spanConsumer().accept(framed);
    store.crash();
    open();
    List<Span> all = new ArrayList<>(legacy);
    all.addAll(framed);
    assertStoredExactlyOnce(all);
  }

  @Test
  void crashRecoversEveryDayWithinRetention() throws IOException {
    open();
    List<Span> all = new ArrayList<>();
    for (int daysAgo = 0; daysAgo <= 6; daysAgo++) {
      List<Span> b = batch(2, -daysAgo * DAY_NANOS);
      store.spanConsumer().accept(b);
      all.addAll(b);
    }
    store.crash();
    open();
    assertStoredExactlyOnce(all);
    assertThat(dayDirectories()).hasSize(7);
  }

  @Test
  void crashAfterCommitsReplaysOnlyTheUncommittedTailWithoutDuplicates() throws IOException {
    open();
    List<Span> all = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      List<Span> b = batch(5, 0);
      store.spanConsumer().accept(b);
      all.addAll(b);
      if (i == 9 || i == 19) {
        store.commit();
      }
    }
    store.crash();
    open();
    assertStoredExactlyOnce(all);
    store.crash(); // recovery committed: a second crash right away must not duplicate either
    open();
    assertStoredExactlyOnce(all);
  }

  @Test
  void concurrentWritersAndCommitsThenACrashLoseAndDuplicateNothing() throws Exception {
    open();
    int writers = 3;
    int batchesEach = 40;
    List<List<Span>> planned = new ArrayList<>();
    for (int i = 0; i < writers * batchesEach; i++) {
      planned.add(batch(3, (i % 2) * DAY_NANOS)); // two day indices, so commits interleave across writers
    }
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers + 1);
    try {
      java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
      java.util.concurrent.Future<Integer> committer = pool.submit(() -> {
        int commits = 0;
        while (writing.get()) {
          store.commit();
          commits++;
        }
        return commits;
      });
      List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int first = w * batchesEach;
        futures.add(pool.submit(() -> {
          for (int i = first; i < first + batchesEach; i++) {
            store.spanConsumer().accept(planned.get(i));
          }
          return null;
        }));
      }
      for (java.util.concurrent.Future<?> f : futures) {
        f.get();
      }
      writing.set(false);
      assertThat(committer.get()).isPositive();
    } finally {
      pool.shutdown();
    }
    List<Span> all = planned.stream().flatMap(List::stream).toList();
    store.crash();
    open();
    assertStoredExactlyOnce(all);
  }

  @Test
  void daysCommittedAtDifferentSequencesRecoverExactly() throws IOException {
    open();
    List<Span> all = new ArrayList<>();
    List<Span> today1 = batch(3, 0);
    store.spanConsumer().accept(today1);
    store.commit(); // today's index committed at sequence 1
    List<Span> tomorrow = batch(3, DAY_NANOS);
    store.spanConsumer().accept(tomorrow);
    store.commit(); // only tomorrow's index changed: committed at 2, today's stays at 1
    List<Span> today2 = batch(3, 0);
    store.spanConsumer().accept(today2); // sequence 3, today: uncommitted
    all.addAll(today1);
    all.addAll(tomorrow);
    all.addAll(today2);
    store.crash();
    open();
    assertStoredExactlyOnce(all);
    assertThat(dayDirectories()).containsExactly("2026-11-23", "2026-11-24");
  }

  @Test
  void commitTruncatesTheWal() throws IOException {
    open();
    for (int i = 0; i < 50; i++) {
      store.spanConsumer().accept(batch(5, 0));
    }
    long before = store.stats().get(0).walSizeBytes();
    assertThat(before).isGreaterThan(4096 * 3);
    store.commit();
    assertThat(store.stats().get(0).walSizeBytes()).isLessThanOrEqualTo(4096 + 8);
    assertThat(store.stats().get(0).lastCommit()).isEqualTo(NOW);
  }

  @Test
  void corruptedWalTailIsCutAndEveryCompleteBatchRecovered() throws IOException {
    open();
    List<Span> all = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      List<Span> b = batch(4, 0);
      store.spanConsumer().accept(b);
      all.addAll(b);
    }
    store.crash();
    Path wal = dataDir.resolve("spans").resolve("wal");
    Path last;
    try (Stream<Path> s = Files.list(wal)) {
      last = s.sorted().reduce((a, b) -> b).orElseThrow();
    }
    // What a crash in the middle of the next append leaves: a frame header and part of a payload.
    Files.write(last, new byte[] {0, 0, 1, 0, 0x12, 0x34, 0x56, 0x78, 1, 1, 2}, StandardOpenOption.APPEND);
    open();
    assertStoredExactlyOnce(all);
    assertThat(store.check().ok()).isTrue();
    List<Span> more = batch(2, 0);
    store.spanConsumer().accept(more);
    all.addAll(more);
    store.close();
    open();
    assertStoredExactlyOnce(all);
  }

  @Test
  void aDeletedWalDoesNotMakeNewRecordsLookCommitted() throws IOException {
    open();
    List<Span> all = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      List<Span> b = batch(2, 0);
      store.spanConsumer().accept(b);
      all.addAll(b);
    }
    store.close(); // commits at sequence 5
    try (Stream<Path> walk = Files.walk(dataDir.resolve("spans").resolve("wal"))) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    open();
    List<Span> after = batch(2, 0);
    store.spanConsumer().accept(after); // would be sequence 1 <= 5 without skipTo, and skipped on replay
    all.addAll(after);
    store.crash();
    open();
    assertStoredExactlyOnce(all);
  }

  @Test
  void onePerDayIndexByStartTime() throws IOException {
    open();
    store.spanConsumer().accept(batch(2, -DAY_NANOS));
    store.spanConsumer().accept(batch(2, 0));
    assertThat(dayDirectories()).containsExactly("2026-11-22", "2026-11-23");
    assertThat(store.stats().get(0).dayIndices()).isEqualTo(2);
  }

  @Test
  void retentionDeletesWholeExpiredDaysByTheInjectedClock() throws IOException {
    open();
    List<Span> old = batch(3, -10 * DAY_NANOS);
    List<Span> edge = batch(3, -7 * DAY_NANOS); // 2026-11-16: its last instant is still within 7 days
    List<Span> recent = batch(3, -DAY_NANOS);
    for (List<Span> b : List.of(old, edge, recent)) {
      store.spanConsumer().accept(b);
    }
    store.commit();
    // Searchable within the refresh interval, not at once: make it visible before asserting on reads.
    store.refresh();
    assertThat(dayDirectories()).containsExactly("2026-11-13", "2026-11-16", "2026-11-22");

    assertThat(store.enforceRetention()).extracting(Object::toString).containsExactly("2026-11-13");
    assertThat(dayDirectories()).containsExactly("2026-11-16", "2026-11-22");
    assertThat(store.spanStore().getTrace(old.get(0).traceId())).isEmpty();
    assertThat(store.spanStore().getTrace(edge.get(0).traceId())).hasSize(3);

    clock.advance(Duration.ofDays(1));
    assertThat(store.enforceRetention()).extracting(Object::toString).containsExactly("2026-11-16");
    assertThat(store.spanStore().getTrace(edge.get(0).traceId())).isEmpty();
    assertThat(store.spanStore().getTrace(recent.get(0).traceId())).hasSize(3);
    assertThat(store.spanStore().searchTraces(TraceQuery.builder().limit(100).build())).hasSize(1);
  }

  @Test
  void recoveryDoesNotResurrectExpiredDays() throws IOException {
    open();
    List<Span> old = batch(3, -10 * DAY_NANOS);
    List<Span> recent = batch(3, 0);
    store.spanConsumer().accept(old);
    store.spanConsumer().accept(recent);
    store.enforceRetention(); // the old day goes, its WAL record stays (nothing committed)
    store.crash();
    open();
    assertThat(dayDirectories()).containsExactly("2026-11-23");
    assertStoredExactlyOnce(recent);
  }

  @Test
  void aCorruptDayIndexIsMovedAsideAndTheStoreStillStarts() throws IOException {
    open();
    List<Span> committed = batch(3, -DAY_NANOS);
    List<Span> today = batch(3, 0);
    store.spanConsumer().accept(committed);
    store.spanConsumer().accept(today);
    store.close();
    Path yesterday = dataDir.resolve("spans").resolve("2026-11-22");
    try (Stream<Path> files = Files.list(yesterday)) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith("segments_")).toList()) {
        Files.write(f, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20});
      }
    }
    open();
    assertThat(store.check().ok()).isTrue();
    assertThat(dayDirectories()).anyMatch(n -> n.startsWith("2026-11-22.corrupt-")).contains("2026-11-23");
    assertThat(store.spanStore().getTrace(today.get(0).traceId())).containsExactlyInAnyOrderElementsOf(today);
    List<Span> more = batch(2, -DAY_NANOS);
    store.spanConsumer().accept(more);
    store.close();
    open();
    assertThat(store.spanStore().getTrace(more.get(0).traceId())).containsExactlyInAnyOrderElementsOf(more);
  }

  @Test
  void aBatchOverTheRecordLimitIsRefusedAndTheStoreStaysHealthy() throws IOException {
    store = LuceneEventStore.builder().dataDir(dataDir).clock(clock)
        .walOptions(WalOptions.builder().fsyncPolicy(FsyncPolicy.NEVER).maxRecordBytes(2000).build()).build();
    store.start();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.spanConsumer().accept(batch(200, 0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds maxRecordBytes 2000");
    assertThat(store.check().ok()).isTrue();
    assertThat(store.stats().get(0).documentCount()).isZero();
    List<Span> small = batch(1, 0);
    store.spanConsumer().accept(small);
    store.crash();
    open();
    assertStoredExactlyOnce(small);
  }

  @Test
  void buildingDoesNoIo() throws IOException {
    Path nowhere = dataDir.resolve("not-yet");
    LuceneEventStore lazy = LuceneEventStore.builder().dataDir(nowhere).build();
    assertThat(nowhere).doesNotExist();
    assertThat(lazy.check().ok()).isFalse();
    assertThat(lazy.check().reason()).contains("not started");
    assertThat(lazy.stats()).isEmpty();
    lazy.spanConsumer().accept(batch(1, 0)); // first use opens the store
    assertThat(nowhere.resolve("spans").resolve("wal")).isDirectory();
    assertThat(lazy.check().ok()).isTrue();
    lazy.close();
  }

  @Test
  void checkNamesAMissingDataDirectory() throws IOException {
    open();
    assertThat(store.check().ok()).isTrue();
    store.spanConsumer().accept(batch(1, 0));
    store.crash();
    open();
    try (Stream<Path> walk = Files.walk(dataDir.resolve("spans"))) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    assertThat(store.check().ok()).isFalse();
    assertThat(store.check().reason()).contains(dataDir.resolve("spans").toString()).contains("not writable");
    try {
      store.crash(); // a commit could not succeed with the directory gone
    } catch (IOException expected) {
      // closing writers whose directory vanished may fail; the store is closed either way
    }
    assertThat(store.check().reason()).contains("closed");
    store = null;
  }

  @Test
  void statsReportSizesAndCounts() throws IOException {
    open();
    store.spanConsumer().accept(batch(10, 0));
    store.commit();
    DatasetStats stats = store.stats().get(0);
    assertThat(stats.dataset()).isEqualTo("spans");
    assertThat(stats.documentCount()).isEqualTo(10);
    assertThat(stats.indexSizeBytes()).isPositive();
    assertThat(stats.walSizeBytes()).isPositive();
    assertThat(stats.dayIndices()).isEqualTo(1);
  }
}

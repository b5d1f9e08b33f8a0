package dev.sightline.store.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.model.LogRecord;
import dev.sightline.model.Resource;
import dev.sightline.store.EventSearch;
import dev.sightline.store.RetentionPolicy;
import dev.sightline.store.filter.Filter;
import dev.sightline.store.wal.FsyncPolicy;
import dev.sightline.store.wal.WalOptions;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash recovery and retention of the chunk store: after a crash every accepted record is there exactly
 * once, whether it was still in an open head, in a chunk sealed after the last commit, or in a chunk
 * torn mid-write; retention removes whole days and the streams of services kept shorter.
 */
class ChunkStoreRecoveryTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final long NOW_NANOS = NOW.getEpochSecond() * 1_000_000_000L;
  private static final long DAY_NANOS = 86_400_000_000_000L;

  @TempDir Path dir;
  private ChunkEventStore store;
  private Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private RetentionPolicy logRetention = RetentionPolicy.of(Duration.ofDays(7));

  private ChunkEventStore open() throws IOException {
    store = ChunkEventStore.builder().dataDir(dir).clock(clock).chunkRecords(10).scanThreads(0) // scans on the caller
        .commitInterval(Duration.ofHours(1)) // commits only when a test says so
        .retention(EventSearch.LOGS, logRetention)
        .walOptions(WalOptions.builder().fsyncPolicy(FsyncPolicy.NEVER).build()).build();
    store.start();
    return store;
  }

  @AfterEach
  void close() throws IOException {
    if (store != null) {
      store.close();
    }
  }

  private static LogRecord log(String service, int i, long epochNanos) {
    return LogRecord.builder().resource(Resource.ofService(service)).epochNanos(epochNanos)
        .body(service + " line " + i).build();
  }

  private List<LogRecord> accept(int from, int to) throws IOException {
    List<LogRecord> batch = new ArrayList<>();
    for (int i = from; i < to; i++) {
      batch.add(log(i % 2 == 0 ? "cart" : "payment", i, NOW_NANOS - i * 1_000_000L));
    }
    store.logConsumer().accept(batch);
    return batch;
  }

  /** Message of every stored log, with how often it occurs. */
  private Map<String, Integer> stored() throws IOException {
    Map<String, Integer> out = new HashMap<>();
    store.eventSearch().scan(EventSearch.LOGS, Filter.matchAll(), Long.MIN_VALUE, Long.MAX_VALUE, null, row -> {
      out.merge((String) row.get("message"), 1, Integer::sum);
      return true;
    });
    return out;
  }

  private static Map<String, Integer> once(List<LogRecord> logs) {
    Map<String, Integer> out = new HashMap<>();
    logs.forEach(l -> out.put(l.body(), 1));
    return out;
  }

  @Test
  void aCrashLosesAndDuplicatesNothing() throws IOException {
    open();
    List<LogRecord> all = new ArrayList<>(accept(0, 95));
    store.commit(); // sealed, synced; the WAL before it dropped
    all.addAll(accept(95, 180)); // chunks sealed after the commit, and records left in open heads
    all.addAll(accept(180, 183));
    store.crash();

    open();
    assertThat(stored()).isEqualTo(once(all));
    store.close(); // commits what recovery placed
    open();
    assertThat(stored()).isEqualTo(once(all));
  }

  @Test
  void aChunkTornMidWriteIsCutAndRestoredFromTheWal() throws IOException {
    open();
    List<LogRecord> all = new ArrayList<>(accept(0, 40));
    store.commit();
    all.addAll(accept(40, 100));
    store.crash();
    Path file = streamFiles().stream().max((a, b) -> Long.compare(a.toFile().length(), b.toFile().length()))
        .orElseThrow();
    long size = Files.size(file);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(size - 7); // the last frame loses its checksum and part of its body
    }

    open();
    assertThat(stored()).isEqualTo(once(all));
    assertThat(Files.size(file)).as("the torn frame was cut, then the WAL's records sealed again")
        .isNotEqualTo(size - 7);
  }

  @Test
  void garbageAfterTheLastChunkIsCut() throws IOException {
    open();
    List<LogRecord> all = new ArrayList<>(accept(0, 40));
    store.crash();
    Path file = streamFiles().get(0);
    Files.write(file, new byte[] {'S', 'L', 'C', 'H', 0x7f, 0x7f, 0x7f, 0x7f, 1, 2, 3}, StandardOpenOption.APPEND);

    open();
    assertThat(stored()).isEqualTo(once(all));
  }

  private List<Path> streamFiles() throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(StreamFile.SUFFIX)).toList();
    }
  }

  @Test
  void retentionDeletesWholeDaysAndTheStreamsOfServicesKeptShorter() throws IOException {
    logRetention = RetentionPolicy.of(Duration.ofDays(3)).withService("payment", Duration.ofDays(365))
        .withService("debug", Duration.ofDays(1));
    open();
    List<LogRecord> batch = new ArrayList<>();
    for (int day = 0; day < 6; day++) {
      for (String service : List.of("cart", "payment", "debug")) {
        batch.add(log(service, day, NOW_NANOS - day * DAY_NANOS));
      }
    }
    store.logConsumer().accept(batch);
    store.commit();

    store.enforceRetention();

    // A day goes once all of it is older than the retention: at noon, 3 days keep today and 3 days
    // before it (the oldest ends after the cutoff), 1 day keeps today and yesterday.
    Map<String, Integer> left = stored();
    for (int day = 0; day < 6; day++) {
      assertThat(left.containsKey("payment line " + day)).as("payment, day -%d", day).isTrue();
      assertThat(left.containsKey("cart line " + day)).as("cart, day -%d", day).isEqualTo(day < 4);
      assertThat(left.containsKey("debug line " + day)).as("debug, day -%d", day).isEqualTo(day < 2);
    }
    store.close();
    open(); // deleted files stay deleted; nothing comes back from the WAL
    assertThat(stored()).isEqualTo(left);
    LocalDate oldest = LocalDate.ofInstant(NOW, ZoneId.of("UTC")).minusDays(5);
    assertThat(Files.list(dir.resolve("chunks").resolve("logs")).map(p -> p.getFileName().toString()))
        .contains(oldest.toString()); // payment keeps the day alive
  }
}

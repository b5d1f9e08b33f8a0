package dev.sightline.store.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.model.Resource;
import dev.sightline.model.Span;
import dev.sightline.store.wal.FsyncPolicy;
import dev.sightline.store.wal.WalOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several writers placing into the same services' heads at once, as the server's ingest writers do,
 * with heads sealed every few records and commits (which drop WAL records) running meanwhile: every span
 * is stored exactly once, and still is after a crash and recovery.
 */
class ChunkConcurrentWriteTest {
  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  private static final long NOW_NANOS = NOW.getEpochSecond() * 1_000_000_000L;
  private static final String[] SERVICES = {"checkout", "inventory", "shipping"};

  @TempDir Path dir;
  private int chunkRecords = 7;

  private ChunkEventStore open() throws Exception {
    ChunkEventStore store = ChunkEventStore.builder().dataDir(dir).clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .chunkRecords(chunkRecords)
        // A segment per batch, so that a commit's truncation drops exactly the records it thinks are sealed.
        .walOptions(WalOptions.builder().fsyncPolicy(FsyncPolicy.ALWAYS).segmentSizeBytes(1024).build()).build();
    store.start();
    return store;
  }

  /** Writer w's batch b: 30 spans in runs of one service each (as OTLP groups them by resource), 3 traces. */
  private static List<Span> batch(int w, int b) {
    List<Span> out = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String trace = String.format("%08x%08x%016x", w + 1, b, i % 3);
      long start = NOW_NANOS - (w * 1000L + b * 10L + i) * 1_000_000L;
      out.add(Span.builder().traceId(trace).spanId(String.format("%04x%04x%08x", w + 1, b, i)).name("op" + i % 4)
          .startEpochNanos(start).endEpochNanos(start + 1_000).resource(Resource.ofService(SERVICES[i / 10]))
          .build());
    }
    return out;
  }

  @Test
  void concurrentWritersStoreEverySpanOnceAcrossACrash() throws Exception {
    int writers = 4;
    int batches = 40;
    Map<String, Integer> expected = new HashMap<>(); // trace id -> spans
    for (int w = 0; w < writers; w++) {
      for (int b = 0; b < batches; b++) {
        batch(w, b).forEach(s -> expected.merge(s.traceId(), 1, Integer::sum));
      }
    }
    ChunkEventStore store = open();
    ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
    AtomicBoolean writing = new AtomicBoolean(true);
    try {
      Future<?> committer = pool.submit(() -> {
        while (writing.get()) { // as often as it can: every commit seals heads the writers are filling
          store.commit();
        }
        return null;
      });
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int id = w;
        futures.add(pool.submit(() -> {
          for (int b = 0; b < batches; b++) {
            store.spanConsumer().accept(batch(id, b));
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      writing.set(false);
      committer.get();
    } finally {
      pool.shutdownNow();
    }
    check(store, expected);
    store.crash(); // what the commits dropped from the WAL must be in chunks, the rest still in the WAL

    ChunkEventStore reopened = open();
    try {
      check(reopened, expected);
    } finally {
      reopened.close();
    }
  }

  /**
   * A commit while a write's records are durable in the WAL but in no head yet must keep them in the WAL:
   * the write is acknowledged right after, and nothing else would hold its records until the next commit.
   */
  @Test
  void aCommitKeepsRecordsInTheWalUntilTheyAreInAHead() throws Exception {
    chunkRecords = 1_000; // only commits seal
    ChunkEventStore store = open();
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean first = new AtomicBoolean(true);
    store.beforeSpansPlaced(() -> {
      if (first.getAndSet(false)) { // hold the first write between its fsync and its heads
        held.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    });
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<?> held0 = pool.submit(() -> {
        store.spanConsumer().accept(batch(0, 0));
        return null;
      });
      assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
      store.spanConsumer().accept(batch(0, 1)); // written after it, placed and acknowledged
      store.commit(); // seals batch 1; batch 0 is in the WAL only
      release.countDown();
      held0.get(10, TimeUnit.SECONDS); // batch 0 acknowledged: in a head, in no chunk
    } finally {
      pool.shutdownNow();
    }
    Map<String, Integer> expected = new HashMap<>();
    for (int b = 0; b < 2; b++) {
      batch(0, b).forEach(s -> expected.merge(s.traceId(), 1, Integer::sum));
    }
    store.crash();
    ChunkEventStore reopened = open();
    try {
      check(reopened, expected);
    } finally {
      reopened.close();
    }
  }

  private static void check(ChunkEventStore store, Map<String, Integer> expected) throws Exception {
    for (Map.Entry<String, Integer> e : expected.entrySet()) {
      List<Span> trace = store.spanStore().getTrace(e.getKey());
      assertThat(trace).as("trace " + e.getKey()).hasSize(e.getValue());
      assertThat(trace.stream().map(Span::spanId).distinct().count()).as("distinct spans").isEqualTo((long) e.getValue());
    }
  }
}

package dev.sightline.store.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.model.Attributes;
import dev.sightline.model.LogRecord;
import dev.sightline.model.Resource;
import dev.sightline.model.Span;
import dev.sightline.model.SpanKind;
import dev.sightline.store.EventSearch;
import dev.sightline.store.RetentionPolicy;
import dev.sightline.store.filter.CompareOp;
import dev.sightline.store.filter.Filter;
import dev.sightline.store.filter.Rows;
import dev.sightline.store.filter.Value;
import dev.sightline.store.wal.FsyncPolicy;
import dev.sightline.store.wal.WalOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code logs} dataset beyond the shared contract: crash recovery, per-service retention by an
 * injected clock, the field-name caps, deep nesting and 1 MB values.
 */
class LogStoreTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final long NOW_NANOS = NOW.getEpochSecond() * 1_000_000_000L;
  private static final long DAY = Duration.ofDays(1).toNanos();

  @TempDir Path dataDir;
  private final MutableClock clock = new MutableClock(NOW);
  private LuceneEventStore store;

  private LuceneEventStore open(LuceneEventStore.Builder b) throws IOException {
    store = b.dataDir(dataDir).clock(clock).commitInterval(Duration.ofHours(1))
        .walOptions(WalOptions.builder().fsyncPolicy(FsyncPolicy.NEVER).build()).build();
    store.start();
    return store;
  }

  private LuceneEventStore open() throws IOException {
    return open(LuceneEventStore.builder().refreshInterval(Duration.ofMillis(50)));
  }

  @AfterEach
  void close() throws IOException {
    if (store != null) {
      store.close();
    }
  }

  private static LogRecord log(String service, String body, long offsetNanos) {
    return LogRecord.builder().epochNanos(NOW_NANOS + offsetNanos).body(body).resource(Resource.ofService(service))
        .build();
  }

  private List<Map<String, Object>> rows(String dataset, Filter f) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    store.eventSearch().search(dataset, f, Long.MIN_VALUE, Long.MAX_VALUE, false, 0).forEachRemaining(out::add);
    return out;
  }

  private List<String> bodies(Filter f) throws IOException {
    return rows(EventSearch.LOGS, f).stream().map(r -> (String) r.get("message")).toList();
  }

  @Test
  void crashBeforeCommitLosesNothingAndIndexesNothingTwice() throws IOException {
    open();
    List<LogRecord> all = new ArrayList<>();
    for (int b = 0; b < 10; b++) {
      List<LogRecord> batch = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        batch.add(log("svc" + (i % 3), "batch " + b + " line " + i, b * 1000L + i - (b % 2) * DAY));
      }
      store.logConsumer().accept(batch);
      all.addAll(batch);
      if (b == 4) {
        store.commit(); // half committed, half only in the WAL
      }
    }
    store.crash();
    store = null;
    open();
    assertThat(rows(EventSearch.LOGS, Filter.matchAll()))
        .containsExactlyInAnyOrderElementsOf(all.stream().map(Rows::of).toList());
    assertThat(store.stats().get(1).dataset()).isEqualTo("logs");
    assertThat(store.stats().get(1).documentCount()).isEqualTo(all.size());
    assertThat(store.stats().get(1).dayIndices()).isEqualTo(2);
  }

  @Test
  void perServiceRetentionDeletesDocumentsOfShortLivedServicesAndWholeDaysPastTheLongest() throws IOException {
    RetentionPolicy policy = RetentionPolicy.of(Duration.ofDays(7)).withService("payment", Duration.ofDays(365))
        .withService("debug", Duration.ofDays(1));
    open(LuceneEventStore.builder().retention(EventSearch.LOGS, policy));
    assertThat(store.retentionPolicy(EventSearch.LOGS)).isEqualTo(policy);
    assertThat(store.retentionPolicy(EventSearch.SPANS).longest()).isEqualTo(Duration.ofDays(7));
    store.logConsumer().accept(List.of(
        log("payment", "pay old", -30 * DAY), log("cart", "cart old", -30 * DAY),
        log("payment", "pay week", -8 * DAY), log("cart", "cart week", -8 * DAY),
        log("debug", "debug 3d", -3 * DAY), log("cart", "cart 3d", -3 * DAY),
        log("debug", "debug now", 0), log("cart", "cart now", 0)));
    store.enforceRetention();
    store.refresh();
    assertThat(bodies(Filter.matchAll())).containsExactly("pay old", "pay week", "cart 3d", "debug now", "cart now");

    clock.advance(Duration.ofDays(400)); // now even payment's days are past: whole directories go
    assertThat(store.enforceRetention()).extracting(Object::toString)
        .containsExactly("2026-10-24", "2026-11-15", "2026-11-20", "2026-11-23");
    assertThat(bodies(Filter.matchAll())).isEmpty();
    try (Stream<Path> days = Files.list(dataDir.resolve("logs"))) {
      assertThat(days.map(p -> p.getFileName().toString())).containsExactly("wal");
    }
  }

  @Test
  void spansHonourTheirOwnPolicy() throws IOException {
    open(LuceneEventStore.builder().retention(EventSearch.SPANS,
        RetentionPolicy.of(Duration.ofDays(2)).withService("audit", Duration.ofDays(30))));
    long start = NOW_NANOS - 5 * DAY;
    Span audit = Span.builder().traceId("0af7651916cd43dd8448eb211c80319c").spanId("b7ad6b7169203331").name("a")
        .kind(SpanKind.SERVER).startEpochNanos(start).endEpochNanos(start + 1).resource(Resource.ofService("audit"))
        .build();
    Span other = audit.toBuilder().spanId("b7ad6b7169203332").resource(Resource.ofService("web")).build();
    store.spanConsumer().accept(List.of(audit, other));
    store.enforceRetention();
    store.refresh();
    assertThat(rows(EventSearch.SPANS, Filter.matchAll())).containsExactly(Rows.of(audit));
    assertThat(store.spanStore().getTrace(audit.traceId())).containsExactly(audit);
  }

  @Test
  void fieldsPastTheDatasetCapAreStoredCountedAndStillFoundExactly() throws IOException {
    // Refreshes only when asked: a segment per 50 ms refresh, each with thousands of fields, is slow.
    open(LuceneEventStore.builder().fieldLimits(100_000, 1_000).refreshInterval(Duration.ofHours(1)));
    // 100,000 distinct names across records, 500 per record, then 10 more names past the cap.
    for (int b = 0; b < 200; b++) {
      Attributes.Builder attrs = Attributes.builder();
      for (int i = 0; i < 500; i++) {
        attrs.put("k" + (b * 500 + i), (long) i);
      }
      store.logConsumer().accept(List.of(LogRecord.builder().epochNanos(NOW_NANOS + b).body("wide " + b)
          .attributes(attrs.build()).build()));
    }
    LogRecord past = LogRecord.builder().epochNanos(NOW_NANOS + 1000).body("past the cap")
        .attributes(Attributes.of("late1", "x", "late2", 7L, "k5", 5L)).build();
    store.logConsumer().accept(List.of(past));
    store.refresh();

    var stats = store.stats().get(1);
    // Well-known fields (message, service, timestamp) do not count against the cap.
    assertThat(stats.distinctFieldNames()).isEqualTo(100_000);
    assertThat(stats.fieldsNotIndexed()).isEqualTo(2);
    // A filter on a field that was not indexed still finds it, by checking the marked records' source.
    assertThat(bodies(Filter.eq("late1", Value.of("x")))).containsExactly("past the cap");
    assertThat(bodies(new Filter.Compare("late2", CompareOp.GT, Value.of(6)))).containsExactly("past the cap");
    assertThat(bodies(Filter.not(new Filter.Exists("late2")))).hasSize(200);
    assertThat(bodies(Filter.eq("k5", Value.of(5)))).containsExactly("wide 0", "past the cap");
    assertThat(bodies(Filter.eq("k99999", Value.of(499)))).containsExactly("wide 199");
  }

  @Test
  void fieldsPastThePerRecordCapAreCountedAndStillFound() throws IOException {
    open(LuceneEventStore.builder().fieldLimits(1_000, 10));
    Attributes.Builder attrs = Attributes.builder();
    for (int i = 0; i < 15; i++) {
      attrs.put(String.format("f%02d", i), "v" + i);
    }
    LogRecord wide = LogRecord.builder().epochNanos(NOW_NANOS).body("wide").attributes(attrs.build()).build();
    store.logConsumer().accept(List.of(wide, LogRecord.builder().epochNanos(NOW_NANOS).body("narrow").build()));
    store.refresh();
    assertThat(store.stats().get(1).fieldsNotIndexed()).isEqualTo(5);
    for (int i = 0; i < 15; i++) {
      assertThat(bodies(Filter.eq(String.format("f%02d", i), Value.of("v" + i)))).as("f%02d", i).containsExactly("wide");
    }
  }

  @Test
  void deeplyNestedAttributesAreFlattenedAndSearchable() throws IOException {
    open();
    Attributes nested = Attributes.of("leaf", "bottom");
    StringBuilder path = new StringBuilder();
    for (int depth = 0; depth < 30; depth++) {
      nested = Attributes.of("n" + depth, nested);
      path.insert(0, "n" + depth + ".");
    }
    LogRecord deep = LogRecord.builder().epochNanos(NOW_NANOS).body("deep").attributes(nested).build();
    store.logConsumer().accept(List.of(deep));
    store.refresh();
    assertThat(rows(EventSearch.LOGS, Filter.eq(path + "leaf", Value.of("bottom")))).containsExactly(Rows.of(deep));
  }

  @Test
  void oneMegabyteValuesAreStoredWholeAndSearchedExactly() throws IOException {
    open();
    String big = "x".repeat(1 << 20);
    String bigText = "start " + "lorem ipsum ".repeat(80_000) + "needle end";
    LogRecord a = LogRecord.builder().epochNanos(NOW_NANOS).body(bigText).attributes(Attributes.of("blob", big)).build();
    LogRecord b = LogRecord.builder().epochNanos(NOW_NANOS + 1).body("small").attributes(Attributes.of("blob", "x"))
        .build();
    store.logConsumer().accept(List.of(a, b));
    store.refresh();
    assertThat(rows(EventSearch.LOGS, new Filter.MessageContains("needle end"))).containsExactly(Rows.of(a));
    assertThat(rows(EventSearch.LOGS, Filter.eq("blob", Value.of(big)))).containsExactly(Rows.of(a));
    assertThat(rows(EventSearch.LOGS, new Filter.Like("blob", "x%x"))).containsExactly(Rows.of(a));
    assertThat(rows(EventSearch.LOGS, new Filter.Compare("blob", CompareOp.GT, Value.of("x"))))
        .containsExactly(Rows.of(a));
    assertThat(rows(EventSearch.LOGS, Filter.not(Filter.eq("blob", Value.of("x"))))).containsExactly(Rows.of(a));
  }

  @Test
  void traceIdLookupIsOneIndexedTerm() throws IOException {
    open();
    LogRecord r = LogRecord.builder().epochNanos(NOW_NANOS).body("linked").traceId("4bf92f3577b34da6a3ce929d0e0e4736")
        .attributes(Attributes.of("request_id", "req-77")).build();
    store.logConsumer().accept(List.of(r, log("cart", "unlinked", 1)));
    store.refresh();
    Dataset<?> logs = store.dataset(EventSearch.LOGS);
    FilterTranslator.Translation t = logs.searchDay(Dataset.dayOf(NOW_NANOS), null, s ->
        new FilterTranslator(s).translate(Filter.eq("trace_id", Value.of("4bf92f3577b34da6a3ce929d0e0e4736"))));
    assertThat(t.exact()).isTrue();
    assertThat(t.query()).isInstanceOf(org.apache.lucene.search.TermQuery.class);
    assertThat(rows(EventSearch.LOGS, Filter.or(Filter.eq("trace_id", Value.of("req-77")),
        Filter.eq("request_id", Value.of("req-77"))))).containsExactly(Rows.of(r));
  }

  @Test
  void aStreamNeitherRepeatsNorSkipsRowsWhenDataArrivesAndMergesBetweenPages() throws IOException {
    open();
    List<LogRecord> first = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      first.add(log("cart", "first " + i, (i % 50) * 1000L)); // 20 records share each timestamp
    }
    store.logConsumer().accept(first);
    store.refresh();
    var it = store.eventSearch().search(EventSearch.LOGS, Filter.matchAll(), NOW_NANOS, NOW_NANOS + DAY, false, 10);
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      seen.add((String) it.next().get("message"));
    }
    List<LogRecord> later = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      later.add(log("cart", "later " + i, (i % 50) * 1000L));
    }
    store.logConsumer().accept(later);
    store.commit();
    store.refresh();
    it.forEachRemaining(r -> seen.add((String) r.get("message")));
    assertThat(seen).doesNotHaveDuplicates();
    assertThat(seen).containsAll(first.stream().map(LogRecord::body).toList());
  }

  @Test
  void aLimitHintReadsOnlyTheFirstPage() throws IOException {
    open();
    List<LogRecord> many = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      many.add(log("cart", "line " + i, i));
    }
    store.logConsumer().accept(many);
    store.refresh();
    var it = store.eventSearch().search(EventSearch.LOGS, Filter.matchAll(), NOW_NANOS, NOW_NANOS + DAY, true, 3);
    assertThat(it.next().get("message")).isEqualTo("line 4999");
    assertThat(((LuceneEventSearch<?>.Rows) it).rowsRead()).isLessThanOrEqualTo(64);
  }
}

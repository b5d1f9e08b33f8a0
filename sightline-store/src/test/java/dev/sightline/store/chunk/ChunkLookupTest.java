package dev.sightline.store.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.model.Attributes;
import dev.sightline.model.LogRecord;
import dev.sightline.model.Resource;
import dev.sightline.model.Span;
import dev.sightline.store.EventSearch;
import dev.sightline.store.filter.CompareOp;
import dev.sightline.store.filter.Fields;
import dev.sightline.store.filter.Filter;
import dev.sightline.store.filter.FilterEvaluator;
import dev.sightline.store.filter.Rows;
import dev.sightline.store.filter.Value;
import dev.sightline.store.wal.FsyncPolicy;
import dev.sightline.store.wal.WalOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Id lookups, the searches the chunk store answers by skipping: filters on lookup values (ids, emails)
 * alone, in IN lists, OR-ed across fields, AND-ed with a service, on list elements, and on a value that
 * only another field holds. Each is checked against a brute-force pass of the evaluator, on open heads,
 * sealed chunks (with and without group filters) and chunks read back after a restart; trace lookups
 * both before and after searches have cached the chunks, since they read uncached chunks another way.
 */
class ChunkLookupTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final long NOW_NANOS = NOW.getEpochSecond() * 1_000_000_000L;
  private static final String[] SERVICES = {"checkout", "inventory", "shipping"};

  @TempDir Path dir;
  private ChunkEventStore store;
  private final Random rnd = new Random(3);

  private int chunkRecords;

  private ChunkEventStore open() throws IOException {
    store = ChunkEventStore.builder().dataDir(dir).clock(Clock.fixed(NOW, ZoneOffset.UTC)).chunkRecords(chunkRecords)
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

  private String traceId(int i) {
    return String.format("%032x", 0xfeed0000L + i);
  }

  private List<LogRecord> logs() {
    List<LogRecord> out = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      Attributes.Builder a = Attributes.builder().put("request_id", String.format("req-%05d", i % 170))
          .put("users", List.of("user" + (i % 37) + "@example.com", "ops@example.com"));
      if (i % 11 == 0) {
        a.put("note", "req-" + String.format("%05d", (i + 1) % 170)); // another request's id, in another field
      }
      LogRecord.Builder b = LogRecord.builder().resource(Resource.ofService(SERVICES[i % 3]))
          .epochNanos(NOW_NANOS - (i * 7_919L % 3_600) * 1_000_000_000L).body("step " + i + " done")
          .attributes(a.build());
      if (i % 2 == 0) {
        b.traceId(traceId(i % 60)).spanId(String.format("%016x", i + 1));
      }
      out.add(b.build());
    }
    return out;
  }

  private List<Span> spans() {
    List<Span> out = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      long start = NOW_NANOS - (i * 104_729L % 3_600) * 1_000_000_000L;
      out.add(Span.builder().traceId(traceId(i % 40)).spanId(String.format("%016x", 0x5000 + i)).name("op" + i % 4)
          .startEpochNanos(start).endEpochNanos(start + 1_000_000).resource(Resource.ofService(SERVICES[i % 3]))
          .attributes(Attributes.of("request_id", String.format("req-%05d", i % 170))).build());
    }
    return out;
  }

  private List<Filter> lookups() {
    List<Filter> out = new ArrayList<>();
    for (int k = 0; k < 40; k++) {
      String trace = traceId(rnd.nextInt(70)); // some ids that occur nowhere
      String req = String.format("req-%05d", rnd.nextInt(180));
      String other = String.format("req-%05d", rnd.nextInt(180));
      out.add(Filter.eq(Fields.TRACE_ID, Value.of(trace)));
      out.add(Filter.eq("request_id", Value.of(req)));
      out.add(new Filter.In("request_id", List.of(Value.of(req), Value.of(other))));
      out.add(Filter.or(Filter.eq(Fields.TRACE_ID, Value.of(trace)), Filter.eq("request_id", Value.of(req))));
      out.add(Filter.and(Filter.eq(Fields.SERVICE, Value.of(SERVICES[k % 3])), Filter.eq("request_id", Value.of(req))));
      out.add(Filter.eq("users", Value.of("user" + rnd.nextInt(40) + "@example.com")));
      out.add(Filter.eq("note", Value.of(req)));
      out.add(Filter.and(Filter.eq("request_id", Value.of(req)), new Filter.Not(Filter.eq("users", Value.of("x@y.z")))));
      out.add(new Filter.Compare("request_id", CompareOp.NE, Value.of(req)));
    }
    return out;
  }

  /** With 8 records a chunk, no stream fills a group; with 1, each has group filters and ungrouped chunks. */
  @ParameterizedTest
  @ValueSource(ints = {8, 1})
  void lookupsReturnExactlyWhatTheEvaluatorSelects(int chunkRecords) throws IOException {
    this.chunkRecords = chunkRecords;
    open();
    List<LogRecord> logs = logs();
    List<Span> spans = spans();
    for (int i = 0; i < logs.size(); i += 50) {
      store.logConsumer().accept(logs.subList(i, i + 50));
    }
    for (int i = 0; i < spans.size(); i += 30) {
      store.spanConsumer().accept(spans.subList(i, i + 30));
    }
    List<Map<String, Object>> logRows = logs.stream().map(Rows::of).toList();
    List<Map<String, Object>> spanRows = spans.stream().map(Rows::of).toList();
    checkTraces(spans); // nothing cached yet: trace lookups read chunks through pooled buffers
    check(EventSearch.LOGS, logRows); // most records sealed, the rest in open heads
    check(EventSearch.SPANS, spanRows);
    checkTraces(spans); // the searches cached every chunk: trace lookups read the cache

    store.close();
    open(); // every record now in chunks read from disk
    checkTraces(spans);
    check(EventSearch.LOGS, logRows);
    check(EventSearch.SPANS, spanRows);
    checkTraces(spans);

    // Chunks sealed after a restart join new groups after the chunks read back.
    List<LogRecord> more = logs().subList(0, 200);
    store.logConsumer().accept(more);
    store.commit();
    List<Map<String, Object>> allRows = new ArrayList<>(logRows);
    more.forEach(l -> allRows.add(Rows.of(l)));
    check(EventSearch.LOGS, allRows);
  }

  private void check(String dataset, List<Map<String, Object>> rows) throws IOException {
    long start = NOW_NANOS - 7_200_000_000_000L;
    long end = NOW_NANOS + 1;
    int nonEmpty = 0;
    for (Filter f : lookups()) {
      FilterEvaluator eval = FilterEvaluator.of(f);
      List<Map<String, Object>> expected = rows.stream().filter(eval::test)
          .sorted(Comparator.comparingLong(r -> (Long) r.get(Fields.TIMESTAMP))).toList();
      List<Map<String, Object>> found = new ArrayList<>();
      Iterator<Map<String, Object>> it = store.eventSearch().search(dataset, f, start, end, false, 0);
      it.forEachRemaining(found::add);
      assertThat(found).as(dataset + ": " + f).containsExactlyElementsOf(expected);
      List<Map<String, Object>> scanned = new ArrayList<>();
      store.eventSearch().scan(dataset, f, start, end, null, scanned::add);
      assertThat(scanned).as("scan of " + dataset + ": " + f).containsExactlyInAnyOrderElementsOf(expected);
      nonEmpty += expected.isEmpty() ? 0 : 1;
    }
    assertThat(nonEmpty).as("lookups that find something").isGreaterThan(100);
  }

  private void checkTraces(List<Span> spans) throws IOException {
    Map<String, Set<String>> expected = spans.stream().collect(Collectors.groupingBy(Span::traceId,
        Collectors.mapping(Span::spanId, Collectors.toSet())));
    for (int i = 0; i < 45; i++) {
      String id = traceId(i);
      Set<String> found = new HashSet<>();
      for (Span s : store.spanStore().getTrace(id)) {
        assertThat(found.add(s.spanId())).as("span %s returned once", s.spanId()).isTrue();
      }
      assertThat(found).as("trace " + id).isEqualTo(expected.getOrDefault(id, Set.of()));
    }
  }
}

package dev.sightline.query.lang.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sightline.query.lang.Dataset;
import dev.sightline.query.lang.Query;
import dev.sightline.query.lang.QueryParser;
import dev.sightline.query.lang.QueryPlanner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class QueryExecutorTest {
  private final QueryExecutor executor = QueryExecutor.builder().build();

  private static Map<String, Object> row(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private QueryResult run(String query, List<Map<String, Object>> rows) {
    return executor.execute(QueryParser.parse(query), rows);
  }

  private static final List<Map<String, Object>> LOGS = List.of(
      row("timestamp", 1_000L, "level", "ERROR", "region", "US-EAST", "service", "cart", "message", "payment timeout"),
      row("timestamp", 2_000L, "level", "ERROR", "region", "US-WEST", "service", "cart", "message", "db down"),
      row("timestamp", 3_000L, "level", "INFO", "region", "US-EAST", "service", "auth", "message", "ok"),
      row("timestamp", 4_000L, "level", "ERROR", "region", "US-EAST", "service", "auth", "message", "Timeout!"),
      row("timestamp", 5_000L, "level", "error", "region", "US-EAST", "service", "auth", "message", "lower case"),
      row("timestamp", 6_000L, "level", "ERROR", "service", "edge", "message", "no region"));

  @Test
  void seedExampleCountsMatchingRows() {
    QueryResult r = run("SELECT count(*) FROM logs WHERE level = 'ERROR' AND region = 'US-EAST'", LOGS);
    assertThat(r.columns()).containsExactly("count(*)");
    assertThat(r.rows()).containsExactly(Map.of("count(*)", 2L));
    assertThat(r.stats().rowsScanned()).isEqualTo(6);
    assertThat(r.stats().rowsMatched()).isEqualTo(2);
  }

  @Test
  void aggregatesOverNoRowsAreZeroCountsAndNulls() {
    QueryResult r = run("SELECT count(*), count(x), sum(x), avg(x), min(x), max(x), percentile(x, 0.5), count_distinct(x) "
        + "FROM logs WHERE level = 'NOPE'", LOGS);
    Map<String, Object> expected = new HashMap<>();
    expected.put("count(*)", 0L);
    expected.put("count(x)", 0L);
    expected.put("count_distinct(x)", 0L);
    for (String k : List.of("sum(x)", "avg(x)", "min(x)", "max(x)", "percentile(x, 0.5)")) {
      expected.put(k, null);
    }
    assertThat(r.rows()).containsExactly(expected);
    // With GROUP BY and no rows there are no groups at all.
    assertThat(run("SELECT count(*) FROM logs WHERE level = 'NOPE' GROUP BY service", LOGS).rows()).isEmpty();
  }

  @Test
  void groupByOrdersByKeysWithNullGroupLastAndHonoursOrderByAndLimit() {
    QueryResult r = run("SELECT region, count(*) AS n FROM logs GROUP BY region", LOGS);
    assertThat(r.columns()).containsExactly("region", "n");
    assertThat(r.rows()).extracting(m -> m.get("region"), m -> m.get("n")).containsExactly(
        org.assertj.core.groups.Tuple.tuple("US-EAST", 4L),
        org.assertj.core.groups.Tuple.tuple("US-WEST", 1L),
        org.assertj.core.groups.Tuple.tuple(null, 1L));
    QueryResult top = run("SELECT service, count(*) FROM logs GROUP BY service ORDER BY count(*) DESC LIMIT 2", LOGS);
    assertThat(top.rows()).extracting(m -> m.get("service")).containsExactly("auth", "cart");
    assertThat(top.stats().truncated()).isTrue();
    assertThat(top.stats().groups()).isEqualTo(3);
  }

  @Test
  void bucketGroupsAlignToTheEpoch() {
    List<Map<String, Object>> rows = List.of(row("timestamp", 59_999_999_999L), row("timestamp", 60_000_000_000L),
        row("timestamp", 119_999_999_999L), row("timestamp", -1L), row("level", "no timestamp"));
    QueryResult r = run("SELECT count(*) FROM logs GROUP BY bucket(timestamp, '1m') AS minute", rows);
    assertThat(r.rows()).extracting(m -> m.get("minute"), m -> m.get("count(*)")).containsExactly(
        org.assertj.core.groups.Tuple.tuple(-60_000_000_000L, 1L),
        org.assertj.core.groups.Tuple.tuple(0L, 1L),
        org.assertj.core.groups.Tuple.tuple(60_000_000_000L, 2L),
        org.assertj.core.groups.Tuple.tuple(null, 1L));
  }

  @Test
  void percentileIsExactNearestRank() {
    List<Map<String, Object>> rows = new ArrayList<>();
    LongStream.rangeClosed(1, 100).map(i -> 101 - i).forEach(i -> rows.add(row("d", i)));
    QueryResult r = run("SELECT percentile(d, 0) AS p0, percentile(d, 0.07) AS p7, percentile(d, 0.5) AS p50, "
        + "percentile(d, 0.991) AS p991, percentile(d, 1) AS p100 FROM spans", rows);
    // rank = max(1, ceil(p * n)); 0.07 * 100 is exactly 7 (a double product would give 7.000000000000001 -> 8).
    assertThat(r.rows().get(0)).containsExactlyInAnyOrderEntriesOf(
        Map.of("p0", 1L, "p7", 7L, "p50", 50L, "p991", 100L, "p100", 100L));
    QueryResult mixed = run("SELECT percentile(d, 0.5) AS p FROM spans",
        List.of(row("d", 1L), row("d", 2.5), row("d", "not a number"), row("d", 4L)));
    assertThat(mixed.rows().get(0).get("p")).isEqualTo(2.5);
  }

  @Test
  void sumStaysExactInLongsAndFallsBackToDoubleOnOverflow() {
    assertThat(run("SELECT sum(n), avg(n), min(n), max(n) FROM logs",
        List.of(row("n", 3L), row("n", 4), row("n", "x"), row("n", true))).rows().get(0))
        .containsExactlyInAnyOrderEntriesOf(Map.of("sum(n)", 7L, "avg(n)", 3.5, "min(n)", 3L, "max(n)", 4L));
    assertThat(run("SELECT sum(n) FROM logs", List.of(row("n", Long.MAX_VALUE), row("n", 1L))).rows().get(0).get("sum(n)"))
        .isEqualTo((double) Long.MAX_VALUE + 1);
    assertThat(run("SELECT sum(n), max(n) FROM logs", List.of(row("n", 1L), row("n", 0.5), row("n", Double.NaN)))
        .rows().get(0)).containsEntry("max(n)", 1L).containsEntry("sum(n)", Double.NaN);
  }

  @Test
  void countDistinctCountsElementsByFamilyAndValue() {
    List<Map<String, Object>> rows = List.of(row("t", List.of("a", "b")), row("t", "a"), row("t", 1L), row("t", "1"),
        row("t", 1), row("x", 0L));
    assertThat(run("SELECT count_distinct(t), count(t), count(*) FROM logs", rows).rows().get(0))
        .containsExactlyInAnyOrderEntriesOf(Map.of("count_distinct(t)", 4L, "count(t)", 5L, "count(*)", 6L));
  }

  @Test
  void listingProjectsOrdersNewestFirstAndMarksTruncation() {
    QueryResult r = run("SELECT timestamp, message AS m, missing FROM logs WHERE level = 'ERROR' "
        + "ORDER BY timestamp DESC LIMIT 2", LOGS);
    assertThat(r.columns()).containsExactly("timestamp", "m", "missing");
    Map<String, Object> first = new LinkedHashMap<>();
    first.put("timestamp", 6_000L);
    first.put("m", "no region");
    first.put("missing", null);
    assertThat(r.rows()).hasSize(2).first().isEqualTo(first);
    assertThat(r.rows().get(1).get("timestamp")).isEqualTo(4_000L);
    assertThat(r.stats().truncated()).isTrue();
    // ORDER BY an alias orders by its field; nulls last in both directions.
    // An alias that is also a well-known field alias still names the column.
    assertThat(run("SELECT service, count(*) AS body FROM logs GROUP BY service ORDER BY body DESC LIMIT 1", LOGS)
        .rows()).extracting(m -> m.get("service")).containsExactly("auth");
    assertThat(run("SELECT timestamp FROM logs ORDER BY Body LIMIT 1", LOGS).rows())
        .containsExactly(Map.of("timestamp", 4_000L)); // Body is the alias of message: "Timeout!" sorts first
    QueryResult byRegion = run("SELECT region AS r FROM logs ORDER BY r DESC", LOGS);
    assertThat(byRegion.rows()).extracting(m -> m.get("r"))
        .containsExactly("US-WEST", "US-EAST", "US-EAST", "US-EAST", "US-EAST", null);
  }

  @Test
  void selectStarReturnsWholeRowsAndTheirColumns() {
    QueryResult r = run("SELECT * FROM logs WHERE 'timeout' ORDER BY timestamp", LOGS);
    assertThat(r.rows()).extracting(m -> m.get("timestamp")).containsExactly(1_000L, 4_000L);
    assertThat(r.columns()).containsExactly("timestamp", "level", "region", "service", "message");
  }

  @Test
  void listingWithoutOrderStopsReadingAtTheLimit() {
    AtomicInteger pulled = new AtomicInteger();
    Iterable<Map<String, Object>> endless = () -> new Iterator<>() {
      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public Map<String, Object> next() {
        return row("timestamp", (long) pulled.incrementAndGet());
      }
    };
    QueryResult r = executor.execute(QueryParser.parse("SELECT timestamp FROM logs LIMIT 3"), endless);
    assertThat(r.rows()).extracting(m -> m.get("timestamp")).containsExactly(1L, 2L, 3L);
    assertThat(pulled).hasValue(4); // the fourth row shows there is more; nothing after it is read
    assertThat(r.stats().truncated()).isTrue();
  }

  @Test
  void deadlineOnTheInjectedClockStopsTheQuery() {
    TestClock clock = new TestClock();
    QueryExecutor timed = QueryExecutor.builder().clock(clock).timeout(Duration.ofSeconds(2)).build();
    QueryExecution e = timed.start(QueryParser.parse("SELECT count(*) FROM logs"));
    e.accept(row());
    clock.advance(Duration.ofMillis(2000));
    e.accept(row()); // exactly at the deadline is still in time
    clock.advance(Duration.ofMillis(1));
    QueryLimitException ex = catchThrowableOfType(QueryLimitException.class, () -> e.accept(row()));
    assertThat(ex.limit()).isEqualTo(QueryLimitException.Limit.TIME);
    assertThat(ex).hasMessage("the query ran longer than its time budget of 2000 ms; narrow the WHERE clause or the time range");
  }

  @Test
  void elapsedTimeComesFromTheClock() {
    TestClock clock = new TestClock();
    QueryExecution e = QueryExecutor.builder().clock(clock).build().start(QueryParser.parse("SELECT * FROM logs"));
    clock.advance(Duration.ofMillis(15));
    assertThat(e.finish().stats().elapsedNanos()).isEqualTo(15_000_000L);
  }

  @Test
  void rowGroupAndMemoryBudgetsFailCleanly() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (long i = 0; i < 1_000; i++) {
      rows.add(row("id", i, "timestamp", i));
    }
    QueryExecutor small = QueryExecutor.builder().maxRowsScanned(999).maxGroups(10).maxHeldValues(100).build();
    QueryLimitException scanned = catchThrowableOfType(QueryLimitException.class,
        () -> small.execute(QueryParser.parse("SELECT count(*) FROM logs"), rows));
    assertThat(scanned.limit()).isEqualTo(QueryLimitException.Limit.ROWS_SCANNED);
    assertThat(scanned).hasMessageContaining("more than 999 rows");

    List<Map<String, Object>> few = rows.subList(0, 500);
    QueryLimitException groups = catchThrowableOfType(QueryLimitException.class,
        () -> small.execute(QueryParser.parse("SELECT count(*) FROM logs GROUP BY id"), few));
    assertThat(groups.limit()).isEqualTo(QueryLimitException.Limit.GROUPS);
    assertThat(groups).hasMessageStartingWith("the query makes more than 10 groups");

    QueryLimitException distinct = catchThrowableOfType(QueryLimitException.class,
        () -> small.execute(QueryParser.parse("SELECT count_distinct(id) FROM logs"), few));
    assertThat(distinct.limit()).isEqualTo(QueryLimitException.Limit.HELD_VALUES);
    QueryLimitException pct = catchThrowableOfType(QueryLimitException.class,
        () -> small.execute(QueryParser.parse("SELECT percentile(id, 0.9) FROM logs"), few));
    assertThat(pct.limit()).isEqualTo(QueryLimitException.Limit.HELD_VALUES);
    assertThat(pct).hasMessageStartingWith("the query holds more than 100 distinct or percentile values");
    // Within budget the same queries run.
    assertThat(small.execute(QueryParser.parse("SELECT count_distinct(id) FROM logs"), rows.subList(0, 100))
        .rows().get(0).get("count_distinct(id)")).isEqualTo(100L);
  }

  @Test
  void limitAboveTheResultRowMaximumIsRefusedAndTheDefaultLimitApplies() {
    QueryExecutor small = QueryExecutor.builder().maxResultRows(10).defaultLimit(3).build();
    QueryLimitException e = catchThrowableOfType(QueryLimitException.class,
        () -> small.start(QueryParser.parse("SELECT * FROM logs LIMIT 11")));
    assertThat(e.limit()).isEqualTo(QueryLimitException.Limit.RESULT_ROWS);
    assertThat(e).hasMessage("LIMIT 11 is above the maximum of 10 result rows");
    QueryResult r = small.execute(QueryParser.parse("SELECT * FROM logs ORDER BY timestamp"), LOGS);
    assertThat(r.rows()).hasSize(3);
    assertThat(r.stats().truncated()).isTrue();
  }

  @Test
  void catastrophicRegexIsAQueryLimitNotAHang() {
    QueryLimitException e = catchThrowableOfType(QueryLimitException.class, () -> run(
        "SELECT count(*) FROM logs WHERE message MATCHES '(.*a){12}b'", List.of(row("message", "a".repeat(40)))));
    assertThat(e.limit()).isEqualTo(QueryLimitException.Limit.REGEX_STEPS);
  }

  @Test
  void correlationPlanMergesLogsAndSpansOfOneRequestChronologically() {
    String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    Map<Dataset, List<Map<String, Object>>> data = Map.of(
        Dataset.LOGS, List.of(
            row("timestamp", 30L, "trace_id", trace, "service", "cart", "message", "reserving"),
            row("timestamp", 10L, "request_id", trace.toUpperCase(), "service", "edge", "message", "received"),
            row("timestamp", 20L, "trace_id", "0".repeat(31) + "1", "service", "other", "message", "unrelated")),
        Dataset.SPANS, List.of(
            row("timestamp", 25L, "trace_id", trace, "service", "cart", "name", "POST /cart"),
            row("timestamp", 5L, "trace_id", trace, "service", "edge", "name", "GET /")));
    QueryResult r = executor.execute(QueryPlanner.defaults().plan(trace.toUpperCase()), RowSource.inMemory(data));
    assertThat(r.rows()).extracting(m -> m.get("dataset"), m -> m.get("timestamp")).containsExactly(
        org.assertj.core.groups.Tuple.tuple("spans", 5L),
        org.assertj.core.groups.Tuple.tuple("logs", 10L),
        org.assertj.core.groups.Tuple.tuple("spans", 25L),
        org.assertj.core.groups.Tuple.tuple("logs", 30L));
    assertThat(r.columns()).startsWith("dataset", "timestamp");
  }

  @Test
  void correlationIdWidensToTheTraceItLeadsTo() {
    String trace = "0af7651916cd43dd8448eb211c80319c";
    Map<Dataset, List<Map<String, Object>>> data = Map.of(
        Dataset.LOGS, List.of(
            row("timestamp", 10L, "request_id", "req-42", "trace_id", trace, "service", "edge", "message", "in"),
            row("timestamp", 40L, "trace_id", trace, "service", "cart", "message", "reserved"),
            row("timestamp", 45L, "request_id", "req-43", "service", "edge", "message", "someone else")),
        Dataset.SPANS, List.of(
            row("timestamp", 11L, "trace_id", trace, "service", "edge", "name", "GET /checkout"),
            row("timestamp", 30L, "trace_id", trace, "service", "cart", "name", "reserve"),
            row("timestamp", 9_000L, "trace_id", trace, "service", "late", "name", "outside the range")));
    QueryResult r = executor.execute(QueryPlanner.defaults().plan("req-42").withTimeRange(0, 1_000),
        RowSource.inMemory(data));
    assertThat(r.rows()).extracting(m -> m.get("dataset"), m -> m.get("timestamp"), m -> m.get("service")).containsExactly(
        org.assertj.core.groups.Tuple.tuple("logs", 10L, "edge"),
        org.assertj.core.groups.Tuple.tuple("spans", 11L, "edge"),
        org.assertj.core.groups.Tuple.tuple("spans", 30L, "cart"),
        org.assertj.core.groups.Tuple.tuple("logs", 40L, "cart"));
  }
  @Test
  void aTimeOrderedSourceIsReadOnlyUpToTheLimitOfAnOrderByTimestampAndGivesTheSameRows() throws Exception {
    // 10,000 rows, newest first, as the event store streams a search; equal timestamps in pairs.
    List<Map<String, Object>> newestFirst = new ArrayList<>();
    for (long t = 5_000; t > 0; t--) {
      newestFirst.add(row("timestamp", t, "service", "cart", "n", 2 * t));
      newestFirst.add(row("timestamp", t, "service", "cart", "n", 2 * t - 1));
    }
    AtomicInteger pulled = new AtomicInteger();
    RowSource counting = query -> newestFirst.stream().peek(r -> pulled.incrementAndGet()).iterator();
    for (String q : List.of("SELECT n FROM logs ORDER BY timestamp DESC LIMIT 7", "service = 'cart'")) {
      var plan = QueryPlanner.defaults().plan(q);
      pulled.set(0);
      QueryResult everything = executor.execute(plan, counting);
      assertThat(pulled.get()).as("an unordered source is read to the end").isEqualTo(10_000);
      pulled.set(0);
      QueryResult ordered = executor.execute(plan, RowSource.timeOrdered(counting));
      assertThat(pulled.get()).as("a time-ordered source stops at the limit").isLessThanOrEqualTo(101);
      assertThat(ordered.rows()).isEqualTo(everything.rows());
      assertThat(ordered.stats().truncated()).isTrue();
    }
    // Another order key still reads everything.
    pulled.set(0);
    QueryResult byN = executor.execute(QueryPlanner.defaults().plan("SELECT n FROM logs ORDER BY n LIMIT 3"),
        RowSource.timeOrdered(counting));
    assertThat(pulled.get()).isEqualTo(10_000);
    assertThat(byN.rows()).extracting(r -> r.get("n")).containsExactly(1L, 2L, 3L);
  }

  /** A source over LOGS that counts by the reference evaluator and scans unordered; rows() must not be used. */
  private static RowSource indexedSource(boolean canCount, AtomicInteger counts, AtomicInteger scans) {
    RowSource memory = RowSource.inMemory(Map.of(Dataset.LOGS, LOGS));
    return new RowSource() {
      @Override
      public java.util.Iterator<? extends Map<String, ?>> rows(Query query) {
        throw new AssertionError("an aggregate must not read sorted rows");
      }

      @Override
      public void scan(Query query, java.util.function.Predicate<Map<String, ?>> sink) {
        scans.incrementAndGet();
        List<Map<String, ?>> reversed = new ArrayList<>();
        memory.rows(query).forEachRemaining(reversed::add);
        java.util.Collections.reverse(reversed); // any order will do for an aggregate
        for (Map<String, ?> r : reversed) {
          if (!sink.test(r)) {
            return;
          }
        }
      }

      @Override
      public java.util.OptionalLong count(Query query) {
        counts.incrementAndGet();
        if (!canCount) {
          return java.util.OptionalLong.empty();
        }
        long n = 0;
        for (var it = memory.rows(query); it.hasNext(); it.next()) {
          n++;
        }
        return java.util.OptionalLong.of(n);
      }
    };
  }

  @Test
  void aBareCountIsAnsweredByTheSourcesCountAndAggregatesScanUnordered() {
    AtomicInteger counts = new AtomicInteger();
    AtomicInteger scans = new AtomicInteger();
    var plan = QueryPlanner.defaults().plan(
        "SELECT count(*), count(*) AS n FROM logs WHERE level = 'ERROR' AND region = 'US-EAST'");
    QueryResult counted = executor.execute(plan, indexedSource(true, counts, scans));
    assertThat(counts.get()).isEqualTo(1);
    assertThat(scans.get()).isZero();
    QueryResult expected = run("SELECT count(*), count(*) AS n FROM logs WHERE level = 'ERROR' AND region = 'US-EAST'",
        LOGS);
    assertThat(counted.columns()).isEqualTo(expected.columns());
    assertThat(counted.rows()).isEqualTo(expected.rows());
    assertThat(counted.rows().get(0).get("n")).isEqualTo(2L);

    // A source that cannot count: the same answer from a scan.
    QueryResult scanned = executor.execute(plan, indexedSource(false, counts, scans));
    assertThat(scans.get()).isEqualTo(1);
    assertThat(scanned.rows()).isEqualTo(expected.rows());

    // Grouped aggregates scan too, and give what the in-memory executor gives.
    String grouped = "SELECT service, count(*) AS n FROM logs WHERE level = 'ERROR' GROUP BY service ORDER BY service";
    QueryResult g = executor.execute(QueryPlanner.defaults().plan(grouped), indexedSource(true, counts, scans));
    assertThat(scans.get()).isEqualTo(2);
    assertThat(g.rows()).isEqualTo(run(grouped, LOGS).rows());
  }
}

package dev.sightline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sightline.model.Attributes;
import dev.sightline.model.LogRecord;
import dev.sightline.model.Resource;
import dev.sightline.model.Span;
import dev.sightline.model.SpanKind;
import dev.sightline.model.Status;
import dev.sightline.store.filter.CompareOp;
import dev.sightline.store.filter.Filter;
import dev.sightline.store.filter.Rows;
import dev.sightline.store.filter.Value;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of {@link EventStore}, bound by every implementation (Zipkin's {@code ITStorage} shape):
 * a subclass says how to open a store over a directory and inherits every test. A backend that cannot
 * pass a test overrides it with {@code @Disabled("reason")}; it never forks the suite.
 *
 * <p>Test data is dated around {@link #NOW}; stores whose retention depends on a clock should be given
 * one fixed at that instant.
 */
public abstract class EventStoreConformanceTest {
  /** The instant the test data is dated around. */
  protected static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  protected static final long NOW_NANOS = NOW.getEpochSecond() * 1_000_000_000L;
  private static final long MS = 1_000_000L;
  /** How long the helpers wait for accepted spans to become visible; the contract itself is 1 s. */
  private static final Duration HELPER_VISIBILITY_BOUND = Duration.ofSeconds(5);

  @TempDir protected Path dataDir;
  protected EventStore store;
  private final AtomicLong ids = new AtomicLong(1);

  /** A store over {@code dataDir}; called again over the same directory to test durability. */
  protected abstract EventStore openStore(Path dataDir) throws IOException;

  @BeforeEach
  void startStore() throws IOException {
    store = openStore(dataDir);
    store.start();
  }

  @AfterEach
  void closeStore() throws IOException {
    if (store != null) {
      store.close();
    }
  }

  // ---- test data -------------------------------------------------------------------------------

  protected String traceId() {
    return String.format("%032x", ids.getAndIncrement() + 0xabc0000000L);
  }

  protected String spanId() {
    return String.format("%016x", ids.getAndIncrement() + 0xdef00000L);
  }

  /** A span of {@code service}, starting {@code offsetMs} after {@link #NOW}, lasting {@code durationMs}. */
  protected Span span(String traceId, String parentId, String service, String name, long offsetMs,
                      long durationMs) {
    long start = NOW_NANOS + offsetMs * MS;
    return Span.builder().traceId(traceId).spanId(spanId()).parentSpanId(parentId).name(name)
        .kind(SpanKind.SERVER).startEpochNanos(start).endEpochNanos(start + durationMs * MS)
        .resource(Resource.ofService(service)).build();
  }

  /** Stores the spans and waits (bounded) until every one of them can be read back. */
  protected void accept(Span... spans) throws IOException {
    store.spanConsumer().accept(List.of(spans));
    awaitVisible(Arrays.asList(spans), HELPER_VISIBILITY_BOUND);
  }

  private void awaitVisible(List<Span> spans, Duration bound) {
    Map<String, Set<String>> byTrace = spans.stream().collect(Collectors.groupingBy(Span::traceId,
        Collectors.mapping(Span::spanId, Collectors.toSet())));
    await().atMost(bound).pollInterval(Duration.ofMillis(10)).until(() -> {
      for (var e : byTrace.entrySet()) {
        Set<String> found = trace(e.getKey()).stream().map(Span::spanId).collect(Collectors.toSet());
        if (!found.containsAll(e.getValue())) {
          return false;
        }
      }
      return true;
    });
  }

  protected List<Span> trace(String traceId) {
    try {
      return store.spanStore().getTrace(traceId);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  protected List<TraceSummary> search(TraceQuery.Builder query) throws IOException {
    return store.spanStore().searchTraces(query.build());
  }

  protected static List<String> traceIds(List<TraceSummary> summaries) {
    return summaries.stream().map(TraceSummary::traceId).toList();
  }

  // ---- the contract ----------------------------------------------------------------------------

  @Nested
  class TraceById {
    @Test
    void everyFieldRoundTripsExactly() throws IOException {
      RandomSpans random = new RandomSpans(42, NOW_NANOS);
      String traceId = random.traceId();
      List<Span> spans = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        spans.add(random.span(traceId, i % 3 == 0 ? random.resource() : spans.isEmpty()
            ? random.resource() : spans.get(0).resource()));
      }
      accept(spans.toArray(Span[]::new));
      assertThat(trace(traceId)).containsExactlyInAnyOrderElementsOf(spans);
    }

    @Test
    void unknownTraceIsEmpty() throws IOException {
      accept(span(traceId(), "", "svc", "op", 0, 1));
      assertThat(trace(traceId())).isEmpty();
    }

    @Test
    void returnsOnlyTheRequestedTrace() throws IOException {
      String a = traceId();
      String b = traceId();
      Span a1 = span(a, "", "svc", "op", 0, 10);
      Span b1 = span(b, "", "svc", "op", 1, 10);
      accept(a1, b1, span(a, a1.spanId(), "svc", "child", 2, 3));
      assertThat(trace(a)).hasSize(2).allMatch(s -> s.traceId().equals(a));
      assertThat(trace(b)).containsExactly(b1);
    }

    @Test
    void traceAcrossMidnightIsReadWhole() throws IOException {
      String t = traceId();
      long untilMidnightMs = Duration.between(NOW, NOW.plus(Duration.ofDays(1)).truncatedTo(
          java.time.temporal.ChronoUnit.DAYS)).toMillis();
      Span before = span(t, "", "svc", "late", untilMidnightMs - 1000, 5000);
      Span after = span(t, before.spanId(), "svc", "early", untilMidnightMs + 1000, 10);
      accept(before, after);
      assertThat(trace(t)).containsExactlyInAnyOrder(before, after);
    }

    @Test
    void emptyBatchIsAccepted() throws IOException {
      store.spanConsumer().accept(List.of());
      assertThat(store.check().ok()).isTrue();
    }
  }

  @Nested
  class Search {
    @Test
    void byServiceAndOperation() throws IOException {
      String checkout = traceId();
      String cart = traceId();
      accept(span(checkout, "", "checkout", "POST /checkout", 0, 100),
          span(cart, "", "cart", "GET /cart", 10, 50));
      assertThat(traceIds(search(TraceQuery.builder().service("checkout")))).containsExactly(checkout);
      assertThat(traceIds(search(TraceQuery.builder().operation("GET /cart")))).containsExactly(cart);
      assertThat(search(TraceQuery.builder().service("checkout").operation("GET /cart"))).isEmpty();
      assertThat(search(TraceQuery.builder().service("nope"))).isEmpty();
    }

    @Test
    void byMinAndMaxDuration() throws IOException {
      String fast = traceId();
      String medium = traceId();
      String slow = traceId();
      accept(span(fast, "", "svc", "op", 0, 5), span(medium, "", "svc", "op", 1, 50),
          span(slow, "", "svc", "op", 2, 500));
      assertThat(traceIds(search(TraceQuery.builder().minDurationNanos(50 * MS))))
          .containsExactlyInAnyOrder(medium, slow);
      assertThat(traceIds(search(TraceQuery.builder().maxDurationNanos(50 * MS))))
          .containsExactlyInAnyOrder(fast, medium);
      assertThat(traceIds(search(TraceQuery.builder().minDurationNanos(10 * MS).maxDurationNanos(100 * MS))))
          .containsExactly(medium);
    }

    @Test
    void byTagsOfSpanAndResource() throws IOException {
      String t1 = traceId();
      String t2 = traceId();
      Span s1 = span(t1, "", "svc", "op", 0, 5).toBuilder()
          .attributes(Attributes.of("http.status_code", 500L, "error", true, "http.method", "POST"))
          .resource(new Resource(Attributes.of("service.name", "svc", "host.name", "h-1"))).build();
      Span s2 = span(t2, "", "svc", "op", 1, 5).toBuilder()
          .attributes(Attributes.of("http.status_code", 200L, "http.method", "POST"))
          .resource(new Resource(Attributes.of("service.name", "svc", "host.name", "h-2"))).build();
      accept(s1, s2);
      assertThat(traceIds(search(TraceQuery.builder().tags(Map.of("http.status_code", "500")))))
          .containsExactly(t1);
      assertThat(traceIds(search(TraceQuery.builder().tags(Map.of("error", "true"))))).containsExactly(t1);
      assertThat(traceIds(search(TraceQuery.builder().tags(Map.of("host.name", "h-2"))))).containsExactly(t2);
      assertThat(traceIds(search(TraceQuery.builder().tags(Map.of("http.method", "POST")))))
          .containsExactlyInAnyOrder(t1, t2);
      assertThat(traceIds(search(TraceQuery.builder().tags(Map.of("http.method", "POST", "host.name", "h-1")))))
          .containsExactly(t1);
      assertThat(search(TraceQuery.builder().tags(Map.of("http.method", "GET")))).isEmpty();
    }

    @Test
    void tagValuesOfEveryTypeMatchTheirText() throws IOException {
      String t1 = traceId();
      String t2 = traceId();
      Span s1 = span(t1, "", "cart", "op", 0, 5).toBuilder()
          .attributes(Attributes.of("ratio", 0.25, "retry", false, "peers", List.of("a", "b"))).build();
      Span s2 = span(t2, "", "payment", "op", 1, 5).toBuilder()
          .attributes(Attributes.of("ratio", 2.0, "retry", true, "peers", List.of("c"))).build();
      accept(s1, s2);
      assertThat(traceIds(search(TraceQuery.builder().tags(Map.of("ratio", "0.25"))))).containsExactly(t1);
      assertThat(traceIds(search(TraceQuery.builder().tags(Map.of("ratio", "2"))))).containsExactly(t2);
      assertThat(traceIds(search(TraceQuery.builder().tags(Map.of("retry", "false"))))).containsExactly(t1);
      assertThat(traceIds(search(TraceQuery.builder().tags(Map.of("peers", "b"))))).containsExactly(t1);
      assertThat(traceIds(search(TraceQuery.builder().tags(Map.of("service.name", "payment")))))
          .containsExactly(t2);
      assertThat(search(TraceQuery.builder().tags(Map.of("ratio", "0.5")))).isEmpty();
    }

    @Test
    void oneSpanMustMatchAllSpanLevelCriteria() throws IOException {
      String t = traceId();
      Span root = span(t, "", "frontend", "GET /", 0, 100).toBuilder().attributes(Attributes.of("a", "1")).build();
      Span child = span(t, root.spanId(), "backend", "query", 10, 20).toBuilder()
          .attributes(Attributes.of("b", "2")).build();
      accept(root, child);
      assertThat(traceIds(search(TraceQuery.builder().service("backend").tags(Map.of("b", "2")))))
          .containsExactly(t);
      assertThat(search(TraceQuery.builder().service("frontend").tags(Map.of("b", "2")))).isEmpty();
    }

    @Test
    void byTimeRange() throws IOException {
      String early = traceId();
      String late = traceId();
      accept(span(early, "", "svc", "op", 0, 5), span(late, "", "svc", "op", 60_000, 5));
      assertThat(traceIds(search(TraceQuery.builder().startEpochNanos(NOW_NANOS + 30_000 * MS))))
          .containsExactly(late);
      assertThat(traceIds(search(TraceQuery.builder().endEpochNanos(NOW_NANOS + 30_000 * MS))))
          .containsExactly(early);
      assertThat(traceIds(search(TraceQuery.builder().startEpochNanos(NOW_NANOS)
          .endEpochNanos(NOW_NANOS + 60_000 * MS)))).containsExactlyInAnyOrder(early, late);
      assertThat(search(TraceQuery.builder().startEpochNanos(NOW_NANOS + 1000 * MS)
          .endEpochNanos(NOW_NANOS + 2000 * MS))).isEmpty();
    }

    @Test
    void timeRangeSelectsTracesButTheSummaryCoversTheWholeTrace() throws IOException {
      String t = traceId();
      Span root = span(t, "", "batch", "nightly", 0, Duration.ofHours(25).toMillis());
      Span late = span(t, root.spanId(), "worker", "step", Duration.ofHours(24).toMillis(), 1000);
      accept(root, late);
      long dayLater = NOW_NANOS + Duration.ofHours(23).toNanos();
      List<TraceSummary> found = search(TraceQuery.builder().startEpochNanos(dayLater));
      assertThat(found).hasSize(1);
      assertThat(found.get(0).spanCount()).isEqualTo(2);
      assertThat(found.get(0).rootOperation()).isEqualTo("nightly");
      assertThat(found.get(0).startEpochNanos()).isEqualTo(NOW_NANOS);
    }

    @Test
    void newestFirstAndLimited() throws IOException {
      List<String> traces = new ArrayList<>();
      List<Span> spans = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        String t = traceId();
        traces.add(t);
        spans.add(span(t, "", "svc", "op", i * 1000L, 5));
      }
      accept(spans.toArray(Span[]::new));
      assertThat(traceIds(search(TraceQuery.builder().limit(3))))
          .containsExactly(traces.get(5), traces.get(4), traces.get(3));
      assertThat(traceIds(search(TraceQuery.builder().limit(100)))).hasSize(6)
          .containsExactlyElementsOf(traces.reversed());
    }

    @Test
    void manyMatchingSpansOfOneTraceCountOnceTowardsTheLimit() throws IOException {
      String big = traceId();
      String other = traceId();
      List<Span> spans = new ArrayList<>();
      spans.add(span(other, "", "svc", "op", 0, 5));
      Span root = span(big, "", "svc", "op", 10, 1000);
      spans.add(root);
      for (int i = 0; i < 300; i++) {
        spans.add(span(big, root.spanId(), "svc", "op", 20 + i, 1));
      }
      accept(spans.toArray(Span[]::new));
      assertThat(traceIds(search(TraceQuery.builder().limit(2)))).containsExactly(big, other);
    }

    @Test
    void summaryDescribesTheWholeTrace() throws IOException {
      String t = traceId();
      Span root = span(t, "", "frontend", "GET /checkout", 0, 300);
      Span child = span(t, root.spanId(), "checkout", "charge", 50, 400).toBuilder()
          .status(Status.error("card declined")).build();
      Span grandchild = span(t, child.spanId(), "payments", "POST /charge", 60, 100).toBuilder()
          .status(Status.error("timeout")).build();
      accept(child, grandchild, root);
      TraceSummary summary = search(TraceQuery.builder().service("payments")).get(0);
      assertThat(summary).isEqualTo(new TraceSummary(t, "frontend", "GET /checkout", NOW_NANOS, 450 * MS, 3, 2,
          List.of("checkout", "frontend", "payments")));
    }

    @Test
    void summaryFallsBackToTheEarliestSpanWithoutARoot() throws IOException {
      String t = traceId();
      accept(span(t, spanId(), "b", "later", 20, 10), span(t, spanId(), "a", "earliest", 10, 5));
      TraceSummary summary = search(TraceQuery.builder()).get(0);
      assertThat(summary.rootService()).isEqualTo("a");
      assertThat(summary.rootOperation()).isEqualTo("earliest");
      assertThat(summary.startEpochNanos()).isEqualTo(NOW_NANOS + 10 * MS);
      assertThat(summary.durationNanos()).isEqualTo(20 * MS);
    }
  }

  @Nested
  class ServicesAndOperations {
    @Test
    void sortedAndDistinct() throws IOException {
      String t = traceId();
      accept(span(t, "", "web", "GET /", 0, 1), span(t, "", "api", "list", 1, 1),
          span(t, "", "api", "get", 2, 1), span(t, "", "api", "list", 3, 1),
          span(t, "", "api-gateway", "route", 4, 1));
      assertThat(store.spanStore().serviceNames()).containsExactly("api", "api-gateway", "web");
      assertThat(store.spanStore().operationNames("api")).containsExactly("get", "list");
      assertThat(store.spanStore().operationNames("api-gateway")).containsExactly("route");
      assertThat(store.spanStore().operationNames("unknown")).isEmpty();
    }

    @Test
    void spansWithoutServiceNameCountAsUnknownService() throws IOException {
      String t = traceId();
      Span anonymous = span(t, "", "x", "op", 0, 1).toBuilder().resource(Resource.empty()).build();
      accept(anonymous);
      assertThat(store.spanStore().serviceNames()).containsExactly(Resource.UNKNOWN_SERVICE);
    }
  }

  @Nested
  class Visibility {
    @Test
    void acceptedSpansAreSearchableWithinOneSecond() throws IOException {
      String t = traceId();
      Span s = span(t, "", "fresh", "op", 0, 1);
      store.spanConsumer().accept(List.of(s));
      awaitVisible(List.of(s), Duration.ofSeconds(1));
      await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
          .until(() -> !store.spanStore().searchTraces(TraceQuery.builder().service("fresh").build()).isEmpty());
    }
  }

  @Nested
  class Durability {
    @Test
    void everythingSurvivesCloseAndReopen() throws IOException {
      RandomSpans random = new RandomSpans(7, NOW_NANOS);
      List<Span> all = new ArrayList<>();
      for (int batch = 0; batch < 5; batch++) {
        String t = random.traceId();
        List<Span> spans = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
          spans.add(random.span(t, random.resource()));
        }
        store.spanConsumer().accept(spans);
        all.addAll(spans);
      }
      store.close();
      store = openStore(dataDir);
      store.start();
      for (String t : all.stream().map(Span::traceId).distinct().toList()) {
        assertThat(trace(t)).containsExactlyInAnyOrderElementsOf(all.stream().filter(s -> s.traceId().equals(t))
            .toList());
      }
      assertThat(search(TraceQuery.builder().limit(100))).hasSize(5);
    }
  }

  @Nested
  class Check {
    @Test
    void okWhenStartedAndNotAfterClose() throws IOException {
      assertThat(store.check()).isEqualTo(CheckResult.OK);
      store.close();
      CheckResult closed = store.check();
      assertThat(closed.ok()).isFalse();
      assertThat(closed.reason()).isNotBlank();
      store = null;
    }
  }

  // ---- logs ------------------------------------------------------------------------------------

  /** A log record of {@code service}, {@code offsetMs} after {@link #NOW}. */
  protected LogRecord logRecord(String service, String level, String body, long offsetMs) {
    return LogRecord.builder().epochNanos(NOW_NANOS + offsetMs * MS).observedEpochNanos(NOW_NANOS + offsetMs * MS + 5)
        .severityText(level).body(body).resource(Resource.ofService(service)).build();
  }

  /** Every row of the dataset matching the filter in [start, end), oldest first. */
  protected List<Map<String, Object>> rows(String dataset, Filter filter, long start, long end) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    store.eventSearch().search(dataset, filter, start, end, false, 0).forEachRemaining(out::add);
    return out;
  }

  protected List<Map<String, Object>> logRows(Filter filter) throws IOException {
    return rows(EventSearch.LOGS, filter, NOW_NANOS - 30 * DAY, NOW_NANOS + 30 * DAY);
  }

  /** Stores the records and waits (bounded) until every one can be found by its message. */
  protected void acceptLogs(LogRecord... records) throws IOException {
    store.logConsumer().accept(List.of(records));
    await().atMost(HELPER_VISIBILITY_BOUND).pollInterval(Duration.ofMillis(10))
        .until(() -> logRows(Filter.matchAll()).containsAll(Arrays.stream(records).map(Rows::of).toList()));
  }

  private static final long DAY = 86_400_000_000_000L;

  @Nested
  class LogWriteAndRead {
    @Test
    void everyFieldRoundTripsAsTheRowView() throws IOException {
      LogRecord full = LogRecord.builder().epochNanos(NOW_NANOS).observedEpochNanos(NOW_NANOS + 7).severityNumber(17)
          .severityText("error").body("Payment FAILED: card_declined (code=51)")
          .attributes(Attributes.builder().put("http.status_code", 500L).put("score", 1.5).put("ok", true)
              .put("tags", List.of("a", "b")).put("http", Attributes.of("route", "/pay")).build())
          .resource(new Resource(Attributes.of("service.name", "payment", "host", "h1")))
          .traceId("4bf92f3577b34da6a3ce929d0e0e4736").spanId("00f067aa0ba902b7").flags(1).build();
      acceptLogs(full);
      assertThat(logRows(Filter.eq("trace_id", Value.of("4bf92f3577b34da6a3ce929d0e0e4736"))))
          .containsExactly(Rows.of(full));
    }

    @Test
    void searchFiltersByServiceLevelAndText() throws IOException {
      LogRecord a = logRecord("cart", "ERROR", "payment declined for user 42", 1);
      LogRecord b = logRecord("cart", "INFO", "payment accepted", 2);
      LogRecord c = logRecord("auth", "ERROR", "token expired", 3);
      acceptLogs(a, b, c);
      assertThat(logRows(Filter.eq("service", Value.of("cart")))).containsExactly(Rows.of(a), Rows.of(b));
      assertThat(logRows(Filter.and(Filter.eq("level", Value.of("ERROR")), new Filter.MessageContains("payment"))))
          .containsExactly(Rows.of(a));
      assertThat(logRows(Filter.not(Filter.eq("service", Value.of("cart"))))).containsExactly(Rows.of(c));
    }

    @Test
    void newestFirstAcrossDaysAndLimitedByTheCaller() throws IOException {
      LogRecord yesterday = logRecord("cart", "INFO", "one", -20 * 3_600_000L);
      LogRecord today = logRecord("cart", "INFO", "two", 0);
      LogRecord tomorrow = logRecord("cart", "INFO", "three", 13 * 3_600_000L);
      acceptLogs(today, yesterday, tomorrow);
      Iterator<Map<String, Object>> newest = store.eventSearch().search(EventSearch.LOGS, Filter.matchAll(),
          NOW_NANOS - 2 * DAY, NOW_NANOS + 2 * DAY, true, 2);
      assertThat(newest.next()).isEqualTo(Rows.of(tomorrow));
      assertThat(newest.next()).isEqualTo(Rows.of(today));
      assertThat(newest.next()).isEqualTo(Rows.of(yesterday));
      assertThat(newest.hasNext()).isFalse();
    }

    @Test
    void timeRangeIsHalfOpen() throws IOException {
      LogRecord at = logRecord("cart", "INFO", "at start", 0);
      LogRecord end = logRecord("cart", "INFO", "at end", 10);
      acceptLogs(at, end);
      assertThat(rows(EventSearch.LOGS, Filter.matchAll(), NOW_NANOS, NOW_NANOS + 10 * MS))
          .containsExactly(Rows.of(at));
    }

    @Test
    void observedTimeStandsInForAMissingEventTime() throws IOException {
      LogRecord noTime = LogRecord.builder().observedEpochNanos(NOW_NANOS + 3).body("late").build();
      acceptLogs(noTime);
      assertThat(rows(EventSearch.LOGS, Filter.matchAll(), NOW_NANOS + 3, NOW_NANOS + 4)).containsExactly(Rows.of(noTime));
    }

    @Test
    void unknownDatasetIsRefused() {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.eventSearch().search("metrics",
          Filter.matchAll(), 0, 1, false, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metrics");
    }

    @Test
    void emptyBatchIsAccepted() throws IOException {
      store.logConsumer().accept(List.of());
      assertThat(logRows(Filter.matchAll())).isEmpty();
    }
  }

  @Nested
  class SpanRows {
    @Test
    void spansAreSearchableAsRowsOnEveryField() throws IOException {
      String t = traceId();
      Span root = span(t, "", "frontend", "GET /cart", 0, 300);
      Span child = span(t, root.spanId(), "cart", "load", 10, 50);
      accept(root, child);
      long from = NOW_NANOS - DAY;
      long to = NOW_NANOS + DAY;
      assertThat(rows(EventSearch.SPANS, Filter.eq("trace_id", Value.of(t)), from, to))
          .containsExactly(Rows.of(root), Rows.of(child));
      assertThat(rows(EventSearch.SPANS, new Filter.Compare("duration", CompareOp.GT, Value.of(100_000_000L)), from, to))
          .containsExactly(Rows.of(root));
      assertThat(rows(EventSearch.SPANS, Filter.not(new Filter.Exists("parent_span_id")), from, to))
          .containsExactly(Rows.of(root));
      assertThat(rows(EventSearch.SPANS, Filter.and(Filter.eq("service", Value.of("cart")),
          Filter.eq("kind", Value.of("SERVER"))), from, to)).containsExactly(Rows.of(child));
    }
  }

  @Nested
  class LogVisibility {
    @Test
    void acceptedLogsAreSearchableWithinOneSecond() throws IOException {
      LogRecord r = logRecord("fresh", "INFO", "just now", 0);
      store.logConsumer().accept(List.of(r));
      await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
          .until(() -> logRows(Filter.eq("service", Value.of("fresh"))).contains(Rows.of(r)));
    }
  }

  @Nested
  class LogDurability {
    @Test
    void everythingSurvivesCloseAndReopen() throws IOException {
      List<LogRecord> all = new ArrayList<>();
      for (int batch = 0; batch < 5; batch++) {
        List<LogRecord> records = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          records.add(logRecord("svc" + batch, i % 2 == 0 ? "INFO" : "WARN", "message " + batch + " " + i,
              batch * 1000L + i - 3_600_000L * batch * 5));
        }
        store.logConsumer().accept(records);
        all.addAll(records);
      }
      store.close();
      store = openStore(dataDir);
      store.start();
      assertThat(logRows(Filter.matchAll())).containsExactlyInAnyOrderElementsOf(all.stream().map(Rows::of).toList());
      assertThat(logRows(new Filter.MessageContains("message 3"))).hasSize(20);
    }
  }
}

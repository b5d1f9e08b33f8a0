package dev.sightline.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.model.Attributes;
import dev.sightline.model.LogRecord;
import dev.sightline.model.Resource;
import dev.sightline.model.Span;
import dev.sightline.model.SpanKind;
import dev.sightline.model.Status;
import dev.sightline.model.StatusCode;
import dev.sightline.store.filter.CompareOp;
import dev.sightline.store.filter.Filter;
import dev.sightline.store.filter.FilterEvaluator;
import dev.sightline.store.filter.Rows;
import dev.sightline.store.filter.Value;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated records in, random filters over them, and {@link EventSearch} checked against a brute-force
 * pass of {@link FilterEvaluator} over the same records: same rows, in timestamp order, across day
 * indices, for both datasets. A seed per test, so a failure reproduces. Every event store binds it: a
 * subclass says how to open one over a directory (with a clock fixed at {@link #NOW}).
 */
public abstract class EventSearchRandomizedSuite {
  protected static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final long NOW_NANOS = NOW.getEpochSecond() * 1_000_000_000L;
  private static final long HOUR = 3_600_000_000_000L;
  private static final String[] SERVICES = {"cart", "checkout", "payment", "Auth", "édge"};
  private static final String[] WORDS = {"payment", "FAILED", "card_declined", "time-out", "timeout", "東京",
      "user", "42", "GET", "/api/users", "retry", "ok", "Ünïcödé", "🙂", "a%b", "x_y"};
  private static final String[] REGIONS = {"US-EAST", "us-east", "EU", "\uFFFD", "😀", "", "eu-west-1"};

  @TempDir Path dir;
  private EventStore store;
  private Random rnd;

  /** A store over {@code dir} whose clock reads {@link #NOW}. */
  protected abstract EventStore openStore(Path dir) throws IOException;

  /** Makes everything accepted so far searchable (a store with a refresh interval refreshes now). */
  protected abstract void makeVisible(EventStore store) throws IOException;

  /**
   * How many of the 400 random filters the store must count without reading rows ({@link
   * EventSearch#count} is optional: 0 for a store that never counts that way).
   */
  protected abstract int minimumCounted();

  @BeforeEach
  void open() throws IOException {
    store = openStore(dir);
    store.start();
  }

  @AfterEach
  void close() throws IOException {
    store.close();
  }

  @Test
  void logSearchesSelectExactlyWhatTheEvaluatorSelects() throws IOException {
    rnd = new Random(7);
    List<LogRecord> logs = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      logs.add(log());
    }
    for (int i = 0; i < logs.size(); i += 100) {
      store.logConsumer().accept(logs.subList(i, i + 100));
    }
    makeVisible(store);
    check(EventSearch.LOGS, logs.stream().map(Rows::of).toList());
  }

  @Test
  void spanSearchesSelectExactlyWhatTheEvaluatorSelects() throws IOException {
    rnd = new Random(11);
    List<Span> spans = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      spans.add(span());
    }
    store.spanConsumer().accept(spans);
    makeVisible(store);
    check(EventSearch.SPANS, spans.stream().map(Rows::of).toList());
  }

  private void check(String dataset, List<Map<String, Object>> rows) throws IOException {
    List<Filter> leaves = leaves(rows);
    int counted = 0;
    Comparator<Map<String, Object>> byTime = Comparator.comparingLong(r -> (Long) r.get("timestamp"));
    for (int i = 0; i < 400; i++) {
      Filter f = combine(leaves, 3);
      long start = NOW_NANOS - rnd.nextLong(40 * HOUR);
      long end = start + rnd.nextLong(60 * HOUR);
      FilterEvaluator eval = FilterEvaluator.of(Filter.and(f, new Filter.TimeRange(start, end)));
      List<Map<String, Object>> expected = rows.stream().filter(eval::test).sorted(byTime).toList();

      List<Map<String, Object>> ascending = drain(store.eventSearch().search(dataset, f, start, end, false, 0), -1);
      assertThat(ascending).as(f.toString()).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(ascending).as("oldest first").isSortedAccordingTo(byTime);

      int limit = 1 + rnd.nextInt(20);
      List<Map<String, Object>> newest = drain(store.eventSearch().search(dataset, f, start, end, true, limit), limit);
      List<Long> expectedTimes = expected.reversed().stream().limit(limit).map(r -> (Long) r.get("timestamp")).toList();
      assertThat(newest).as("newest first, limited: " + f).extracting(r -> (Long) r.get("timestamp"))
          .containsExactlyElementsOf(expectedTimes);

      // The unordered one-pass scan sees exactly the same rows; a sink that says stop stops it.
      List<Map<String, Object>> scanned = new ArrayList<>();
      store.eventSearch().scan(dataset, f, start, end, null, scanned::add);
      assertThat(scanned).as("scan: " + f).containsExactlyInAnyOrderElementsOf(expected);
      int stopAfter = 1 + rnd.nextInt(5);
      List<Map<String, Object>> stopped = new ArrayList<>();
      store.eventSearch().scan(dataset, f, start, end, null, r -> stopped.add(r) && stopped.size() < stopAfter);
      assertThat(stopped).hasSize(Math.min(stopAfter, expected.size()));

      // Asking for a few fields (what an aggregation reads) gives the same values of those fields, whether
      // they come from doc values or from the stored records.
      List<String> asked = new ArrayList<>();
      for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
        asked.add(pick(PROJECTABLE));
      }
      List<Map<String, Object>> columns = new ArrayList<>();
      store.eventSearch().scan(dataset, f, start, end, java.util.Set.copyOf(asked), columns::add);
      assertThat(columns.stream().map(r -> project(r, asked)).toList()).as("fields " + asked + " of " + f)
          .containsExactlyInAnyOrderElementsOf(expected.stream().map(r -> project(r, asked)).toList());

      // A count, when the index can give one, is the number of matches.
      OptionalLong count = store.eventSearch().count(dataset, f, start, end);
      if (count.isPresent()) {
        counted++;
        assertThat(count.getAsLong()).as("count: " + f).isEqualTo(expected.size());
      }
    }
    assertThat(counted).as("filters the store counted exactly").isGreaterThanOrEqualTo(minimumCounted());
  }

  private static final String[] PROJECTABLE = {"service", "level", "severity", "http.status_code", "region",
      "http.retries", "big", "severity_number", "duration", "name", "kind", "status", "timestamp", "@timestamp",
      "message", "ok", "tags", "nope"};

  /** The asked fields of a row as an aggregation reads them (aliases resolved; a one-element list is its element). */
  private static List<Object> project(Map<String, Object> row, List<String> fields) {
    List<Object> out = new ArrayList<>();
    for (String f : fields) {
      Object v = dev.sightline.store.filter.Fields.lookup(row, dev.sightline.store.filter.Fields.canonical(f));
      if (v instanceof List<?> l && l.size() == 1) {
        v = l.get(0);
      }
      out.add(v instanceof List<?> l ? l.stream().map(FilterEvaluator::normalise).toList()
          : v == null ? "<missing>" : FilterEvaluator.normalise(v));
    }
    return out;
  }

  private static List<Map<String, Object>> drain(Iterator<Map<String, Object>> it, int limit) {
    List<Map<String, Object>> out = new ArrayList<>();
    while ((limit < 0 || out.size() < limit) && it.hasNext()) {
      out.add(it.next());
    }
    return out;
  }

  // ---- generated records -------------------------------------------------------------------------

  private <T> T pick(T[] values) {
    return values[rnd.nextInt(values.length)];
  }

  private long time() {
    return NOW_NANOS - rnd.nextLong(48 * HOUR); // three UTC days
  }

  private String text() {
    StringBuilder sb = new StringBuilder();
    int n = rnd.nextInt(6);
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : rnd.nextBoolean() ? " " : ": ").append(pick(WORDS));
    }
    return sb.toString();
  }

  private Attributes attributes() {
    Attributes.Builder b = Attributes.builder();
    switch (rnd.nextInt(4)) {
      case 0 -> b.put("http.status_code", (long) pick(new Integer[] {200, 404, 500}));
      case 1 -> b.put("http.status_code", pick(new String[] {"500", "OK"}));
      case 2 -> b.put("http.status_code", pick(new Double[] {500.0, 404.5, Double.NaN, -0.0}));
      default -> { }
    }
    if (rnd.nextBoolean()) {
      b.put("region", pick(REGIONS));
    }
    if (rnd.nextInt(3) == 0) {
      b.put("ok", rnd.nextBoolean());
    }
    if (rnd.nextInt(3) == 0) {
      b.put("tags", rnd.nextBoolean() ? List.of(pick(REGIONS), pick(WORDS)) : List.of(rnd.nextLong(3), 1.5));
    }
    if (rnd.nextInt(4) == 0) {
      b.put("http", Attributes.of("route", pick(WORDS), "retries", (long) rnd.nextInt(3)));
    }
    if (rnd.nextInt(5) == 0) {
      b.put("big", pick(new Long[] {9_007_199_254_740_993L, 9_007_199_254_740_992L, Long.MIN_VALUE, Long.MAX_VALUE}));
    }
    if (rnd.nextInt(6) == 0) {
      b.put("severity", "warn"); // an alias of level, seen only when the record has no level
    }
    return b.build();
  }

  private String hexId(int bytes) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < bytes; i++) {
      sb.append(String.format("%02x", rnd.nextInt(4)));
    }
    return sb.toString();
  }

  private LogRecord log() {
    LogRecord.Builder b = LogRecord.builder().resource(Resource.ofService(pick(SERVICES))).body(text())
        .attributes(attributes());
    if (rnd.nextInt(5) == 0) {
      b.observedEpochNanos(time()); // no event time: the observed time is the timestamp
    } else {
      b.epochNanos(time());
    }
    switch (rnd.nextInt(3)) {
      case 0 -> b.severityText(pick(new String[] {"error", "ERROR", "Warn", "info"}));
      case 1 -> b.severityNumber(1 + rnd.nextInt(24));
      default -> { }
    }
    if (rnd.nextBoolean()) {
      b.traceId(hexId(16)).spanId(hexId(8));
    }
    return b.build();
  }

  private Span span() {
    long start = time();
    Span.Builder b = Span.builder().traceId(hexId(16)).spanId(hexId(8)).name(pick(WORDS))
        .kind(pick(SpanKind.values())).startEpochNanos(start).endEpochNanos(start + rnd.nextLong(5_000_000_000L))
        .resource(new Resource(Attributes.of("service.name", pick(SERVICES), "host", pick(REGIONS))))
        .attributes(attributes())
        .status(new Status(pick(StatusCode.values()), rnd.nextBoolean() ? "" : text()));
    if (rnd.nextBoolean()) {
      b.parentSpanId(hexId(8));
    }
    return b.build();
  }

  // ---- generated filters -------------------------------------------------------------------------

  /** Leaves built from values that occur in the data (and a few that do not). */
  private List<Filter> leaves(List<Map<String, Object>> rows) {
    List<Filter> out = new ArrayList<>();
    List<String> fields = List.of("service", "level", "message", "http.status_code", "region", "ok", "tags",
        "http.route", "http.retries", "big", "severity_number", "duration", "name", "kind", "status", "trace_id",
        "parent_span_id", "host", "status_message", "nope");
    for (int i = 0; i < 300; i++) {
      String field = fields.get(rnd.nextInt(fields.size()));
      Object sample = rows.get(rnd.nextInt(rows.size())).get(field);
      if (sample instanceof List<?> l && !l.isEmpty()) {
        sample = l.get(0);
      }
      Value v = value(sample);
      CompareOp op = pick(CompareOp.values());
      out.add(new Filter.Compare(field, op, v));
      switch (rnd.nextInt(7)) {
        case 0 -> out.add(new Filter.In(field, List.of(v, value(null))));
        case 1 -> out.add(new Filter.Exists(field));
        case 2 -> out.add(new Filter.MessageContains(pick(WORDS).replace("🙂", "ok")));
        case 3 -> out.add(new Filter.Contains(field, pick(new String[] {"time out", "card declined", "42", "eu"})));
        case 4 -> out.add(new Filter.Like(field, pick(new String[] {"%a%", "c_rt", "a\\%b%", "%", "US-%", "_"})));
        case 5 -> out.add(new Filter.Matches(field, pick(new String[] {"c.*", "(?i)us-.*", "[a-z]+", "\\d+",
            "^c.*", ".*(ok|42).*", "(?i)[a-z]+"})));
        default -> out.add(new Filter.TimeRange(NOW_NANOS - rnd.nextLong(50 * HOUR), NOW_NANOS));
      }
    }
    return out;
  }

  private Value value(Object sample) {
    Function<Object, Value> of = s -> switch (s) {
      case String str -> Value.of(str);
      case Long l -> rnd.nextInt(4) == 0 ? Value.of((double) l) : Value.of(l + rnd.nextInt(3) - 1);
      case Double d -> rnd.nextBoolean() ? Value.of(d) : Value.of(Math.round(d));
      case Boolean b -> Value.of(b);
      default -> Value.of("?");
    };
    if (sample == null) {
      return pick(new Value[] {Value.of("cart"), Value.of(500), Value.of(0.0), Value.of(true), Value.of("ERROR")});
    }
    return of.apply(sample);
  }

  private Filter combine(List<Filter> leaves, int depth) {
    if (depth == 0 || rnd.nextInt(3) == 0) {
      return leaves.get(rnd.nextInt(leaves.size()));
    }
    return switch (rnd.nextInt(4)) {
      case 0 -> Filter.and(combine(leaves, depth - 1), combine(leaves, depth - 1));
      case 1 -> Filter.or(combine(leaves, depth - 1), combine(leaves, depth - 1));
      case 2 -> Filter.not(combine(leaves, depth - 1));
      default -> combine(leaves, depth - 1);
    };
  }
}

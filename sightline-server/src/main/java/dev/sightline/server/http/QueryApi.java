package dev.sightline.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.ServerBuilder;
import dev.sightline.model.Ids;
import dev.sightline.model.Span;
import dev.sightline.query.lang.ParseException;
import dev.sightline.query.lang.Query;
import dev.sightline.query.lang.QueryPlan;
import dev.sightline.query.lang.QueryPlanner;
import dev.sightline.query.lang.QueryText;
import dev.sightline.query.lang.exec.QueryExecutor;
import dev.sightline.query.lang.exec.QueryLimitException;
import dev.sightline.query.lang.exec.QueryResult;
import dev.sightline.query.lang.exec.RowSource;
import dev.sightline.server.SelfMetrics;
import dev.sightline.store.EventSearch;
import dev.sightline.store.SpanStore;
import dev.sightline.store.filter.FilterEvaluationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * {@code POST /api/query} with {@code {"query": "...", "start": "...", "end": "...", "limit": N}}: the
 * Sightline query language over {@code logs} and {@code spans}. A full {@code SELECT}, a bare condition
 * (matching log lines, newest first) or a bare trace/correlation id (every log line and span of that
 * request, in time order, with the trace's summary). The time range defaults to the last hour.
 *
 * <p>The filter is pushed down to the event store's index; the executor aggregates, orders and limits,
 * within its time, row and memory budgets. Integers beyond JavaScript's exact range (2^53), such as
 * epoch nanoseconds, are written as strings.
 */
public final class QueryApi {
  private static final long JS_SAFE = 1L << 53;
  private final QueryPlanner planner;
  private final QueryExecutor executor;
  private final EventSearch search;
  private final SpanStore spans;
  private final Clock clock;
  private final SelfMetrics metrics;

  public QueryApi(QueryPlanner planner, QueryExecutor executor, EventSearch search, SpanStore spans, Clock clock,
                  SelfMetrics metrics) {
    this.planner = planner;
    this.executor = executor;
    this.search = search;
    this.spans = spans;
    this.clock = clock;
    this.metrics = metrics;
  }

  public void bind(ServerBuilder sb) {
    sb.route().post("/api/query").build((ctx, req) -> HttpResponse.of(req.aggregate().thenApplyAsync(agg -> {
      long t0 = System.nanoTime();
      try {
        JsonNode body;
        try {
          body = Json.MAPPER.readTree(agg.contentUtf8());
        } catch (IOException e) {
          return Json.error(HttpStatus.BAD_REQUEST, "expected a JSON object {\"query\": \"...\"}: " + e.getMessage());
        }
        if (body == null || !body.isObject() || !body.path("query").isTextual()) {
          return Json.error(HttpStatus.BAD_REQUEST, "expected a JSON object with a \"query\" string");
        }
        return run(body);
      } finally {
        metrics.queryLatency("query", System.nanoTime() - t0);
      }
    }, ctx.blockingTaskExecutor())));
  }

  private HttpResponse run(JsonNode body) {
    long end = body.hasNonNull("end") ? ApiParams.timeNanos("end", body.get("end").asText()) : nowNanos();
    long start = body.hasNonNull("start") ? ApiParams.timeNanos("start", body.get("start").asText())
        : end - Duration.ofHours(1).toNanos();
    if (end < start) {
      return Json.error(HttpStatus.BAD_REQUEST, "end: must not be before start");
    }
    QueryPlan plan;
    try {
      plan = planner.plan(body.get("query").asText());
    } catch (ParseException e) {
      Map<String, Object> err = new LinkedHashMap<>();
      err.put("error", e.getMessage());
      err.put("status", 400);
      err.put("position", Map.of("offset", e.position().offset(), "line", e.position().line(),
          "column", e.position().column()));
      err.put("expected", e.expected());
      return Json.of(HttpStatus.BAD_REQUEST, err);
    }
    if (body.hasNonNull("limit")) {
      int limit = body.get("limit").asInt();
      if (limit <= 0) {
        return Json.error(HttpStatus.BAD_REQUEST, "limit: expected a positive number, got " + body.get("limit"));
      }
      plan = new QueryPlan(plan.kind(), plan.queries().stream().map(q -> q.limit().isPresent() ? q : q.withLimit(limit))
          .toList(), plan.correlationValue(), plan.correlationFields(), plan.timeRange());
    }
    plan = plan.withTimeRange(start, end);
    QueryResult result;
    try {
      result = executor.execute(plan, rowSource(start, end));
    } catch (QueryLimitException e) {
      return Json.of(HttpStatus.UNPROCESSABLE_ENTITY, Map.of("error", e.getMessage(), "status", 422,
          "limit", e.limit().name().toLowerCase(Locale.ROOT)));
    } catch (FilterEvaluationException e) {
      return Json.of(HttpStatus.UNPROCESSABLE_ENTITY, Map.of("error", e.getMessage(), "status", 422));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kind", plan.kind().name().toLowerCase(Locale.ROOT));
    out.put("queries", plan.queries().stream().map(QueryText::of).toList());
    out.put("columns", result.columns());
    out.put("rows", safeRows(result.rows()));
    out.put("stats", Map.of("rowsScanned", result.stats().rowsScanned(), "rowsMatched", result.stats().rowsMatched(),
        "groups", result.stats().groups(), "elapsedMillis", result.stats().elapsedNanos() / 1_000_000,
        "truncated", result.stats().truncated()));
    if (plan.kind() == QueryPlan.Kind.CORRELATION) {
      String id = plan.correlationValue().toLowerCase(Locale.ROOT);
      if (Ids.isValidTraceId(id)) {
        try {
          List<Span> trace = spans.getTrace(id);
          if (!trace.isEmpty()) {
            Map<String, Object> t = TraceJson.trace(id, trace);
            t.remove("spans");
            out.put("trace", t);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return Json.ok(out);
  }

  private RowSource rowSource(long start, long end) {
    // The store streams rows in timestamp order (the direction asked below), so ORDER BY timestamp ... LIMIT
    // stops after LIMIT rows; aggregations scan the matches in one unordered pass, and a bare count(*)
    // is answered by the index alone when it can be.
    return new RowSource() {
      @Override
      public Iterator<? extends Map<String, ?>> rows(Query query) {
        boolean newestFirst = query.orderBy().map(o -> !o.key().equals("timestamp") || o.descending()).orElse(true);
        int hint = !query.isAggregated() && query.limit().isPresent() ? query.limit().getAsInt() : 0;
        try {
          return search.search(query.dataset().queryName(), query.where(), start, end, newestFirst, hint);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public boolean timeOrdered() {
        return true;
      }

      @Override
      public void scan(Query query, Predicate<Map<String, ?>> sink) {
        try {
          search.scan(query.dataset().queryName(), query.where(), start, end, query.fieldsRead(), sink::test);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public OptionalLong count(Query query) {
        try {
          return search.count(query.dataset().queryName(), query.where(), start, end);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }

  private long nowNanos() {
    var i = clock.instant();
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  private static List<Map<String, Object>> safeRows(List<Map<String, Object>> rows) {
    List<Map<String, Object>> out = new ArrayList<>(rows.size());
    for (Map<String, Object> row : rows) {
      Map<String, Object> m = new LinkedHashMap<>();
      row.forEach((k, v) -> m.put(k, v instanceof Long l && (l > JS_SAFE || l < -JS_SAFE) ? l.toString() : v));
      out.add(m);
    }
    return out;
  }
}

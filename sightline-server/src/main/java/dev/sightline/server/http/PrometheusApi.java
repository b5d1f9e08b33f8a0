package dev.sightline.server.http;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.sightline.model.metric.Labels;
import dev.sightline.query.promql.InstantSample;
import dev.sightline.query.promql.PromqlEngine;
import dev.sightline.query.promql.PromqlException;
import dev.sightline.query.promql.PromqlValue;
import dev.sightline.query.promql.QueryResult;
import dev.sightline.query.promql.RangeSeries;
import dev.sightline.server.SelfMetrics;
import dev.sightline.store.metrics.LabelMatcher;
import dev.sightline.store.metrics.MetricQuerier;
import dev.sightline.store.metrics.Series;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The Prometheus HTTP API (v1), with Prometheus's response and error shapes, so Grafana's Prometheus
 * data source, promtool and scripts work against Sightline unchanged: {@code query}, {@code query_range},
 * {@code series}, {@code labels}, {@code label/<name>/values}, {@code metadata}, {@code status/buildinfo}.
 * Parameters come from the query string or a form-encoded POST body, as Prometheus takes them.
 */
public final class PrometheusApi {
  private static final int MAX_POINTS = 11_000;
  private static final long MIN_TIME_MS = Instant.parse("0000-01-01T00:00:00Z").toEpochMilli();
  private static final long MAX_TIME_MS = Instant.parse("9999-12-31T23:59:59Z").toEpochMilli();

  private final PromqlEngine engine;
  private final MetricQuerier querier;
  private final Clock clock;
  private final SelfMetrics metrics;
  private final Function<String, List<LabelMatcher>> selectorParser;
  private final MetricMetadataStore metadata;

  public PrometheusApi(PromqlEngine engine, MetricQuerier querier, Clock clock, SelfMetrics metrics,
                       Function<String, List<LabelMatcher>> selectorParser, MetricMetadataStore metadata) {
    this.metadata = metadata;
    this.engine = engine;
    this.querier = querier;
    this.clock = clock;
    this.metrics = metrics;
    this.selectorParser = selectorParser;
  }

  /** Thrown for an unusable parameter; answered as Prometheus answers {@code bad_data}. */
  public static final class BadData extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadData(String message) {
      super(message, null, false, false);
    }
  }

  public void bind(ServerBuilder sb) {
    route(sb, "/api/v1/query", "promql_query", this::query);
    route(sb, "/api/v1/query_range", "promql_query_range", this::queryRange);
    route(sb, "/api/v1/series", "prom_series", this::series);
    route(sb, "/api/v1/labels", "prom_labels", this::labels);
    sb.route().methods(HttpMethod.GET, HttpMethod.POST).path("/api/v1/label/{name}/values")
        .build(handler("prom_label_values", (ctx, p) -> labelValues(ctx.pathParam("name"), p)));
    sb.route().get("/api/v1/metadata").build((ctx, req) -> success(metadata.query(ctx.queryParam("metric"),
        ApiParams.limit("limit", ctx.queryParam("limit"), 0, Integer.MAX_VALUE))));
    sb.route().get("/api/v1/status/buildinfo").build((ctx, req) -> success(Map.of(
        "version", "3.0.0", "revision", "sightline", "branch", "sightline", "buildUser", "sightline",
        "buildDate", "", "goVersion", "")));
  }

  private interface Handler {
    HttpResponse handle(ServiceRequestContext ctx, QueryParams params) throws Exception;
  }

  private interface ParamsHandler {
    HttpResponse handle(QueryParams params) throws Exception;
  }

  private void route(ServerBuilder sb, String path, String endpoint, ParamsHandler h) {
    sb.route().methods(HttpMethod.GET, HttpMethod.POST).path(path).build(handler(endpoint, (ctx, p) -> h.handle(p)));
  }

  private com.linecorp.armeria.server.HttpService handler(String endpoint, Handler h) {
    return (ctx, req) -> HttpResponse.of(req.aggregate().thenCompose(agg -> CompletableFuture.supplyAsync(() -> {
      long t0 = System.nanoTime();
      try {
        return h.handle(ctx, params(ctx, agg));
      } catch (BadData | ApiParams.BadParameterException e) {
        return error(HttpStatus.BAD_REQUEST, "bad_data", e.getMessage());
      } catch (PromqlException e) {
        return switch (e.kind()) {
          case BAD_DATA -> error(HttpStatus.BAD_REQUEST, "bad_data", e.getMessage());
          case TIMEOUT -> error(HttpStatus.SERVICE_UNAVAILABLE, "timeout", e.getMessage());
          case CANCELED -> error(HttpStatus.SERVICE_UNAVAILABLE, "canceled", e.getMessage());
          case EXECUTION -> error(HttpStatus.UNPROCESSABLE_ENTITY, "execution", e.getMessage());
        };
      } catch (Exception e) {
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "internal", e.toString());
      } finally {
        metrics.queryLatency(endpoint, System.nanoTime() - t0);
      }
    }, ctx.blockingTaskExecutor())));
  }

  private static QueryParams params(ServiceRequestContext ctx, AggregatedHttpRequest req) {
    MediaType type = req.contentType();
    if (req.method() == HttpMethod.POST && type != null && type.is(MediaType.FORM_DATA)) {
      QueryParams form = QueryParams.fromQueryString(req.contentUtf8());
      return ctx.queryParams().toBuilder().add(form).build();
    }
    return ctx.queryParams();
  }

  private HttpResponse query(QueryParams p) {
    String expr = required(p, "query");
    Instant time = p.contains("time") ? time(p.get("time"), "time") : clock.instant();
    QueryResult r = engine.instantQuery(expr, time);
    return result(r);
  }

  private HttpResponse queryRange(QueryParams p) {
    String expr = required(p, "query");
    Instant start = time(required(p, "start"), "start");
    Instant end = time(required(p, "end"), "end");
    if (end.isBefore(start)) {
      throw new BadData("end timestamp must not be before start time");
    }
    Duration step = step(required(p, "step"));
    if (step.isZero() || step.isNegative()) {
      throw new BadData("zero or negative query resolution step widths are not accepted. "
          + "Try a positive integer");
    }
    if (Duration.between(start, end).dividedBy(step) > MAX_POINTS) {
      throw new BadData("exceeded maximum resolution of 11,000 points per timeseries. "
          + "Try decreasing the query resolution (?step=XX)");
    }
    return result(engine.rangeQuery(expr, start, end, step));
  }

  private HttpResponse series(QueryParams p) throws Exception {
    List<String> selectors = p.getAll("match[]");
    if (selectors.isEmpty()) {
      throw new BadData("no match[] parameter provided");
    }
    long[] range = range(p);
    TreeSet<Labels> found = new TreeSet<>();
    for (String sel : selectors) {
      for (Series s : querier.select(range[0], range[1], selectorParser.apply(sel))) {
        found.add(s.labels());
      }
    }
    List<Map<String, String>> out = new ArrayList<>();
    found.forEach(l -> out.add(l.asMap()));
    return success(out);
  }

  private HttpResponse labels(QueryParams p) throws Exception {
    long[] range = range(p);
    TreeSet<String> names = new TreeSet<>();
    List<String> selectors = p.getAll("match[]");
    if (selectors.isEmpty()) {
      names.addAll(querier.labelNames(range[0], range[1], List.of()));
    }
    for (String sel : selectors) {
      names.addAll(querier.labelNames(range[0], range[1], selectorParser.apply(sel)));
    }
    return success(List.copyOf(names));
  }

  private HttpResponse labelValues(String name, QueryParams p) throws Exception {
    long[] range = range(p);
    TreeSet<String> values = new TreeSet<>();
    List<String> selectors = p.getAll("match[]");
    if (selectors.isEmpty()) {
      values.addAll(querier.labelValues(name, range[0], range[1], List.of()));
    }
    for (String sel : selectors) {
      values.addAll(querier.labelValues(name, range[0], range[1], selectorParser.apply(sel)));
    }
    return success(List.copyOf(values));
  }

  private long[] range(QueryParams p) {
    long start = p.contains("start") ? time(p.get("start"), "start").toEpochMilli() : MIN_TIME_MS;
    long end = p.contains("end") ? time(p.get("end"), "end").toEpochMilli() : MAX_TIME_MS;
    return new long[] {start, end};
  }

  private static String required(QueryParams p, String name) {
    String v = p.get(name);
    if (v == null || v.isEmpty()) {
      throw new BadData("invalid parameter \"" + name + "\": missing");
    }
    return v;
  }

  /** RFC 3339 or Unix seconds with an optional fraction, as Prometheus takes them. */
  public static Instant time(String value, String name) {
    try {
      if (value.matches("-?\\d+(\\.\\d+)?")) {
        BigDecimal seconds = new BigDecimal(value);
        return Instant.ofEpochMilli(seconds.movePointRight(3).setScale(0, java.math.RoundingMode.HALF_UP)
            .longValueExact());
      }
      return java.time.OffsetDateTime.parse(value).toInstant();
    } catch (RuntimeException e) {
      throw new BadData("invalid parameter \"" + name + "\": cannot parse \"" + value + "\" to a valid timestamp");
    }
  }

  /** A step in seconds (fraction allowed) or a Prometheus duration ({@code 15s}, {@code 1m}). */
  static Duration step(String value) {
    try {
      if (value.matches("-?\\d+(\\.\\d+)?")) {
        return Duration.ofMillis(new BigDecimal(value).movePointRight(3).longValue());
      }
      return dev.sightline.server.config.DurationText.parse(value);
    } catch (RuntimeException e) {
      throw new BadData("invalid parameter \"step\": cannot parse \"" + value + "\" to a valid duration");
    }
  }

  private static HttpResponse result(QueryResult r) {
    Map<String, Object> data = new LinkedHashMap<>();
    PromqlValue v = r.value();
    data.put("resultType", v.typeName());
    data.put("result", switch (v) {
      case PromqlValue.Scalar s -> List.of(PromText.seconds(s.timestampMs()), PromText.value(s.value()));
      case PromqlValue.Str s -> List.of(PromText.seconds(s.timestampMs()), s.value());
      case PromqlValue.Vector vec -> vec.samples().stream().map(PrometheusApi::sample).toList();
      case PromqlValue.Matrix m -> m.series().stream().map(PrometheusApi::series).toList();
    });
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "success");
    body.put("data", data);
    if (!r.warnings().isEmpty()) {
      body.put("warnings", r.warnings());
    }
    if (!r.infos().isEmpty()) {
      body.put("infos", r.infos());
    }
    return Json.ok(body);
  }

  private static Map<String, Object> sample(InstantSample s) {
    return Map.of("metric", s.labels().asMap(),
        "value", List.of(PromText.seconds(s.timestampMs()), PromText.value(s.value())));
  }

  private static Map<String, Object> series(RangeSeries s) {
    List<List<Object>> values = new ArrayList<>(s.size());
    for (int i = 0; i < s.size(); i++) {
      values.add(List.of(PromText.seconds(s.timestampsMs()[i]), PromText.value(s.values()[i])));
    }
    return Map.of("metric", s.labels().asMap(), "values", values);
  }

  private static HttpResponse success(Object data) {
    return Json.ok(Map.of("status", "success", "data", data));
  }

  public static HttpResponse error(HttpStatus status, String type, String message) {
    return Json.of(status, Map.of("status", "error", "errorType", type, "error", message));
  }
}

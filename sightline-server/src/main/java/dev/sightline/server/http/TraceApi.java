package dev.sightline.server.http;

import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.server.ServerBuilder;
import dev.sightline.model.Ids;
import dev.sightline.model.Span;
import dev.sightline.pipeline.sampling.TailSampler;
import dev.sightline.query.trace.TraceAnalyzer;
import dev.sightline.server.SelfMetrics;
import dev.sightline.store.SpanStore;
import dev.sightline.store.TraceQuery;
import dev.sightline.store.TraceSummary;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The trace API: {@code GET /api/traces/{traceId}}, {@code GET /api/traces?service=&operation=
 * &minDuration=&maxDuration=&start=&end=&limit=&tags=}, {@code GET /api/services} and
 * {@code GET /api/services/{service}/operations}, and {@code GET /api/traces/{traceId}/analysis}: where the
 * time went (critical path, self times, gaps, clock-skew corrections and a one-sentence explanation). Queries run on the blocking executor: they read disk.
 */
public final class TraceApi {
  private static final int MAX_LIMIT = 10_000;
  private final SpanStore store;
  private final SelfMetrics metrics;
  private final TraceAnalyzer analyzer = TraceAnalyzer.create();

  private final TailSampler sampler;

  public TraceApi(SpanStore store, SelfMetrics metrics, TailSampler sampler) {
    this.store = store;
    this.metrics = metrics;
    this.sampler = sampler;
  }

  public void bind(ServerBuilder sb) {
    sb.service("/api/traces/{traceId}", Blocking.json(metrics, "trace", (ctx, req) ->
        withTrace(ctx.pathParam("traceId"), (id, spans) -> {
          Map<String, Object> trace = TraceJson.trace(id, spans);
          if (sampler.enabled()) {
            // Tell the reader that what they see was chosen by tail sampling, and by which policy.
            Map<String, Object> sampling = new java.util.LinkedHashMap<>();
            sampling.put("tailSampling", true);
            sampler.decisionFor(id).ifPresent(d -> sampling.put("policy", d.policy()));
            trace.put("sampling", sampling);
          }
          return Json.ok(trace);
        })));
    sb.service("/api/traces/{traceId}/analysis", Blocking.json(metrics, "trace_analysis", (ctx, req) ->
        withTrace(ctx.pathParam("traceId"), (id, spans) -> Json.ok(analyzer.analyze(spans)))));
    sb.service("/api/traces", Blocking.json(metrics, "trace_search", (ctx, req) -> {
      QueryParams p = ctx.queryParams();
      TraceQuery.Builder q = TraceQuery.builder()
          .service(blankToNull(p.get("service")))
          .operation(blankToNull(p.get("operation")))
          .limit(ApiParams.limit("limit", p.get("limit"), 20, MAX_LIMIT))
          .tags(ApiParams.tags("tags", p.get("tags")));
      String min = p.get("minDuration");
      if (min != null && !min.isBlank()) {
        q.minDurationNanos(ApiParams.durationNanos("minDuration", min));
      }
      String max = p.get("maxDuration");
      if (max != null && !max.isBlank()) {
        q.maxDurationNanos(ApiParams.durationNanos("maxDuration", max));
      }
      String start = p.get("start");
      if (start != null && !start.isBlank()) {
        q.startEpochNanos(ApiParams.timeNanos("start", start));
      }
      String end = p.get("end");
      if (end != null && !end.isBlank()) {
        q.endEpochNanos(ApiParams.timeNanos("end", end));
      }
      List<TraceSummary> found = store.searchTraces(q.build());
      return Json.ok(Map.of("traces", found.stream().map(TraceJson::summary).toList()));
    }));
    sb.service("/api/services", Blocking.json(metrics, "services",
        (ctx, req) -> Json.ok(Map.of("services", store.serviceNames()))));
    sb.service("/api/services/{service}/operations", Blocking.json(metrics, "operations",
        (ctx, req) -> Json.ok(Map.of("service", ctx.pathParam("service"),
            "operations", store.operationNames(ctx.pathParam("service"))))));
  }

  /** 400 for an id that cannot be a trace id, 404 for an unknown trace, else the answer on its spans. */
  private com.linecorp.armeria.common.HttpResponse withTrace(String rawId,
      java.util.function.BiFunction<String, List<Span>, com.linecorp.armeria.common.HttpResponse> answer)
      throws java.io.IOException {
    String id = rawId.toLowerCase(Locale.ROOT);
    if (!Ids.isValidTraceId(id)) {
      return Json.error(HttpStatus.BAD_REQUEST, "traceId: expected 32 lowercase hex characters, not all zero, got '"
          + rawId + "'");
    }
    List<Span> spans = store.getTrace(id);
    if (spans.isEmpty()) {
      return Json.error(HttpStatus.NOT_FOUND, "trace " + id + " not found");
    }
    return answer.apply(id, spans);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}

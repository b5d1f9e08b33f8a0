package dev.sightline.server.http;

import com.linecorp.armeria.server.ServerBuilder;
import dev.sightline.model.metric.Labels;
import dev.sightline.pipeline.spanmetrics.Exemplar;
import dev.sightline.store.metrics.LabelMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/query_exemplars?query=&start=&end=} in Prometheus's shape, from the exemplars the
 * span-derived metrics keep (a recent trace id per series and bucket), so Grafana can jump from a latency
 * panel to the trace behind it. A plain selector is matched label by label; for any other expression,
 * the exemplars of every metric the expression names are returned.
 */
public final class ExemplarsApi {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private final Supplier<List<Exemplar>> exemplars;

  public ExemplarsApi(Supplier<List<Exemplar>> exemplars) {
    this.exemplars = exemplars;
  }

  public void bind(ServerBuilder sb) {
    sb.route().get("/api/v1/query_exemplars").build((ctx, req) -> {
      String query = ctx.queryParam("query");
      if (query == null || query.isBlank()) {
        return PrometheusApi.error(com.linecorp.armeria.common.HttpStatus.BAD_REQUEST, "bad_data",
            "invalid parameter \"query\": missing");
      }
      long start = ctx.queryParam("start") == null ? Long.MIN_VALUE
          : PrometheusApi.time(ctx.queryParam("start"), "start").toEpochMilli();
      long end = ctx.queryParam("end") == null ? Long.MAX_VALUE
          : PrometheusApi.time(ctx.queryParam("end"), "end").toEpochMilli();
      List<LabelMatcher> matchers = null;
      try {
        matchers = Selectors.parse(query);
      } catch (RuntimeException notASelector) {
        // An expression: fall back to the metric names it mentions.
      }
      List<String> names = new ArrayList<>();
      Matcher m = NAME.matcher(query);
      while (m.find()) {
        names.add(m.group());
      }
      Map<Labels, List<Map<String, Object>>> bySeries = new LinkedHashMap<>();
      for (Exemplar e : exemplars.get()) {
        if (e.timestampMs() < start || e.timestampMs() > end || !selected(e.labels(), matchers, names)) {
          continue;
        }
        bySeries.computeIfAbsent(e.labels(), k -> new ArrayList<>()).add(Map.of(
            "labels", Map.of("trace_id", e.traceId(), "span_id", e.spanId()),
            "value", PromText.value(e.value()),
            "timestamp", PromText.seconds(e.timestampMs())));
      }
      List<Map<String, Object>> data = new ArrayList<>();
      bySeries.forEach((labels, list) -> data.add(Map.of("seriesLabels", labels.asMap(), "exemplars", list)));
      return Json.ok(Map.of("status", "success", "data", data));
    });
  }

  private static boolean selected(Labels labels, List<LabelMatcher> matchers, List<String> names) {
    if (matchers != null) {
      return matchers.stream().allMatch(m -> m.matches(labels));
    }
    String name = labels.metricName();
    return name != null && names.contains(name);
  }
}

package dev.sightline.bench.internal;

import dev.sightline.alerting.rules.RuleConfig;
import dev.sightline.alerting.rules.RuleGroupConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Generates the rule set of the evaluation bench: one group of 20 rules per (service, route), the mix
 * a team writes per endpoint — recording rules of {@code sum by (...) (rate(...))}, error-ratio and
 * latency {@code histogram_quantile} alerts with {@code for}, traffic and queue alerts. Every rule
 * selects by {@code service} and {@code route} (or {@code service}), as real per-endpoint rules do.
 */
public final class RuleSetGenerator {
  /** Rules per group; 20 templates, one of each per (service, route). */
  public static final int RULES_PER_GROUP = 20;

  private RuleSetGenerator() { }

  /** {@code groups} groups, walking (service, route) pairs of {@link SeriesLayout} in order. */
  public static List<RuleGroupConfig> generate(SeriesLayout layout, int groups, Duration interval) {
    List<RuleGroupConfig> out = new ArrayList<>(groups);
    for (int g = 0; g < groups; g++) {
      int svc = g / layout.routes() % layout.services();
      int route = g % layout.routes();
      out.add(RuleGroupConfig.of("svc" + svc + "-route" + route, interval,
          group(SeriesLayout.service(svc), SeriesLayout.route(route), route)));
    }
    return out;
  }

  private static List<RuleConfig> group(String svc, String route, int routeIndex) {
    String sel = "service=\"" + svc + "\",route=\"" + route + "\"";
    String req = "http_requests_total{" + sel + "}";
    String bucket = "http_request_duration_seconds_bucket{" + sel + "}";
    String errors = "sum(rate(http_requests_total{" + sel + ",status=~\"5..\"}[5m]))";
    String all = "sum(rate(" + req + "[5m]))";
    String mean = "sum(rate(http_request_duration_seconds_sum{" + sel + "}[5m])) / sum(rate(http_request_duration_seconds_count{"
        + sel + "}[5m]))";
    Map<String, String> team = Map.of("team", "team-" + svc, "severity", "page");
    Map<String, String> ticket = Map.of("team", "team-" + svc, "severity", "ticket");
    Map<String, String> ann = Map.of("summary", "{{ $labels.service }} {{ $labels.route }}: {{ $value }}");
    Duration m1 = Duration.ofMinutes(1);
    Duration m5 = Duration.ofMinutes(5);
    Duration m10 = Duration.ofMinutes(10);
    return List.of(
        RuleConfig.recording("service_route_status:http_requests:rate5m", "sum by (service, route, status) (rate(" + req + "[5m]))", Map.of()),
        RuleConfig.recording("service_route_status:http_requests:rate1m", "sum by (service, route, status) (rate(" + req + "[1m]))", Map.of()),
        RuleConfig.recording("service_route_le:http_request_duration_seconds_bucket:rate5m",
            "sum by (service, route, le) (rate(" + bucket + "[5m]))", Map.of()),
        RuleConfig.recording("service_route_instance:http_requests:rate5m",
            "sum by (service, route, instance) (rate(" + req + "[5m]))", Map.of()),
        RuleConfig.recording("service_route:http_request_duration_seconds:mean5m", mean, Map.of()),
        RuleConfig.recording("service_route:http_requests_errors:ratio5m", errors + " / " + all, Map.of()),
        RuleConfig.recording("service_route_instance:http_request_duration_seconds:p99_5m",
            "histogram_quantile(0.99, sum by (instance, le) (rate(" + bucket + "[5m])))", Map.of()),
        RuleConfig.alerting("HighErrorRatio", errors + " / " + all + " > 0.05", m5, team, ann),
        RuleConfig.alerting("HighErrorRatioFast",
            "sum(rate(http_requests_total{" + sel + ",status=~\"5..\"}[1m])) / sum(rate(" + req + "[1m])) > 0.2", m1, team, ann),
        RuleConfig.alerting("HighNotFoundRatio",
            "sum(rate(http_requests_total{" + sel + ",status=\"404\"}[5m])) / " + all + " > 0.3", m10, ticket, ann),
        RuleConfig.alerting("LatencyP99High", "histogram_quantile(0.99, sum by (le) (rate(" + bucket + "[5m]))) > 0.5", m10, team, ann),
        RuleConfig.alerting("LatencyP95High", "histogram_quantile(0.95, sum by (le) (rate(" + bucket + "[5m]))) > 0.3", m10, ticket, ann),
        RuleConfig.alerting("LatencyP50High", "histogram_quantile(0.5, sum by (le) (rate(" + bucket + "[5m]))) > 0.1",
            Duration.ofMinutes(15), ticket, ann),
        RuleConfig.alerting("MeanLatencyHigh", mean + " > 0.25", m5, ticket, ann),
        RuleConfig.alerting("TrafficLow", all + " < 1", m10, ticket, ann),
        RuleConfig.alerting("TrafficZero", "sum(rate(http_requests_total{" + sel + ",status=\"200\"}[5m])) == 0", m5, team, ann),
        RuleConfig.alerting("InstanceErrors",
            "sum by (instance) (rate(http_requests_total{" + sel + ",status=\"500\"}[5m])) > 0.5", m5, team, ann),
        RuleConfig.alerting("Unavailable503", "sum(increase(http_requests_total{" + sel + ",status=\"503\"}[10m])) > 10",
            Duration.ZERO, team, ann),
        RuleConfig.alerting("QueueBacklog", "max by (instance) (queue_depth{service=\"" + svc + "\"}) > 80", m5, ticket, ann),
        RuleConfig.recording("service_instance:queue_depth:avg5m",
            "sum by (service, instance) (avg_over_time(queue_depth{service=\"" + svc + "\",queue=\"" + SeriesLayout.queue(routeIndex)
                + "\"}[5m]))", Map.of()));
  }
}

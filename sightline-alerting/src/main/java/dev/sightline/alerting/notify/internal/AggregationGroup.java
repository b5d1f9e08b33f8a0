package dev.sightline.alerting.notify.internal;

import dev.sightline.alerting.Alert;
import dev.sightline.alerting.notify.config.RouteConfig;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Alerts of one route with the same group labels, and what each integration was last told about them
 * (Alertmanager's notification log, kept per group and integration).
 */
public final class AggregationGroup {
  public final RouteConfig route;
  public final String key;
  public final Map<String, String> groupLabels;
  public final Map<String, Alert> alerts = new LinkedHashMap<>();
  public Instant nextFlush;
  public boolean flushed;
  public Instant lastNotified;
  /** integration index → last notified state. */
  public final Map<Integer, LogEntry> log = new HashMap<>();

  public record LogEntry(Set<String> firing, Set<String> resolved, Instant at) {}

  public AggregationGroup(RouteConfig route, String key, Map<String, String> groupLabels, Instant nextFlush) {
    this.route = route;
    this.key = key;
    this.groupLabels = Map.copyOf(groupLabels);
    this.nextFlush = nextFlush;
  }

  /** Alertmanager's group key: route key, then the group labels as {@code {a="b", c="d"}}. */
  public static String keyOf(RouteConfig route, Map<String, String> groupLabels) {
    StringBuilder b = new StringBuilder(route.key()).append(":{");
    boolean first = true;
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(groupLabels).entrySet()) {
      b.append(first ? "" : ", ").append(e.getKey()).append("=\"")
          .append(e.getValue().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
      first = false;
    }
    return b.append('}').toString();
  }
}

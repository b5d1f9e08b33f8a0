package dev.sightline.alerting.notify;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An aggregation group as GET /api/alerts shows it (Alertmanager's /api/v2/alerts/groups). */
public record AlertGroup(String receiver, String groupKey, Map<String, String> groupLabels, List<AlertView> alerts,
                         Instant nextFlush, Instant lastNotified) {
  public AlertGroup {
    groupLabels = Map.copyOf(groupLabels);
    alerts = List.copyOf(alerts);
  }
}

package dev.sightline.alerting.notify;

import java.util.List;
import java.util.Map;

/**
 * One notification for one receiver about one aggregation group: the data behind Alertmanager's
 * webhook payload (version 4), from which every integration renders its message.
 *
 * @param status {@code firing} if any alert fires, else {@code resolved}
 * @param groupKey Alertmanager's group key, e.g. {@code {}/{service="db"}:{alertname="DiskFull"}}
 */
public record Notification(String receiver, String status, List<AlertView> alerts, Map<String, String> groupLabels,
                           Map<String, String> commonLabels, Map<String, String> commonAnnotations,
                           String externalUrl, String groupKey) {
  public Notification {
    alerts = List.copyOf(alerts);
    groupLabels = Map.copyOf(groupLabels);
    commonLabels = Map.copyOf(commonLabels);
    commonAnnotations = Map.copyOf(commonAnnotations);
  }

  public static Notification of(String receiver, String groupKey, Map<String, String> groupLabels,
                                List<AlertView> alerts, String externalUrl) {
    boolean firing = alerts.stream().anyMatch(AlertView::firing);
    return new Notification(receiver, firing ? "firing" : "resolved", alerts, groupLabels,
        common(alerts, true), common(alerts, false), externalUrl, groupKey);
  }

  private static Map<String, String> common(List<AlertView> alerts, boolean labels) {
    if (alerts.isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = new java.util.TreeMap<>(labels ? alerts.get(0).labels() : alerts.get(0).annotations());
    for (AlertView a : alerts) {
      Map<String, String> m = labels ? a.labels() : a.annotations();
      out.entrySet().removeIf(e -> !e.getValue().equals(m.get(e.getKey())));
    }
    return out;
  }

  public long firingCount() {
    return alerts.stream().filter(AlertView::firing).count();
  }
}

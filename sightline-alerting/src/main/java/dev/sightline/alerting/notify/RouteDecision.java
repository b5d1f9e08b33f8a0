package dev.sightline.alerting.notify;

import java.util.Map;

/** Where a label set is routed: one entry per matching route, in routing-tree order (as amtool prints them). */
public record RouteDecision(String receiver, String routeKey, String groupKey, Map<String, String> groupLabels) {
  public RouteDecision {
    groupLabels = Map.copyOf(groupLabels);
  }
}

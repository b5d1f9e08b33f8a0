package dev.sightline.alerting.notify.config;

import java.time.Duration;
import java.util.List;

/**
 * One node of the routing tree with inheritance already applied (a child's unset receiver, group_by and
 * timers come from its parent), as Alertmanager resolves them.
 *
 * @param key Alertmanager's route key: the parent's key, {@code /}, then this route's matchers, e.g.
 *     {@code {}/{service="db"}}; group keys start with it
 * @param groupByAll {@code group_by: ['...']}: every label is a group label
 */
public record RouteConfig(String key, String receiver, List<Matcher> matchers, List<String> groupBy, boolean groupByAll,
                          boolean continueMatching, Duration groupWait, Duration groupInterval, Duration repeatInterval,
                          List<String> muteTimeIntervals, List<String> activeTimeIntervals, List<RouteConfig> routes,
                          int line) {
  public RouteConfig {
    matchers = List.copyOf(matchers);
    groupBy = List.copyOf(groupBy);
    muteTimeIntervals = List.copyOf(muteTimeIntervals);
    activeTimeIntervals = List.copyOf(activeTimeIntervals);
    routes = List.copyOf(routes);
  }
}

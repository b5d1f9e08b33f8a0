package dev.sightline.alerting.notify.internal;

import dev.sightline.alerting.notify.config.Matcher;
import dev.sightline.alerting.notify.config.RouteConfig;
import dev.sightline.model.metric.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Alertmanager's route matching: depth first, first matching child wins unless it has continue. */
public final class RouteTree {
  private RouteTree() {}

  public static List<RouteConfig> match(RouteConfig route, Labels labels) {
    if (!Matcher.all(route.matchers(), labels)) {
      return List.of();
    }
    List<RouteConfig> all = new ArrayList<>();
    for (RouteConfig child : route.routes()) {
      List<RouteConfig> m = match(child, labels);
      all.addAll(m);
      if (!m.isEmpty() && !child.continueMatching()) {
        break;
      }
    }
    if (all.isEmpty()) {
      all.add(route);
    }
    return all;
  }

  /** The labels of {@code labels} that {@code route} groups by. */
  public static Map<String, String> groupLabels(RouteConfig route, Labels labels) {
    Map<String, String> out = new TreeMap<>();
    if (route.groupByAll()) {
      out.putAll(labels.asMap());
    } else {
      for (String name : route.groupBy()) {
        String v = labels.get(name);
        if (v != null) {
          out.put(name, v);
        }
      }
    }
    return out;
  }
}

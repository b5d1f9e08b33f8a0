package dev.sightline.alerting.notify.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An Alertmanager-format notification configuration, validated: every receiver and time interval a
 * route names exists. Built by {@link NotifyConfigParser}.
 *
 * @param resolveTimeout {@code global.resolve_timeout}: an alert without endsAt resolves this long after its last update
 * @param warnings what was accepted but ignored (templates, unsupported receiver types), with file:line
 */
public record NotifyConfig(Duration resolveTimeout, RouteConfig route,
                           Map<String, ReceiverConfig> receivers, List<InhibitRule> inhibitRules,
                           Map<String, TimeInterval> timeIntervals, List<String> warnings) {
  public NotifyConfig {
    receivers = Map.copyOf(receivers);
    inhibitRules = List.copyOf(inhibitRules);
    timeIntervals = Map.copyOf(timeIntervals);
    warnings = List.copyOf(warnings);
  }
}

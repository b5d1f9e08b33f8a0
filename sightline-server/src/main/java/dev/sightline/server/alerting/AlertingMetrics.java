package dev.sightline.server.alerting;

import dev.sightline.server.SelfMetrics;

/** Exports notification delivery per receiver and rule evaluation health. */
public final class AlertingMetrics {
  private AlertingMetrics() {}

  public static void register(SelfMetrics m, Alerting a) {
    String[] labels = {"receiver", "integration"};
    m.counter("sightline_notifications_sent", "Notifications delivered.", labels,
        v -> a.dispatcher().stats().forEach(s -> v.value(s.sent(), s.receiver(), s.integration())));
    m.counter("sightline_notifications_failed", "Notification attempts that failed (retried with backoff).", labels,
        v -> a.dispatcher().stats().forEach(s -> v.value(s.failed(), s.receiver(), s.integration())));
    m.gauge("sightline_notifications_pending", "Notifications waiting for delivery or a retry.", labels,
        v -> a.dispatcher().stats().forEach(s -> v.value(s.pending(), s.receiver(), s.integration())));
    m.counter("sightline_rule_group_evaluation_failures", "Rule evaluations that failed, per group.",
        new String[] {"group"}, v -> a.rules().groups().forEach(g -> v.value(g.evaluationFailures(), g.name())));
    m.gauge("sightline_rule_group_last_duration_seconds", "How long a group's last evaluation took.",
        new String[] {"group"}, v -> a.rules().groups().forEach(g -> v.value(g.evaluationTimeSeconds(), g.name())));
  }
}

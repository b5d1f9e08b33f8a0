package dev.sightline.alerting.rules;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One rule as /api/v1/rules shows it. {@code type} is {@code alerting} or {@code recording};
 * {@code duration}/{@code keepFiringFor}/{@code state}/{@code annotations}/{@code alerts} matter for alerting
 * rules only ({@code state} is null for recording rules); {@code health} is ok/err/unknown;
 * {@code lastError} is "" when none; {@code lastEvaluation} null before the first evaluation.
 */
public record RuleStatus(String type, String name, String query, double durationSeconds,
                         double keepFiringForSeconds, Map<String, String> labels, Map<String, String> annotations,
                         List<AlertStatus> alerts, String health, String lastError, double evaluationTimeSeconds,
                         Instant lastEvaluation, String state) {
  public RuleStatus {
    labels = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(labels));
    annotations = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(annotations));
    alerts = List.copyOf(alerts);
  }
}

package dev.sightline.alerting.rules;

import java.time.Duration;
import java.time.Instant;

/** A loaded rule with the health of its last evaluation; {@link AlertingRule} or {@link RecordingRule}. */
public abstract sealed class Rule permits AlertingRule, RecordingRule {
  final RuleConfig config;
  /** Group labels merged under the rule's own (Prometheus 3 group labels). */
  final java.util.Map<String, String> labels;
  volatile RuleHealth health = RuleHealth.UNKNOWN;
  volatile String lastError = "";
  volatile Instant lastEvaluation;
  volatile Duration evaluationTime = Duration.ZERO;
  /** Series written at the previous evaluation, to mark the vanished ones stale. */
  java.util.Set<dev.sightline.model.metric.Labels> lastSeries = java.util.Set.of();

  Rule(RuleConfig config, java.util.Map<String, String> groupLabels) {
    this.config = config;
    java.util.Map<String, String> m = new java.util.LinkedHashMap<>(groupLabels);
    m.putAll(config.labels());
    this.labels = java.util.Collections.unmodifiableMap(m);
  }

  public RuleConfig config() {
    return config;
  }

  public String name() {
    return config.name();
  }

  public RuleHealth health() {
    return health;
  }

  /** "" when the last evaluation succeeded. */
  public String lastError() {
    return lastError;
  }

  /** Identity across reloads, as Prometheus matches rules when copying state: name plus labels. */
  String identity() {
    return (this instanceof AlertingRule ? "alert:" : "record:") + name() + labels;
  }

  void recordResult(Instant ts, Duration took, String error) {
    lastEvaluation = ts;
    evaluationTime = took;
    lastError = error == null ? "" : error;
    health = error == null ? RuleHealth.OK : RuleHealth.ERR;
  }

  void copyHealth(Rule old) {
    health = old.health;
    lastError = old.lastError;
    lastEvaluation = old.lastEvaluation;
    evaluationTime = old.evaluationTime;
    lastSeries = old.lastSeries;
  }

  abstract RuleStatus status();
}

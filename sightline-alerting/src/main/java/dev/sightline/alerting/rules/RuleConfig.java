package dev.sightline.alerting.rules;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One rule as written in a rule file: an alerting rule ({@code alert} set) or a recording rule
 * ({@code record} set). Label and annotation values are templates, expanded at evaluation. Maps keep
 * the file's order. {@code line} is where the rule starts (1-based).
 */
public record RuleConfig(String alert, String record, String expr, Duration forDuration, Duration keepFiringFor,
                         Map<String, String> labels, Map<String, String> annotations, int line) {
  public RuleConfig {
    alert = alert == null ? "" : alert;
    record = record == null ? "" : record;
    expr = expr == null ? "" : expr;
    forDuration = forDuration == null ? Duration.ZERO : forDuration;
    keepFiringFor = keepFiringFor == null ? Duration.ZERO : keepFiringFor;
    labels = labels == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    annotations = annotations == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
  }

  public static RuleConfig alerting(String name, String expr, Duration forDuration, Map<String, String> labels,
      Map<String, String> annotations) {
    return new RuleConfig(name, "", expr, forDuration, Duration.ZERO, labels, annotations, 0);
  }

  public static RuleConfig recording(String name, String expr, Map<String, String> labels) {
    return new RuleConfig("", name, expr, Duration.ZERO, Duration.ZERO, labels, Map.of(), 0);
  }

  public boolean isAlerting() {
    return !alert.isEmpty();
  }

  /** The alert name or the recorded metric name. */
  public String name() {
    return isAlerting() ? alert : record;
  }

  /** Equality ignoring the source line: what decides whether a reload changed the rule. */
  public boolean sameDefinition(RuleConfig o) {
    return alert.equals(o.alert) && record.equals(o.record) && expr.equals(o.expr)
        && forDuration.equals(o.forDuration) && keepFiringFor.equals(o.keepFiringFor)
        && labels.equals(o.labels) && annotations.equals(o.annotations);
  }

  @Override
  public String toString() {
    return (isAlerting() ? "alert: " : "record: ") + name() + " expr: " + Objects.toString(expr);
  }
}

package dev.sightline.alerting.rules;

import dev.sightline.alerting.Alert;
import dev.sightline.alerting.rules.template.AlertTemplate;
import dev.sightline.alerting.rules.template.TemplateContext;
import dev.sightline.model.metric.Labels;
import dev.sightline.query.promql.InstantSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An alerting rule and its alerts, following Prometheus's AlertingRule.Eval: new results start pending;
 * pending ones fire once active for {@code for}; a vanished pending alert is dropped; a vanished firing
 * one resolves, unless {@code keep_firing_for} holds it; resolved alerts are kept (and re-sent) for
 * {@link #RESOLVED_RETENTION}.
 */
public final class AlertingRule extends Rule {
  /** How long a resolved alert is kept and re-sent, as Prometheus. */
  public static final Duration RESOLVED_RETENTION = Duration.ofMinutes(15);

  final Map<Labels, ActiveAlert> active = new LinkedHashMap<>();
  /** False until for-state restore has run; until then ALERTS series are not written (as Prometheus). */
  volatile boolean restored;

  AlertingRule(RuleConfig config, Map<String, String> groupLabels, boolean restored) {
    super(config, groupLabels);
    this.restored = restored;
  }

  public Duration holdDuration() {
    return config.forDuration();
  }

  /**
   * Evaluates at {@code ts} (querying at {@code ts - offset}) and returns the ALERTS and ALERTS_FOR_STATE
   * samples to write.
   */
  List<InstantSample> eval(RuleQuery q, Instant ts, Duration offset, int limit) {
    Instant queryTime = ts.minus(offset);
    List<InstantSample> res = q.vector(config.expr(), queryTime);
    Map<Labels, ActiveAlert> current = new HashMap<>();
    for (InstantSample s : res) {
      TemplateContext ctx = q.context(s.labels(), s.value(), ts);
      Labels.Builder b = s.labels().toBuilder().remove(Labels.METRIC_NAME);
      labels.forEach((k, v) -> b.set(k, AlertTemplate.expand("__alert_" + name(), v, ctx)));
      b.set("alertname", name());
      Labels l = b.build();
      Map<String, String> ann = new LinkedHashMap<>();
      config.annotations().forEach((k, v) -> ann.put(k, AlertTemplate.expand("__alert_" + name(), v, ctx)));
      if (current.containsKey(l)) {
        throw new IllegalStateException("vector contains metrics with the same labelset after applying alert labels");
      }
      current.put(l, new ActiveAlert(l, ann, s.value(), ts));
    }
    current.forEach((l, a) -> {
      ActiveAlert old = active.get(l);
      if (old != null && old.state != AlertState.INACTIVE) {
        old.value = a.value;
        old.annotations = a.annotations;
      } else {
        active.put(l, a);
      }
    });
    List<InstantSample> out = new ArrayList<>();
    int numActive = 0;
    for (Iterator<ActiveAlert> it = active.values().iterator(); it.hasNext(); ) {
      ActiveAlert a = it.next();
      if (!current.containsKey(a.labels)) {
        boolean keepFiring = false;
        if (a.state == AlertState.FIRING && !config.keepFiringFor().isZero()) {
          if (a.keepFiringSince == null) {
            a.keepFiringSince = ts;
          }
          keepFiring = Duration.between(a.keepFiringSince, ts).compareTo(config.keepFiringFor()) < 0;
        }
        if (a.state == AlertState.PENDING
            || (a.resolvedAt != null && Duration.between(a.resolvedAt, ts).compareTo(RESOLVED_RETENTION) > 0)) {
          it.remove();
        }
        if (a.state != AlertState.INACTIVE && !keepFiring) {
          a.state = AlertState.INACTIVE;
          a.resolvedAt = ts;
        }
        if (!keepFiring) {
          continue;
        }
      } else {
        a.keepFiringSince = null;
      }
      numActive++;
      if (a.state == AlertState.PENDING && Duration.between(a.activeAt, ts).compareTo(holdDuration()) >= 0) {
        a.state = AlertState.FIRING;
        a.firedAt = ts;
      }
      if (restored) {
        long t = queryTime.toEpochMilli();
        out.add(new InstantSample(a.labels.toBuilder().set(Labels.METRIC_NAME, "ALERTS")
            .set("alertstate", a.state.apiName()).build(), t, 1));
        out.add(new InstantSample(a.labels.toBuilder().set(Labels.METRIC_NAME, "ALERTS_FOR_STATE").build(), t,
            a.activeAt.getEpochSecond()));
      }
    }
    if (limit > 0 && numActive > limit) {
      active.clear();
      throw new IllegalStateException("exceeded limit of " + limit + " with " + numActive + " alerts");
    }
    return out;
  }

  /** The alerts to hand to the sink now, marking them sent (Prometheus's sendAlerts). */
  List<Alert> alertsToSend(Instant ts, Duration resendDelay, Duration interval, String generatorUrl) {
    List<Alert> out = new ArrayList<>();
    Duration delta = interval.compareTo(resendDelay) > 0 ? interval : resendDelay;
    for (ActiveAlert a : active.values()) {
      if (!a.needsSending(ts, resendDelay)) {
        continue;
      }
      a.lastSentAt = ts;
      a.validUntil = ts.plus(delta.multipliedBy(4));
      Instant starts = a.firedAt != null ? a.firedAt : a.activeAt;
      out.add(new Alert(a.labels, a.annotations, starts, a.resolvedAt != null ? a.resolvedAt : a.validUntil,
          generatorUrl, a.value));
    }
    return out;
  }

  /** Alerts that are pending or firing (not resolved), sorted by labels. */
  public List<AlertStatus> activeAlerts() {
    return active.values().stream().filter(a -> a.resolvedAt == null)
        .sorted(Comparator.comparing(a -> a.labels)).map(ActiveAlert::status).toList();
  }

  /** The rule's state: the most severe of its unresolved alerts. */
  public AlertState state() {
    AlertState s = AlertState.INACTIVE;
    for (ActiveAlert a : active.values()) {
      if (a.resolvedAt == null && a.state.ordinal() > s.ordinal()) {
        s = a.state;
      }
    }
    return s;
  }

  void copyState(AlertingRule old) {
    copyHealth(old);
    active.putAll(old.active);
    restored = old.restored;
  }

  @Override
  RuleStatus status() {
    return new RuleStatus("alerting", name(), config.expr(), holdDuration().toMillis() / 1000.0,
        config.keepFiringFor().toMillis() / 1000.0, labels, config.annotations(), activeAlerts(),
        health.apiName(), lastError, evaluationTime.toNanos() / 1e9, lastEvaluation, state().apiName());
  }
}

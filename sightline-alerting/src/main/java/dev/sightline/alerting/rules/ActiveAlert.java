package dev.sightline.alerting.rules;

import dev.sightline.model.metric.Labels;
import java.time.Instant;
import java.util.Map;

/** One alert instance of an alerting rule, with the timestamps Prometheus keeps (mutated by evaluation). */
final class ActiveAlert {
  final Labels labels;
  Map<String, String> annotations;
  double value;
  AlertState state = AlertState.PENDING;
  Instant activeAt;
  Instant firedAt;
  Instant resolvedAt;
  Instant lastSentAt;
  Instant validUntil;
  Instant keepFiringSince;

  ActiveAlert(Labels labels, Map<String, String> annotations, double value, Instant activeAt) {
    this.labels = labels;
    this.annotations = annotations;
    this.value = value;
    this.activeAt = activeAt;
  }

  /** Prometheus's needsSending: never pending ones; resolved ones once more; otherwise every resend delay. */
  boolean needsSending(Instant ts, java.time.Duration resendDelay) {
    if (state == AlertState.PENDING) {
      return false;
    }
    if (resolvedAt != null && (lastSentAt == null || resolvedAt.isAfter(lastSentAt))) {
      return true;
    }
    return lastSentAt == null || lastSentAt.plus(resendDelay).isBefore(ts);
  }

  AlertStatus status() {
    return new AlertStatus(labels.asMap(), annotations, state.apiName(), activeAt, keepFiringSince,
        dev.sightline.alerting.rules.template.internal.GoFormat.formatExp(value));
  }
}

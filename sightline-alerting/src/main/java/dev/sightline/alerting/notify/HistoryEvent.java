package dev.sightline.alerting.notify;

import java.time.Instant;
import java.util.Map;

/**
 * One entry of the alert history (GET /api/alerts/history).
 *
 * @param kind {@code firing}, {@code resolved}, {@code acked}, {@code unacked}, {@code notified},
 *     {@code notify_failed} (one failed attempt, to be retried) or {@code notify_dropped} (given up)
 * @param receiver the receiver, for notification events; empty otherwise
 * @param detail the integration and error for notification events, the ack author for acks
 */
public record HistoryEvent(Instant time, String kind, String alertname, String fingerprint, Map<String, String> labels,
                           String receiver, String groupKey, String detail) {
  public HistoryEvent {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    alertname = alertname == null ? "" : alertname;
    fingerprint = fingerprint == null ? "" : fingerprint;
    receiver = receiver == null ? "" : receiver;
    groupKey = groupKey == null ? "" : groupKey;
    detail = detail == null ? "" : detail;
  }
}

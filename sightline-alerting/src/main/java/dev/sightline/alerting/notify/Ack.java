package dev.sightline.alerting.notify;

import java.time.Instant;

/**
 * An acknowledgement of one firing alert: repeat notifications of it stop until it resolves or
 * {@code expiresAt} passes. New alerts in the same group still notify.
 */
public record Ack(String fingerprint, String alertname, String by, String comment, Instant at, Instant expiresAt) {
  public boolean activeAt(Instant now) {
    return expiresAt == null || expiresAt.isAfter(now);
  }
}

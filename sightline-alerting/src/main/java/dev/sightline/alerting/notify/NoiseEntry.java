package dev.sightline.alerting.notify;

import java.time.Duration;

/**
 * One alertname in the noise report (GET /api/alerts/noise).
 *
 * @param timesFired firing transitions in the window
 * @param medianFiring median time from firing to resolved, over the alerts that resolved in the window
 * @param fractionAcked firing transitions that were acknowledged before resolving, over timesFired
 * @param flagged fires repeatedly and nobody acks it: a candidate to delete or downgrade
 */
public record NoiseEntry(String alertname, int timesFired, Duration medianFiring, double fractionAcked,
                         boolean flagged, String reason) {}

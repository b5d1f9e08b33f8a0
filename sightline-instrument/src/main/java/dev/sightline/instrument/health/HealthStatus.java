package dev.sightline.instrument.health;

/**
 * The status of one check or of a whole report. A single check is {@link #UP} or {@link #DOWN}; a report
 * is {@link #DEGRADED} when only non-critical checks are down. Only {@link #DOWN} fails a probe (HTTP 503).
 */
public enum HealthStatus {
  UP,
  DEGRADED,
  DOWN;

  /** The HTTP status a probe answers with: 200 for UP and DEGRADED, 503 for DOWN. */
  public int httpStatus() {
    return this == DOWN ? 503 : 200;
  }
}

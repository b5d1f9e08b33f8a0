package dev.sightline.instrument.health;

import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of one run of a check.
 *
 * @param name the check's name
 * @param kind the probe it belongs to
 * @param status {@link HealthStatus#UP} or {@link HealthStatus#DOWN}
 * @param durationMillis how long the run took (the timeout when it timed out)
 * @param error why it is down ({@code null} when up): the exception's message, or "timed out after 2s"
 * @param critical whether a failure fails the probe (otherwise it only degrades it)
 * @param checkedAt when the run started, by the registry's clock; cached results keep their time
 */
public record CheckResult(
    String name,
    CheckKind kind,
    HealthStatus status,
    long durationMillis,
    String error,
    boolean critical,
    Instant checkedAt) {

  public CheckResult {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(checkedAt, "checkedAt");
    if (status == HealthStatus.DEGRADED) {
      throw new IllegalArgumentException("a single check is UP or DOWN, not DEGRADED");
    }
  }

  public boolean isUp() {
    return status == HealthStatus.UP;
  }
}

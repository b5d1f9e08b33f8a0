package dev.sightline.alerting.notify;

import java.time.Duration;

/**
 * Exponential backoff for failed sends: {@code initial * 2^attempts}, capped, spread by +/- {@code jitter}
 * (a fraction) so that many groups do not retry a recovering receiver in lockstep; a notification older
 * than {@code giveUpAfter} is dropped (counted as failed, written to history).
 */
public record RetryPolicy(Duration initial, Duration cap, double jitter, Duration giveUpAfter) {
  public static RetryPolicy defaults() {
    return new RetryPolicy(Duration.ofSeconds(5), Duration.ofMinutes(5), 0.2, Duration.ofHours(24));
  }

  /** The delay before attempt {@code attempts + 1}; {@code random} in [0, 1). */
  public Duration backoff(int attempts, double random) {
    double base = Math.min(cap.toMillis(), initial.toMillis() * Math.pow(2, Math.min(attempts, 30)));
    double spread = 1 + jitter * (2 * random - 1);
    return Duration.ofMillis(Math.max(1, (long) (base * spread)));
  }
}

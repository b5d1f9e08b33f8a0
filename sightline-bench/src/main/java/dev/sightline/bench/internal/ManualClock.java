package dev.sightline.bench.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock the bench moves by hand, so that decision waits, rule {@code for} durations and the TSDB's
 * "too far in the future" check follow simulated time rather than the wall clock.
 */
public final class ManualClock extends Clock {
  private volatile long millis;

  public ManualClock(Instant start) {
    this.millis = start.toEpochMilli();
  }

  public void set(Instant t) {
    millis = t.toEpochMilli();
  }

  public void advance(Duration d) {
    millis += d.toMillis();
  }

  @Override
  public long millis() {
    return millis;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}

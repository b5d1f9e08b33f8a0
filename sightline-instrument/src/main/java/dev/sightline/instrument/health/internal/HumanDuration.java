package dev.sightline.instrument.health.internal;

import java.time.Duration;

/** Formats timeouts as people write them: {@code 2s}, {@code 1500ms}, {@code 2m}. */
public final class HumanDuration {
  private HumanDuration() {}

  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms >= 60_000 && ms % 60_000 == 0) {
      return (ms / 60_000) + "m";
    }
    if (ms >= 1000 && ms % 1000 == 0) {
      return (ms / 1000) + "s";
    }
    if (ms > 0) {
      return ms + "ms";
    }
    return d.toNanos() / 1000 + "µs";
  }
}

package dev.sightline.bench.internal;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The retry pacing the load generators' senders share, as OTLP exporters and Prometheus's queue
 * manager pace theirs: exponential steps from {@code initialMs} up to {@code maxMs}, each wait a random
 * point in the upper half of the current step, and never shorter than the server's {@code Retry-After}.
 * One instance per request being retried; not thread-safe.
 */
public final class Backoff {
  private final long maxMs;
  private long stepMs;

  public Backoff(long initialMs, long maxMs) {
    this.stepMs = initialMs;
    this.maxMs = maxMs;
  }

  /** The wait before the next attempt (at least {@code retryAfterMs}); the step then doubles, up to the cap. */
  public long next(long retryAfterMs) {
    long wait = Math.max(retryAfterMs, stepMs / 2 + ThreadLocalRandom.current().nextLong(stepMs / 2 + 1));
    stepMs = Math.min(stepMs * 2, maxMs);
    return wait;
  }

  /** The longest step, which also caps how long a {@code Retry-After} is honoured. */
  public long maxMs() {
    return maxMs;
  }

  /** The response's {@code Retry-After} in milliseconds: 0 when absent, 1 s for an HTTP date. */
  public static long retryAfterMs(HttpResponse<?> response) {
    return retryAfterMs(response.headers().firstValue("Retry-After").orElse(null));
  }

  /** A {@code Retry-After} value (null when absent) in milliseconds: 0 when absent, 1 s for an HTTP date. */
  public static long retryAfterMs(String header) {
    return header == null ? 0 : seconds(header) * 1000;
  }

  private static long seconds(String header) {
    try {
      return Math.max(0, Long.parseLong(header.trim()));
    } catch (NumberFormatException e) {
      return 1; // an HTTP date: wait a little rather than parse it
    }
  }

  /** A response body for an error message: control characters blanked, cut at {@code max} characters. */
  public static String snippet(byte[] body, int max) {
    String s = new String(body, StandardCharsets.UTF_8).replaceAll("[\\p{Cntrl}]", " ");
    return s.length() > max ? s.substring(0, max) + "..." : s;
  }
}

package dev.sightline.bench.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends one remote-write body until it is acknowledged, as Prometheus's queue manager does: 5xx, 429
 * and connection errors are retried with exponential backoff and jitter (at least {@code Retry-After});
 * other 4xx fail the request (the spec says not to retry them). Counts go to {@link LoadStats}, whose
 * "span" counters hold samples here.
 */
public final class RemoteWriteSender {
  private static final long INITIAL_BACKOFF_MS = 30;
  private static final long MAX_BACKOFF_MS = 5_000;

  private final HttpClient client;
  private final URI uri;
  private final LoadStats stats;
  private final int maxAttempts;

  public RemoteWriteSender(HttpClient client, URI uri, LoadStats stats, int maxAttempts) {
    this.client = client;
    this.uri = uri;
    this.stats = stats;
    this.maxAttempts = maxAttempts;
  }

  /** @return true when a 2xx came back */
  public boolean send(byte[] snappyBody, int samples, long deadlineNanos) throws InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(uri)
        .header("Content-Type", "application/x-protobuf")
        .header("Content-Encoding", "snappy")
        .header("X-Prometheus-Remote-Write-Version", "0.1.0")
        .header("User-Agent", "sightline-bench-remote-write")
        .timeout(Duration.ofSeconds(120))
        .POST(HttpRequest.BodyPublishers.ofByteArray(snappyBody))
        .build();
    stats.sentSpans.add(samples);
    long backoffMs = INITIAL_BACKOFF_MS;
    for (int attempt = 1; ; attempt++) {
      long waitMs;
      try {
        HttpResponse<byte[]> resp = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        int code = resp.statusCode();
        stats.status(code);
        if (code / 100 == 2) {
          stats.ackedBatches.increment();
          stats.ackedSpans.add(samples);
          return true;
        }
        if (code != 429 && code / 100 != 5) {
          fail(samples, "HTTP " + code + ": " + snippet(resp.body()));
          return false;
        }
        if (code == 429) {
          stats.throttled.increment();
        }
        long retryAfterMs = resp.headers().firstValue("Retry-After").map(RemoteWriteSender::seconds).orElse(0L) * 1000;
        waitMs = Math.max(retryAfterMs, jitter(backoffMs));
      } catch (IOException e) {
        stats.ioErrors.increment();
        waitMs = jitter(backoffMs);
      }
      if (attempt >= maxAttempts || System.nanoTime() + waitMs * 1_000_000 > deadlineNanos) {
        fail(samples, "gave up after " + attempt + " attempts");
        return false;
      }
      stats.retries.increment();
      Thread.sleep(Math.min(waitMs, MAX_BACKOFF_MS));
      backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
    }
  }

  private void fail(int samples, String why) {
    stats.failedBatches.increment();
    stats.failedSpans.add(samples);
    stats.failure(why);
  }

  private static long seconds(String header) {
    try {
      return Math.max(0, Long.parseLong(header.trim()));
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  private static long jitter(long ms) {
    return ms / 2 + ThreadLocalRandom.current().nextLong(ms / 2 + 1);
  }

  private static String snippet(byte[] body) {
    String s = new String(body, StandardCharsets.UTF_8).replaceAll("[\\p{Cntrl}]", " ");
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }
}

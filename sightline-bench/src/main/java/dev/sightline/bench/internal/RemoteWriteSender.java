package dev.sightline.bench.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

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
    Backoff backoff = new Backoff(INITIAL_BACKOFF_MS, MAX_BACKOFF_MS);
    Optional<String> failure = RetryLoop.run(backoff, maxAttempts, deadlineNanos, () -> {
      HttpResponse<byte[]> resp = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      int code = resp.statusCode();
      stats.status(code);
      if (code / 100 == 2) {
        stats.ackedBatches.increment();
        stats.ackedSpans.add(samples);
        return RetryLoop.DONE;
      }
      if (code != 429 && code / 100 != 5) {
        return new RetryLoop.Fail("HTTP " + code + ": " + Backoff.snippet(resp.body(), 300));
      }
      if (code == 429) {
        stats.throttled.increment();
      }
      return new RetryLoop.Retry(Backoff.retryAfterMs(resp));
    }, stats.ioErrors::increment, stats.retries::increment);
    failure.ifPresent(why -> fail(samples, why));
    return failure.isEmpty();
  }

  private void fail(int samples, String why) {
    stats.failedBatches.increment();
    stats.failedSpans.add(samples);
    stats.failure(why);
  }



}

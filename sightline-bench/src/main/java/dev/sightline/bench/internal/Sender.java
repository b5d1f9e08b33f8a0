package dev.sightline.bench.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Sends one batch until it is acknowledged, as an OTLP exporter does: 429, 502, 503 and 504 and
 * connection errors are retried with exponential backoff and jitter (at least the server's
 * {@code Retry-After}, at most {@code maxBackoff}); any other status fails the batch. Each sender
 * thread sends one request at a time, so in-flight requests are bounded by the number of senders.
 */
public final class Sender {
  private static final Duration INITIAL_BACKOFF = Duration.ofMillis(50);

  private final HttpClient client;
  private final URI uri;
  private final String contentType;
  private final boolean otlp;
  private final LoadStats stats;
  private final int maxAttempts;
  private final Duration maxBackoff;

  public Sender(HttpClient client, URI uri, boolean otlp, LoadStats stats, int maxAttempts, Duration maxBackoff) {
    this.client = client;
    this.uri = uri;
    this.otlp = otlp;
    this.contentType = otlp ? "application/x-protobuf" : "application/json";
    this.stats = stats;
    this.maxAttempts = maxAttempts;
    this.maxBackoff = maxBackoff;
  }

  /** @return true when the batch was acknowledged (perhaps partly, see {@link LoadStats#rejectedSpans}) */
  public boolean send(Batch batch, long deadlineNanos) throws InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(uri)
        .header("Content-Type", contentType)
        .timeout(Duration.ofSeconds(60))
        .POST(HttpRequest.BodyPublishers.ofByteArray(batch.body()))
        .build();
    Backoff backoff = new Backoff(INITIAL_BACKOFF.toMillis(), maxBackoff.toMillis());
    Optional<String> failure = RetryLoop.run(backoff, maxAttempts, deadlineNanos, () -> {
      HttpResponse<byte[]> resp = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      int code = resp.statusCode();
      stats.status(code);
      if (code / 100 == 2) {
        long rejected = otlp ? rejected(resp.body()) : 0;
        stats.ackedBatches.increment();
        stats.ackedSpans.add(batch.spans() - rejected);
        stats.rejectedSpans.add(rejected);
        return RetryLoop.DONE;
      }
      if (code != 429 && code != 502 && code != 503 && code != 504) {
        return new RetryLoop.Fail("HTTP " + code + ": " + Backoff.snippet(resp.body(), 200));
      }
      if (code == 429) {
        stats.throttled.increment();
      }
      return new RetryLoop.Retry(Backoff.retryAfterMs(resp));
    }, stats.ioErrors::increment, stats.retries::increment);
    failure.ifPresent(why -> fail(batch, why));
    return failure.isEmpty();
  }

  private void fail(Batch batch, String why) {
    stats.failedBatches.increment();
    stats.failedSpans.add(batch.spans());
    stats.failure(why);
  }

  private static long rejected(byte[] body) {
    try {
      ExportTraceServiceResponse r = ExportTraceServiceResponse.parseFrom(body);
      return r.hasPartialSuccess() ? r.getPartialSuccess().getRejectedSpans() : 0;
    } catch (InvalidProtocolBufferException e) {
      return 0;
    }
  }

  /** A client for loopback load: HTTP/1.1 (no h2c upgrade dance), so each sender holds one connection. */
  public static HttpClient httpClient() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }
}

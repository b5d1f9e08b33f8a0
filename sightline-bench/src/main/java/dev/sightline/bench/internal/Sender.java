package dev.sightline.bench.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;

/**
 * Sends one batch until it is acknowledged, as an OTLP exporter does: 429, 502, 503 and 504 and
 * connection errors are retried with exponential backoff and jitter (at least the server's
 * {@code Retry-After}, at most {@code maxBackoff}); any other status fails the batch. Each sender
 * thread sends one request at a time, so in-flight requests are bounded by the number of senders.
 *
 * <p>Requests go through Armeria's client ({@link #webClient}), which writes a body from the batch's
 * array as it is. The JDK's {@link HttpClient} copied every body into 16 KiB buffers and handed each
 * request between threads: ~1.4 ms of CPU a 512-span request in a profile of the span bench, CPU taken
 * from the server under test on a two-core box (BENCHMARKS.md section 1).
 */
public final class Sender {
  private static final Duration INITIAL_BACKOFF = Duration.ofMillis(50);

  private final BlockingWebClient client;
  private final String path;
  private final MediaType contentType;
  private final boolean otlp;
  private final LoadStats stats;
  private final int maxAttempts;
  private final Duration maxBackoff;

  /** {@code path}: the request path (and query) on the client's endpoint. */
  public Sender(WebClient client, String path, boolean otlp, LoadStats stats, int maxAttempts, Duration maxBackoff) {
    this.client = client.blocking();
    this.path = path;
    this.otlp = otlp;
    this.contentType = otlp ? MediaType.PROTOBUF : MediaType.JSON;
    this.stats = stats;
    this.maxAttempts = maxAttempts;
    this.maxBackoff = maxBackoff;
  }

  /** @return true when the batch was acknowledged (perhaps partly, see {@link LoadStats#rejectedSpans}) */
  public boolean send(Batch batch, long deadlineNanos) throws InterruptedException {
    RequestHeaders headers = RequestHeaders.builder(HttpMethod.POST, path).contentType(contentType).build();
    Backoff backoff = new Backoff(INITIAL_BACKOFF.toMillis(), maxBackoff.toMillis());
    Optional<String> failure = RetryLoop.run(backoff, maxAttempts, deadlineNanos, () -> {
      AggregatedHttpResponse resp;
      try { // a request is consumed by sending it: one per attempt, over the same bytes
        resp = client.execute(HttpRequest.of(headers, HttpData.wrap(batch.body())));
      } catch (RuntimeException e) { // Armeria's connection and timeout failures are unchecked
        throw new IOException(e);
      }
      int code = resp.status().code();
      stats.status(code);
      byte[] body = resp.content().array();
      if (code / 100 == 2) {
        long rejected = otlp ? rejected(body) : 0;
        stats.ackedBatches.increment();
        stats.ackedSpans.add(batch.spans() - rejected);
        stats.rejectedSpans.add(rejected);
        return RetryLoop.DONE;
      }
      if (code != 429 && code != 502 && code != 503 && code != 504) {
        return new RetryLoop.Fail("HTTP " + code + ": " + Backoff.snippet(body, 200));
      }
      if (code == 429) {
        stats.throttled.increment();
      }
      return new RetryLoop.Retry(Backoff.retryAfterMs(resp.headers().get("retry-after")));
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

  /**
   * A client for loopback load to {@code uri}'s scheme, host and port: HTTP/1.1 without an upgrade
   * (so each sender holds one connection), a minute for a response.
   */
  public static WebClient webClient(URI uri) {
    String base = ("https".equals(uri.getScheme()) ? "h1" : "h1c") + "://" + uri.getRawAuthority();
    return WebClient.builder(base).responseTimeout(Duration.ofSeconds(60)).build();
  }

  /** A JDK client for the tools that send little (queries, remote-write): HTTP/1.1, one connection each. */
  public static HttpClient httpClient() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }
}

package dev.sightline.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Server;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The span load's sender against a real HTTP server that answers as a collector would. */
class SenderTest {
  private static final byte[] BODY = {10, 3, 1, 2, 3, 0, -1};
  private Server server;
  private final List<String> seen = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger requests = new AtomicInteger();

  private URI serve(HttpService service) {
    server = Server.builder().http(0).service("/v1/traces", service).build();
    server.start().join();
    return URI.create("http://127.0.0.1:" + server.activeLocalPort() + "/v1/traces");
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop().join();
    }
  }

  private static Sender sender(URI uri, LoadStats stats, int maxAttempts) {
    return new Sender(Sender.webClient(uri), uri.getRawPath(), true, stats, maxAttempts, Duration.ofMillis(20));
  }

  private static long farDeadline() {
    return System.nanoTime() + 60_000_000_000L;
  }

  @Test
  void aThrottledBatchIsResentAsItWasAndItsPartialSuccessCounted() throws Exception {
    byte[] partial = ExportTraceServiceResponse.newBuilder()
        .setPartialSuccess(ExportTracePartialSuccess.newBuilder().setRejectedSpans(2)).build().toByteArray();
    URI uri = serve((ctx, req) -> HttpResponse.of(req.aggregate().thenApply(r -> {
      seen.add(r.contentType() + " " + Arrays.toString(r.content().array()));
      if (requests.incrementAndGet() == 1) {
        return HttpResponse.of(ResponseHeaders.builder(HttpStatus.TOO_MANY_REQUESTS).add("retry-after", "0").build());
      }
      return HttpResponse.of(HttpStatus.OK, MediaType.PROTOBUF, partial);
    })));
    LoadStats stats = new LoadStats();

    boolean acked = sender(uri, stats, 5).send(new Batch(BODY, 10, List.of("t1")), farDeadline());

    assertThat(acked).isTrue();
    String expected = MediaType.PROTOBUF + " " + Arrays.toString(BODY);
    assertThat(seen).containsExactly(expected, expected);
    assertThat(stats.throttled.sum()).isEqualTo(1);
    assertThat(stats.retries.sum()).isEqualTo(1);
    assertThat(stats.ackedSpans.sum()).isEqualTo(8);
    assertThat(stats.rejectedSpans.sum()).isEqualTo(2);
    assertThat(stats.failedBatches.sum()).isZero();
  }

  @Test
  void aRefusedBatchFailsAtOnceWithTheServersWords() throws Exception {
    URI uri = serve((ctx, req) -> {
      requests.incrementAndGet();
      return HttpResponse.of(HttpStatus.BAD_REQUEST, MediaType.PLAIN_TEXT_UTF_8, "malformed OTLP protobuf");
    });
    LoadStats stats = new LoadStats();

    assertThat(sender(uri, stats, 5).send(new Batch(BODY, 10, List.of("t1")), farDeadline())).isFalse();

    assertThat(requests).hasValue(1);
    assertThat(stats.failedBatches.sum()).isEqualTo(1);
    assertThat(stats.failedSpans.sum()).isEqualTo(10);
    assertThat(stats.firstFailure()).contains("HTTP 400").contains("malformed OTLP protobuf");
  }

  @Test
  void connectionErrorsAreCountedAndRetriedUntilTheAttemptsRunOut() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    URI uri = URI.create("http://127.0.0.1:" + port + "/v1/traces");
    LoadStats stats = new LoadStats();

    assertThat(sender(uri, stats, 3).send(new Batch(BODY, 10, List.of("t1")), farDeadline())).isFalse();

    assertThat(stats.ioErrors.sum()).isEqualTo(3);
    assertThat(stats.firstFailure()).contains("gave up after 3 attempts");
  }
}

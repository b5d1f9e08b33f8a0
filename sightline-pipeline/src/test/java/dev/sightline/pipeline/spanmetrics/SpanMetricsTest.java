package dev.sightline.pipeline.spanmetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.model.Resource;
import dev.sightline.model.Span;
import dev.sightline.model.SpanKind;
import dev.sightline.model.Status;
import dev.sightline.model.StatusCode;
import dev.sightline.model.metric.Labels;
import dev.sightline.pipeline.sampling.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpanMetricsTest {
  static final long T0 = 1_700_000_000_000L;
  final TestClock clock = new TestClock(T0);
  final RecordingAppender appender = new RecordingAppender();
  int ids;

  Span span(String service, String name, SpanKind kind, StatusCode status, long durationMs) {
    return span(service, name, kind, status, durationMs, String.format("%032x", 1 + ids), "");
  }

  Span span(String service, String name, SpanKind kind, StatusCode status, long durationMs, String traceId,
            String parent) {
    long start = T0 * 1_000_000;
    return Span.builder().traceId(traceId).spanId(String.format("%016x", ++ids)).parentSpanId(parent)
        .name(name).kind(kind).status(new Status(status, "")).startEpochNanos(start)
        .endEpochNanos(start + durationMs * 1_000_000).resource(Resource.ofService(service)).build();
  }

  static String[] calls(String service, String name, String kind, String status) {
    return new String[] {"__name__", SpanMetrics.CALLS_TOTAL, "service_name", service, "span_name", name,
        "span_kind", kind, "status_code", status};
  }

  static Labels bucket(String service, String name, String kind, String status, String le) {
    return Labels.of(calls(service, name, kind, status)).toBuilder()
        .set("__name__", "traces_span_metrics_duration_seconds_bucket").set("le", le).build();
  }

  @Test
  void callsAndDurationHistogramAreExact() throws Exception {
    SpanMetrics m = SpanMetrics.create(SpanMetricsConfig.defaults(), clock);
    m.consume(List.of(
        span("cart", "GET /cart", SpanKind.SERVER, StatusCode.UNSET, 1),
        span("cart", "GET /cart", SpanKind.SERVER, StatusCode.UNSET, 5),
        span("cart", "GET /cart", SpanKind.SERVER, StatusCode.UNSET, 3000),
        span("cart", "GET /cart", SpanKind.SERVER, StatusCode.ERROR, 10),
        span("cart", "SELECT", SpanKind.CLIENT, StatusCode.OK, 20_000)));
    m.flush(appender, T0);

    assertThat(appender.value(calls("cart", "GET /cart", "SPAN_KIND_SERVER", "STATUS_CODE_UNSET"))).isEqualTo(3.0);
    assertThat(appender.value(calls("cart", "GET /cart", "SPAN_KIND_SERVER", "STATUS_CODE_ERROR"))).isEqualTo(1.0);
    assertThat(appender.value(calls("cart", "SELECT", "SPAN_KIND_CLIENT", "STATUS_CODE_OK"))).isEqualTo(1.0);
    Map<Labels, Double> latest = appender.latest();
    String u = "STATUS_CODE_UNSET";
    assertThat(latest.get(bucket("cart", "GET /cart", "SPAN_KIND_SERVER", u, "0.002"))).isEqualTo(1.0);
    assertThat(latest.get(bucket("cart", "GET /cart", "SPAN_KIND_SERVER", u, "0.006"))).isEqualTo(2.0);
    assertThat(latest.get(bucket("cart", "GET /cart", "SPAN_KIND_SERVER", u, "2.0"))).isEqualTo(2.0);
    assertThat(latest.get(bucket("cart", "GET /cart", "SPAN_KIND_SERVER", u, "5.0"))).isEqualTo(3.0);
    assertThat(latest.get(bucket("cart", "GET /cart", "SPAN_KIND_SERVER", u, "+Inf"))).isEqualTo(3.0);
    // the boundary is inclusive: 10 ms lands in le="0.01"
    assertThat(latest.get(bucket("cart", "GET /cart", "SPAN_KIND_SERVER", "STATUS_CODE_ERROR", "0.01"))).isEqualTo(1.0);
    assertThat(latest.get(bucket("cart", "SELECT", "SPAN_KIND_CLIENT", "STATUS_CODE_OK", "15.0"))).isEqualTo(0.0);
    assertThat(latest.get(bucket("cart", "SELECT", "SPAN_KIND_CLIENT", "STATUS_CODE_OK", "+Inf"))).isEqualTo(1.0);
    Labels sum = Labels.of(calls("cart", "GET /cart", "SPAN_KIND_SERVER", u)).toBuilder()
        .set("__name__", "traces_span_metrics_duration_seconds_sum").build();
    assertThat(latest.get(sum)).isCloseTo(3.006, org.assertj.core.data.Offset.offset(1e-9));
    // 3 series x (1 calls + 17 buckets + sum + count), every sample at the flush time
    assertThat(appender.committed).hasSize(3 * 20).allMatch(s -> s.timestampMs() == T0);
    assertThat(appender.commits).isEqualTo(1);
  }

  @Test
  void randomInputIsCountedExactly() throws Exception {
    SpanMetrics m = SpanMetrics.create(SpanMetricsConfig.defaults(), clock);
    Random r = new Random(42);
    Map<List<String>, Integer> expectedCalls = new HashMap<>();
    Map<List<String>, Integer> expectedUnder100ms = new HashMap<>();
    String[] services = {"a", "b", "c"};
    String[] names = {"x", "y", "z", "w"};
    for (int batch = 0; batch < 20; batch++) {
      List<Span> spans = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        String svc = services[r.nextInt(3)];
        String name = names[r.nextInt(4)];
        SpanKind kind = r.nextBoolean() ? SpanKind.SERVER : SpanKind.INTERNAL;
        StatusCode st = r.nextInt(10) == 0 ? StatusCode.ERROR : StatusCode.UNSET;
        long ms = r.nextInt(300);
        spans.add(span(svc, name, kind, st, ms));
        List<String> key = List.of(svc, name, "SPAN_KIND_" + kind, "STATUS_CODE_" + st);
        expectedCalls.merge(key, 1, Integer::sum);
        expectedUnder100ms.merge(key, ms <= 100 ? 1 : 0, Integer::sum);
      }
      m.consume(spans);
    }
    m.flush(appender, T0);
    assertThat(m.spans()).isEqualTo(10_000);
    Map<Labels, Double> got = appender.metric(SpanMetrics.CALLS_TOTAL);
    assertThat(got).hasSize(expectedCalls.size());
    expectedCalls.forEach((k, n) -> {
      assertThat(got.get(Labels.of(calls(k.get(0), k.get(1), k.get(2), k.get(3))))).as(k.toString()).isEqualTo((double) n);
      assertThat(appender.latest().get(bucket(k.get(0), k.get(1), k.get(2), k.get(3), "0.1")))
          .as(k.toString()).isEqualTo((double) expectedUnder100ms.get(k));
    });
    assertThat(got.values().stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(10_000);
  }

  @Test
  void flushWritesCumulativeValues() throws Exception {
    SpanMetrics m = SpanMetrics.create(SpanMetricsConfig.defaults(), clock);
    m.consume(List.of(span("a", "op", SpanKind.SERVER, StatusCode.UNSET, 1)));
    m.flush(appender, T0);
    m.consume(List.of(span("a", "op", SpanKind.SERVER, StatusCode.UNSET, 1)));
    m.flush(appender, T0 + 15_000);
    assertThat(appender.value(calls("a", "op", "SPAN_KIND_SERVER", "STATUS_CODE_UNSET"))).isEqualTo(2.0);
    m.flush(appender, T0 + 30_000);
    assertThat(appender.committed.stream().filter(s -> s.labels().metricName().equals(SpanMetrics.CALLS_TOTAL))
        .map(RecordingAppender.Sample::value)).containsExactly(1.0, 2.0, 2.0);
  }

  @Test
  void operationsBeyondTheLimitAreCountedAsOther() throws Exception {
    SpanMetrics m = SpanMetrics.create(new SpanMetricsConfig(null, 2, null, null, null, null), clock);
    m.consume(List.of(
        span("a", "GET /1", SpanKind.SERVER, StatusCode.UNSET, 1),
        span("a", "GET /2", SpanKind.SERVER, StatusCode.UNSET, 1),
        span("a", "GET /3", SpanKind.SERVER, StatusCode.UNSET, 1),
        span("a", "GET /4", SpanKind.SERVER, StatusCode.UNSET, 1),
        span("a", "GET /1", SpanKind.SERVER, StatusCode.UNSET, 1),
        span("b", "GET /9", SpanKind.SERVER, StatusCode.UNSET, 1)));
    m.flush(appender, T0);
    assertThat(appender.value(calls("a", "GET /1", "SPAN_KIND_SERVER", "STATUS_CODE_UNSET"))).isEqualTo(2.0);
    assertThat(appender.value(calls("a", "other", "SPAN_KIND_SERVER", "STATUS_CODE_UNSET"))).isEqualTo(2.0);
    assertThat(appender.value(calls("b", "GET /9", "SPAN_KIND_SERVER", "STATUS_CODE_UNSET"))).isEqualTo(1.0);
    assertThat(m.operationOverflowSpans()).isEqualTo(2);
  }

  @Test
  void seriesBeyondTheLimitGoToOneOverflowSeries() throws Exception {
    SpanMetrics m = SpanMetrics.create(new SpanMetricsConfig(null, null, 2, false, null, null), clock);
    for (int i = 0; i < 5; i++) {
      m.consume(List.of(span("svc" + i, "op", SpanKind.SERVER, StatusCode.UNSET, 1)));
    }
    m.flush(appender, T0);
    assertThat(appender.metric(SpanMetrics.CALLS_TOTAL)).hasSize(3);
    assertThat(appender.value("__name__", SpanMetrics.CALLS_TOTAL, "otel_metric_overflow", "true")).isEqualTo(3.0);
    assertThat(m.seriesOverflowSpans()).isEqualTo(3);
    assertThat(m.series()).isEqualTo(2);
  }

  @Test
  void exemplarsCarryTheTraceIdOfTheLatestSpanPerBucket() {
    SpanMetrics m = SpanMetrics.create(SpanMetricsConfig.defaults(), clock);
    Span first = span("a", "op", SpanKind.SERVER, StatusCode.UNSET, 1);
    Span second = span("a", "op", SpanKind.SERVER, StatusCode.UNSET, 2);
    Span slow = span("a", "op", SpanKind.SERVER, StatusCode.UNSET, 900);
    m.consume(List.of(first, second, slow));
    List<Exemplar> ex = m.exemplars();
    assertThat(ex).hasSize(2);
    assertThat(ex).anySatisfy(e -> {
      assertThat(e.labels().get("le")).isEqualTo("0.002");
      assertThat(e.traceId()).isEqualTo(second.traceId());
      assertThat(e.spanId()).isEqualTo(second.spanId());
      assertThat(e.value()).isEqualTo(0.002);
    });
    assertThat(ex).anySatisfy(e -> {
      assertThat(e.labels().get("le")).isEqualTo("1.0");
      assertThat(e.traceId()).isEqualTo(slow.traceId());
    });
  }

  @Test
  void serviceGraphPairsClientAndServerAcrossBatches() throws Exception {
    SpanMetrics m = SpanMetrics.create(SpanMetricsConfig.defaults(), clock);
    String trace = String.format("%032x", 777);
    Span client = span("frontend", "GET", SpanKind.CLIENT, StatusCode.UNSET, 30, trace, "");
    Span server = span("cart", "GET /cart", SpanKind.SERVER, StatusCode.ERROR, 20, trace, client.spanId());
    Span client2 = span("frontend", "GET", SpanKind.CLIENT, StatusCode.UNSET, 30, trace, "");
    Span server2 = span("cart", "GET /cart", SpanKind.SERVER, StatusCode.UNSET, 5, trace, client2.spanId());
    Span producer = span("cart", "publish", SpanKind.PRODUCER, StatusCode.UNSET, 1, trace, "");
    Span consumer = span("mailer", "process", SpanKind.CONSUMER, StatusCode.UNSET, 1, trace, producer.spanId());
    m.consume(List.of(server, client2, producer)); // server before its client
    clock.advance(Duration.ofSeconds(5));
    m.consume(List.of(client, server2, consumer));
    m.flush(appender, T0);
    assertThat(appender.value("__name__", "traces_service_graph_request_total", "client", "frontend", "server", "cart"))
        .isEqualTo(2.0);
    assertThat(appender.value("__name__", "traces_service_graph_request_failed_total", "client", "frontend", "server", "cart"))
        .isEqualTo(1.0);
    assertThat(appender.value("__name__", "traces_service_graph_request_server_seconds_bucket", "client", "frontend",
        "server", "cart", "le", "0.006")).isEqualTo(1.0);
    assertThat(appender.value("__name__", "traces_service_graph_request_server_seconds_count", "client", "frontend",
        "server", "cart")).isEqualTo(2.0);
    assertThat(appender.value("__name__", "traces_service_graph_request_client_seconds_sum", "client", "frontend",
        "server", "cart")).isCloseTo(0.06, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(appender.value("__name__", "traces_service_graph_request_total", "client", "cart", "server", "mailer",
        "connection_type", "messaging_system")).isEqualTo(1.0);
    assertThat(m.serviceGraphPaired()).isEqualTo(3);
    assertThat(m.serviceGraphPending()).isZero();
  }

  @Test
  void unpairedHalvesExpireAndThePendingStoreIsBounded() {
    SpanMetrics m = SpanMetrics.create(new SpanMetricsConfig(null, null, null, null, 3, Duration.ofSeconds(10)), clock);
    List<Span> clients = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      clients.add(span("frontend", "GET", SpanKind.CLIENT, StatusCode.UNSET, 1));
    }
    m.consume(clients);
    assertThat(m.serviceGraphPending()).isEqualTo(3);
    assertThat(m.serviceGraphDropped()).isEqualTo(2);
    clock.advance(Duration.ofSeconds(9));
    m.consume(List.of());
    assertThat(m.serviceGraphExpired()).isZero();
    clock.advance(Duration.ofSeconds(1));
    m.consume(List.of());
    assertThat(m.serviceGraphExpired()).isEqualTo(3);
    assertThat(m.serviceGraphPending()).isZero();
  }

  @Test
  void invalidConfigurationIsRefusedWithTheKey() {
    assertThatThrownBy(() -> new SpanMetricsConfig(List.of(0.1, 0.05), null, null, null, null, null))
        .hasMessageContaining("histogram_buckets_seconds[1] = 0.05").hasMessageContaining("strictly increasing");
    assertThatThrownBy(() -> new SpanMetricsConfig(null, 0, null, null, null, null))
        .hasMessageContaining("max_operations_per_service must be positive, got 0");
    assertThatThrownBy(() -> new SpanMetricsConfig(null, null, null, null, null, Duration.ZERO))
        .hasMessageContaining("service_graph_wait must be positive");
  }
}

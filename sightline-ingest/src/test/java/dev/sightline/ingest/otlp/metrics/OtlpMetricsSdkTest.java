package dev.sightline.ingest.otlp.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.ingest.prometheus.Exemplar;
import dev.sightline.ingest.prometheus.MetricMetadata;
import dev.sightline.ingest.prometheus.MetricSeries;
import dev.sightline.ingest.prometheus.MetricType;
import dev.sightline.ingest.prometheus.Sample;
import dev.sightline.model.metric.Labels;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.internal.otlp.metrics.MetricsRequestMarshaler;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.ExemplarFilter;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.time.TestClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Metrics produced by the real OpenTelemetry SDK, serialised by its OTLP exporter, translated back. */
class OtlpMetricsSdkTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN_ID = "00f067aa0ba902b7";
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final Resource RESOURCE = Resource.create(Attributes.builder()
      .put("service.name", "checkout").put("service.namespace", "shop").put("service.instance.id", "i-1")
      .put("host.name", "h1").put("deployment.environment", "prod").build());

  private final TestClock clock = TestClock.create(NOW);
  private final OtlpMetricsTranslator translator = OtlpMetricsTranslator.create(OtlpMetricsOptions.defaults());

  @Test
  void cumulativeMetricsOfEveryInstrumentKind() throws IOException {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    SdkMeterProvider provider = provider(reader);
    Meter meter = provider.meterBuilder("io.example.http").setInstrumentationVersion("1.2.0").build();

    DoubleHistogram duration = meter.histogramBuilder("http.server.request.duration").setUnit("s")
        .setDescription("Duration of HTTP server requests.")
        .setExplicitBucketBoundariesAdvice(List.of(0.1, 0.5, 1.0)).build();
    Attributes get = Attributes.of(AttributeKey.stringKey("http.request.method"), "GET");
    try (Scope ignored = sampledSpan()) {
      duration.record(0.05, get);
      duration.record(0.3, get);
      duration.record(0.3, get);
      duration.record(2.0, get);
    }
    meter.counterBuilder("http.server.requests").setUnit("{request}").build()
        .add(5, Attributes.of(AttributeKey.stringKey("http.route"), "/cart"));
    meter.counterBuilder("network.io").setUnit("By").build().add(1024);
    var queue = meter.upDownCounterBuilder("queue.size").setUnit("{item}").build();
    queue.add(3);
    queue.add(-1);
    meter.gaugeBuilder("system.memory.utilization").setUnit("1").buildWithCallback(m -> m.record(0.42));
    DoubleHistogram payload = meter.histogramBuilder("payload.size").setUnit("By").build();
    for (double v : new double[] {1, 2, 4, 1000}) {
      payload.record(v);
    }

    clock.advance(Duration.ofSeconds(10));
    Collection<MetricData> data = reader.collectAllMetrics();
    long t = NOW.plusSeconds(10).toEpochMilli();

    MetricsTranslation fromProto = translator.decodeProtobuf(protobuf(data));
    MetricsTranslation fromJson = OtlpMetricsTranslator.create(OtlpMetricsOptions.defaults()).decodeJson(json(data));
    assertThat(fromJson.series()).isEqualTo(fromProto.series());
    assertThat(fromProto.isPartial()).isFalse();

    Map<String, Double> v = values(fromProto, t);
    String id = "instance=\"i-1\", job=\"shop/checkout\"";
    String scope = "otel_scope_name=\"io.example.http\", otel_scope_version=\"1.2.0\"";
    String common = id + ", " + scope;
    Map<String, Double> expected = new LinkedHashMap<>();
    expected.put("http_server_request_duration_seconds_bucket{http_request_method=\"GET\", " + id + ", le=\"0.1\", " + scope + "}", 1.0);
    expected.put("http_server_request_duration_seconds_bucket{http_request_method=\"GET\", " + id + ", le=\"0.5\", " + scope + "}", 3.0);
    expected.put("http_server_request_duration_seconds_bucket{http_request_method=\"GET\", " + id + ", le=\"1\", " + scope + "}", 3.0);
    expected.put("http_server_request_duration_seconds_bucket{http_request_method=\"GET\", " + id + ", le=\"+Inf\", " + scope + "}", 4.0);
    expected.put("http_server_request_duration_seconds_sum{http_request_method=\"GET\", " + common + "}", 2.65);
    expected.put("http_server_request_duration_seconds_count{http_request_method=\"GET\", " + common + "}", 4.0);
    expected.put("http_server_requests_total{http_route=\"/cart\", " + common + "}", 5.0);
    expected.put("network_io_bytes_total{" + common + "}", 1024.0);
    expected.put("queue_size{" + common + "}", 2.0);
    expected.put("system_memory_utilization_ratio{" + common + "}", 0.42);
    expected.put("payload_size_bytes_bucket{" + id + ", le=\"0\", " + scope + "}", 0.0);
    expected.put("payload_size_bytes_bucket{" + id + ", le=\"1\", " + scope + "}", 1.0);
    expected.put("payload_size_bytes_bucket{" + id + ", le=\"2\", " + scope + "}", 2.0);
    expected.put("payload_size_bytes_bucket{" + id + ", le=\"4\", " + scope + "}", 3.0);
    expected.put("payload_size_bytes_bucket{" + id + ", le=\"1024\", " + scope + "}", 4.0);
    expected.put("payload_size_bytes_bucket{" + id + ", le=\"+Inf\", " + scope + "}", 4.0);
    expected.put("payload_size_bytes_sum{" + common + "}", 1007.0);
    expected.put("payload_size_bytes_count{" + common + "}", 4.0);
    expected.put("target_info{deployment_environment=\"prod\", host_name=\"h1\", instance=\"i-1\", job=\"shop/checkout\"}", 1.0);
    assertThat(v).containsExactlyInAnyOrderEntriesOf(expected);

    MetricSeries halfSecond = series(fromProto, "http_server_request_duration_seconds_bucket", "le", "0.5");
    assertThat(halfSecond.exemplars()).hasSize(1);
    Exemplar ex = halfSecond.exemplars().get(0);
    assertThat(ex.value()).isEqualTo(0.3);
    assertThat(ex.labels()).isEqualTo(Labels.of("trace_id", TRACE_ID, "span_id", SPAN_ID));
    assertThat(ex.hasTimestamp()).isTrue(); // the SDK stamps exemplars with the wall clock, not the provider clock

    assertThat(fromProto.metadata()).contains(
        new MetricMetadata("http_server_request_duration_seconds", MetricType.HISTOGRAM,
            "Duration of HTTP server requests.", "seconds"),
        new MetricMetadata("http_server_requests", MetricType.COUNTER, "", ""),
        new MetricMetadata("network_io_bytes", MetricType.COUNTER, "", "bytes"),
        new MetricMetadata("queue_size", MetricType.GAUGE, "", ""),
        new MetricMetadata("system_memory_utilization_ratio", MetricType.GAUGE, "", "ratio"));
    provider.close();
  }

  @Test
  void deltaTemporalityBecomesCumulativeAndResendsAreNotCountedTwice() throws IOException {
    InMemoryMetricReader reader = InMemoryMetricReader.createDelta();
    SdkMeterProvider provider = provider(reader);
    Meter meter = provider.get("io.example.jobs");
    LongCounter jobs = meter.counterBuilder("jobs.completed").build();
    DoubleHistogram latency = meter.histogramBuilder("job.latency").setUnit("ms")
        .setExplicitBucketBoundariesAdvice(List.of(10.0, 100.0)).build();

    jobs.add(5);
    latency.record(5);
    clock.advance(Duration.ofSeconds(10));
    byte[] first = protobuf(reader.collectAllMetrics());
    jobs.add(3);
    latency.record(50);
    latency.record(500);
    clock.advance(Duration.ofSeconds(10));
    byte[] second = protobuf(reader.collectAllMetrics());

    long t1 = NOW.plusSeconds(10).toEpochMilli();
    long t2 = NOW.plusSeconds(20).toEpochMilli();
    MetricsTranslation a = translator.decodeProtobuf(first);
    assertThat(sample(a, "jobs_completed_total")).isEqualTo(new Sample(t1, 5));
    MetricsTranslation b = translator.decodeProtobuf(second);
    assertThat(sample(b, "jobs_completed_total")).isEqualTo(new Sample(t2, 8));
    assertThat(value(b, "job_latency_milliseconds_bucket", "le", "10")).isEqualTo(1.0);
    assertThat(value(b, "job_latency_milliseconds_bucket", "le", "100")).isEqualTo(2.0);
    assertThat(value(b, "job_latency_milliseconds_bucket", "le", "+Inf")).isEqualTo(3.0);
    assertThat(value(b, "job_latency_milliseconds_sum", null, null)).isEqualTo(555.0);
    assertThat(value(b, "job_latency_milliseconds_count", null, null)).isEqualTo(3.0);
    assertThat(translator.deltaSeriesTracked()).isEqualTo(2);

    MetricsTranslation resent = translator.decodeProtobuf(second);
    assertThat(resent.series()).noneMatch(s -> s.labels().metricName().startsWith("jobs_completed"));
    assertThat(resent.rejectedDataPoints()).isEqualTo(2);
    assertThat(resent.overlappingDeltas()).isEqualTo(2);
    assertThat(resent.errorMessage()).contains("DELTA point overlaps one already accumulated");
    assertThat(OtlpMetricsTranslator.response(resent).getPartialSuccess().getRejectedDataPoints()).isEqualTo(2);
    provider.close();
  }

  private SdkMeterProvider provider(InMemoryMetricReader reader) {
    return SdkMeterProvider.builder()
        .setClock(clock)
        .setResource(RESOURCE)
        .setExemplarFilter(ExemplarFilter.alwaysOn())
        .registerView(InstrumentSelector.builder().setName("payload.size").build(),
            View.builder().setAggregation(Aggregation.base2ExponentialBucketHistogram(160, 20)).build())
        .registerMetricReader(reader)
        .build();
  }

  private static Scope sampledSpan() {
    return Span.wrap(SpanContext.create(TRACE_ID, SPAN_ID, TraceFlags.getSampled(), TraceState.getDefault()))
        .makeCurrent();
  }

  private static byte[] protobuf(Collection<MetricData> data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MetricsRequestMarshaler.create(data).writeBinaryTo(out);
    return out.toByteArray();
  }

  private static byte[] json(Collection<MetricData> data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MetricsRequestMarshaler.create(data).writeJsonTo(out);
    return out.toByteArray();
  }

  static Map<String, Double> values(MetricsTranslation t, long timestampMs) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (MetricSeries s : t.series()) {
      assertThat(s.samples()).as("%s", s.labels()).hasSize(1);
      assertThat(s.samples().get(0).timestampMs()).as("%s", s.labels()).isEqualTo(timestampMs);
      m.put(s.labels().toString(), s.samples().get(0).value());
    }
    return m;
  }

  static MetricSeries series(MetricsTranslation t, String name, String label, String value) {
    return t.series().stream()
        .filter(s -> s.labels().metricName().equals(name) && (label == null || value.equals(s.labels().get(label))))
        .findFirst().orElseThrow(() -> new AssertionError("no " + name + " in " + t.series()));
  }

  static Sample sample(MetricsTranslation t, String name) {
    return series(t, name, null, null).samples().get(0);
  }

  static double value(MetricsTranslation t, String name, String label, String value) {
    return series(t, name, label, value).samples().get(0).value();
  }
}

package dev.sightline.ingest.otlp.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.sightline.ingest.InvalidPayloadException;
import dev.sightline.ingest.prometheus.MetricSeries;
import dev.sightline.ingest.prometheus.Sample;
import dev.sightline.model.metric.Labels;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-built OTLP requests for what the SDK does not produce: summaries, odd names, flags, bad points. */
class OtlpMetricsTranslatorTest {
  private static final long T = 1_795_435_200_000_000_000L; // ns
  private static final long T_MS = T / 1_000_000;
  private final OtlpMetricsTranslator translator = OtlpMetricsTranslator.create(OtlpMetricsOptions.defaults());

  @Test
  void summaryBecomesQuantilesSumAndCount() {
    Metric m = Metric.newBuilder().setName("rpc.duration").setUnit("ms").setSummary(Summary.newBuilder()
        .addDataPoints(SummaryDataPoint.newBuilder().setTimeUnixNano(T).setCount(10).setSum(123.5)
            .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.5).setValue(11))
            .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.99).setValue(40)))).build();
    MetricsTranslation t = translator.translate(request(m));
    assertThat(names(t)).containsExactly(
        "rpc_duration_milliseconds{otel_scope_name=\"scope\", quantile=\"0.5\"}=11.0",
        "rpc_duration_milliseconds{otel_scope_name=\"scope\", quantile=\"0.99\"}=40.0",
        "rpc_duration_milliseconds_sum{otel_scope_name=\"scope\"}=123.5",
        "rpc_duration_milliseconds_count{otel_scope_name=\"scope\"}=10.0");
  }

  @Test
  void namesUnitsAndLabelsFollowTheCompatibilitySpec() {
    MetricsTranslation t = translator.translate(request(
        gauge("http.server.active_requests", "{request}", point(3).addAttributes(kv("http.request.method", "GET"))),
        gauge("process.cpu.utilization", "1", point(0.5)),
        sum("data.sent", "KiBy", true, AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE, point(7)),
        sum("requests.rate", "{req}/s", false, AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE, point(2)),
        sum("already_total", "", true, AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE, point(1)),
        gauge("temp", "Cel", point(20)),
        gauge("2fast", "", point(1)),
        gauge("labels", "", point(1)
            .addAttributes(kv("a.b", "1")).addAttributes(kv("a_b", "2"))
            .addAttributes(kv("9lives", "cat")).addAttributes(kv("_private", "x"))
            .addAttributes(KeyValue.newBuilder().setKey("list").setValue(AnyValue.newBuilder()
                .setArrayValue(ArrayValue.newBuilder().addValues(str("x")).addValues(AnyValue.newBuilder().setIntValue(2)))))
            .addAttributes(KeyValue.newBuilder().setKey("flag").setValue(AnyValue.newBuilder().setBoolValue(true))))));
    assertThat(names(t)).containsExactly(
        "http_server_active_requests{http_request_method=\"GET\", otel_scope_name=\"scope\"}=3.0",
        "process_cpu_utilization_ratio{otel_scope_name=\"scope\"}=0.5",
        "data_sent_kibibytes_total{otel_scope_name=\"scope\"}=7.0",
        "requests_rate_per_second{otel_scope_name=\"scope\"}=2.0",
        "already_total{otel_scope_name=\"scope\"}=1.0",
        "temp_celsius{otel_scope_name=\"scope\"}=20.0",
        "_2fast{otel_scope_name=\"scope\"}=1.0",
        "labels{a_b=\"1;2\", flag=\"true\", key_9lives=\"cat\", key_private=\"x\", list=\"[\\\"x\\\",2]\", otel_scope_name=\"scope\"}=1.0");
  }

  @Test
  void resourceWithoutNamespaceAndDuplicateTargetInfo() {
    Resource resource = Resource.newBuilder().addAttributes(kv("service.name", "api"))
        .addAttributes(kv("k8s.pod.name", "api-0")).build();
    Metric m = gauge("up", "", point(1).addAttributes(kv("job", "from-point")));
    ExportMetricsServiceRequest r = ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(resourceMetrics(resource, m))
        .addResourceMetrics(resourceMetrics(resource, m))
        .build();
    MetricsTranslation t = translator.translate(r);
    MetricSeries up = t.series().get(0);
    assertThat(up.labels().get("job")).as("the resource's identity wins").isEqualTo("api");
    assertThat(up.labels().get("instance")).isNull();
    assertThat(t.series()).filteredOn(s -> s.labels().metricName().equals("target_info"))
        .singleElement()
        .satisfies(s -> {
          assertThat(s.labels()).isEqualTo(Labels.of("__name__", "target_info", "job", "api", "k8s_pod_name", "api-0"));
          assertThat(s.samples()).containsExactly(new Sample(T_MS, 1));
        });
  }

  @Test
  void noRecordedValueBecomesAStalenessMarker() {
    MetricsTranslation t = translator.translate(request(
        gauge("g", "", NumberDataPoint.newBuilder().setTimeUnixNano(T).setFlags(1)),
        Metric.newBuilder().setName("h").setHistogram(Histogram.newBuilder()
            .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
            .addDataPoints(HistogramDataPoint.newBuilder().setTimeUnixNano(T).setFlags(1).addExplicitBounds(1))).build()));
    assertThat(t.series()).hasSize(1 + 4);
    assertThat(t.series()).allSatisfy(s ->
        assertThat(Double.doubleToRawLongBits(s.samples().get(0).value())).isEqualTo(0x7ff0000000000002L));
  }

  @Test
  void exemplarsAttachToTheBucketHoldingTheirValue() {
    byte[] trace = HexFormat.of().parseHex("0af7651916cd43dd8448eb211c80319c");
    byte[] span = HexFormat.of().parseHex("b7ad6b7169203331");
    Metric m = Metric.newBuilder().setName("lat").setUnit("s").setHistogram(Histogram.newBuilder()
        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
        .addDataPoints(HistogramDataPoint.newBuilder().setTimeUnixNano(T).setCount(2).setSum(3.5)
            .addExplicitBounds(1).addExplicitBounds(5).addBucketCounts(0).addBucketCounts(1).addBucketCounts(1)
            .addExemplars(Exemplar.newBuilder().setAsDouble(3.2).setTimeUnixNano(T - 1_000_000)
                .setTraceId(ByteString.copyFrom(trace)).setSpanId(ByteString.copyFrom(span))
                .addFilteredAttributes(kv("user", "u1"))))).build();
    MetricsTranslation t = translator.translate(request(m));
    MetricSeries five = t.series().stream().filter(s -> "5".equals(s.labels().get("le"))).findFirst().orElseThrow();
    assertThat(five.exemplars()).singleElement().satisfies(e -> {
      assertThat(e.labels()).isEqualTo(Labels.of("trace_id", "0af7651916cd43dd8448eb211c80319c",
          "span_id", "b7ad6b7169203331", "user", "u1"));
      assertThat(e.value()).isEqualTo(3.2);
      assertThat(e.timestampMs()).isEqualTo(T_MS - 1);
    });
    assertThat(names(t)).contains("lat_seconds_bucket{le=\"1\", otel_scope_name=\"scope\"}=0.0",
        "lat_seconds_bucket{le=\"5\", otel_scope_name=\"scope\"}=1.0",
        "lat_seconds_bucket{le=\"+Inf\", otel_scope_name=\"scope\"}=2.0");
  }

  @Test
  void exponentialHistogramWithNegativeAndZeroBucketsIsExact() {
    // scale 0: positive index 0 = (1,2], 1 = (2,4]; negative index 0 = [-2,-1); zero bucket 3 values
    Metric m = Metric.newBuilder().setName("e").setExponentialHistogram(ExponentialHistogram.newBuilder()
        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
        .addDataPoints(ExponentialHistogramDataPoint.newBuilder().setTimeUnixNano(T).setScale(0)
            .setCount(9).setSum(10).setZeroCount(3).setZeroThreshold(0.001)
            .setPositive(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(0).addBucketCounts(2).addBucketCounts(3))
            .setNegative(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(0).addBucketCounts(1)))).build();
    assertThat(names(translator.translate(request(m)))).containsExactly(
        "e_bucket{le=\"-1\", otel_scope_name=\"scope\"}=1.0",
        "e_bucket{le=\"0.001\", otel_scope_name=\"scope\"}=4.0",
        "e_bucket{le=\"2\", otel_scope_name=\"scope\"}=6.0",
        "e_bucket{le=\"4\", otel_scope_name=\"scope\"}=9.0",
        "e_bucket{le=\"+Inf\", otel_scope_name=\"scope\"}=9.0",
        "e_sum{otel_scope_name=\"scope\"}=10.0",
        "e_count{otel_scope_name=\"scope\"}=9.0");

    // 100 buckets at scale 3 are merged down (exactly) to fit 40 buckets
    OtlpMetricsTranslator small = OtlpMetricsTranslator.create(OtlpMetricsOptions.builder().maxExponentialBuckets(40).build());
    ExponentialHistogramDataPoint.Buckets.Builder wide = ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(0);
    for (int i = 0; i < 100; i++) {
      wide.addBucketCounts(1);
    }
    MetricsTranslation t = small.translate(request(Metric.newBuilder().setName("w").setExponentialHistogram(
        ExponentialHistogram.newBuilder().setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
            .addDataPoints(ExponentialHistogramDataPoint.newBuilder().setTimeUnixNano(T).setScale(3).setCount(100)
                .setSum(1).setPositive(wide))).build()));
    List<MetricSeries> buckets = t.series().stream().filter(s -> s.labels().metricName().equals("w_bucket")).toList();
    assertThat(buckets.size()).isBetween(20, 42);
    double previous = -1;
    for (MetricSeries b : buckets) {
      assertThat(b.samples().get(0).value()).isGreaterThanOrEqualTo(previous);
      previous = b.samples().get(0).value();
    }
    assertThat(previous).isEqualTo(100.0);
    // scale 3 -> 1 maps index 99 to 99 >> 2 = 24, whose upper bound 2^(25/2) equals the original 2^(100/8)
    assertThat(buckets.get(buckets.size() - 2).labels().get("le")).isEqualTo("5792.618751480198");
  }

  @Test
  void deltaExponentialHistogramsOfDifferentScalesAddUpExactly() {
    // first delta at scale 1: one value in (1, 2^0.5]; second at scale 0: one value in (2, 4]
    MetricsTranslation a = translator.translate(request(expDelta(1, 0, T - 10_000_000_000L, T)));
    assertThat(names(a)).contains("e_bucket{le=\"1.4142135623730951\", otel_scope_name=\"scope\"}=1.0");
    MetricsTranslation b = translator.translate(request(expDelta(0, 1, T, T + 10_000_000_000L)));
    // accumulated at the common (lower) scale 0: (1,2] holds 1, (2,4] holds 1
    assertThat(names(b)).containsExactly(
        "e_bucket{le=\"0\", otel_scope_name=\"scope\"}=0.0",
        "e_bucket{le=\"2\", otel_scope_name=\"scope\"}=1.0",
        "e_bucket{le=\"4\", otel_scope_name=\"scope\"}=2.0",
        "e_bucket{le=\"+Inf\", otel_scope_name=\"scope\"}=2.0",
        "e_sum{otel_scope_name=\"scope\"}=2.0",
        "e_count{otel_scope_name=\"scope\"}=2.0");
  }

  private static Metric expDelta(int scale, int index, long start, long end) {
    return Metric.newBuilder().setName("e").setExponentialHistogram(ExponentialHistogram.newBuilder()
        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
        .addDataPoints(ExponentialHistogramDataPoint.newBuilder().setStartTimeUnixNano(start).setTimeUnixNano(end)
            .setScale(scale).setCount(1).setSum(1)
            .setPositive(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(index).addBucketCounts(1)))).build();
  }

  @Test
  void invalidPointsAreRejectedOneByOne() {
    MetricsTranslation t = translator.translate(request(
        gauge("", "", point(1)),
        gauge("no_time", "", NumberDataPoint.newBuilder().setAsDouble(1)),
        gauge("no_value", "", NumberDataPoint.newBuilder().setTimeUnixNano(T)),
        Metric.newBuilder().setName("bad_buckets").setHistogram(Histogram.newBuilder()
            .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
            .addDataPoints(HistogramDataPoint.newBuilder().setTimeUnixNano(T).addExplicitBounds(1).addBucketCounts(1))).build(),
        Metric.newBuilder().setName("unordered").setHistogram(Histogram.newBuilder()
            .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
            .addDataPoints(HistogramDataPoint.newBuilder().setTimeUnixNano(T).addExplicitBounds(5).addExplicitBounds(1)
                .addBucketCounts(0).addBucketCounts(0).addBucketCounts(0))).build(),
        Metric.newBuilder().setName("no_temporality").setSum(Sum.newBuilder().addDataPoints(point(1))).build(),
        Metric.newBuilder().setName("empty").build(),
        gauge("fine", "", point(1))));
    assertThat(t.series()).extracting(s -> s.labels().metricName()).containsExactly("fine");
    assertThat(t.rejectedDataPoints()).isEqualTo(7);
    assertThat(t.errorMessage()).startsWith("7 data points rejected: ")
        .contains("resourceMetrics[0].scopeMetrics[0].metrics[0].name: empty metric name")
        .contains("metrics[1].dataPoints[0].timeUnixNano: missing (0)")
        .contains("metrics[2].dataPoints[0]: no value (asDouble or asInt)")
        .contains("metrics[3].dataPoints[0]: 1 bucket counts for 1 explicit bounds (expected 2)")
        .contains("metrics[4].dataPoints[0].explicitBounds: not strictly increasing at index 1");
    assertThat(OtlpMetricsTranslator.response(t).getPartialSuccess().getRejectedDataPoints()).isEqualTo(7);
  }

  @Test
  void tooManyLabelsIsRejected() {
    OtlpMetricsTranslator strict = OtlpMetricsTranslator.create(OtlpMetricsOptions.builder().maxLabelsPerSeries(3).build());
    MetricsTranslation t = strict.translate(request(gauge("g", "", point(1)
        .addAttributes(kv("a", "1")).addAttributes(kv("b", "2")))));
    assertThat(t.series()).isEmpty();
    assertThat(t.errorMessage()).contains("4 labels exceed maxLabelsPerSeries = 3");
  }

  @Test
  void deltaStateIsBoundedAndEvictionsCounted() {
    OtlpMetricsTranslator tiny = OtlpMetricsTranslator.create(OtlpMetricsOptions.builder().maxDeltaSeries(2).build());
    for (String name : List.of("a", "b", "c")) {
      tiny.translate(request(sum(name, "", true, AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA,
          point(1).setStartTimeUnixNano(T - 10).setTimeUnixNano(T))));
    }
    assertThat(tiny.deltaSeriesTracked()).isEqualTo(2);
    assertThat(tiny.deltaSeriesEvicted()).isEqualTo(1);
    // "a" was evicted: its next delta starts a new total (a counter reset for PromQL)
    MetricsTranslation again = tiny.translate(request(sum("a", "", true,
        AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA, point(4).setStartTimeUnixNano(T).setTimeUnixNano(T + 1_000_000))));
    assertThat(again.series().get(0).samples().get(0).value()).isEqualTo(4.0);
    // "c" was kept: its total continues
    MetricsTranslation c = tiny.translate(request(sum("c", "", true,
        AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA, point(4).setStartTimeUnixNano(T).setTimeUnixNano(T + 1_000_000))));
    assertThat(c.series().get(0).samples().get(0).value()).isEqualTo(5.0);
  }

  @Test
  void malformedBodies() {
    ExportMetricsServiceRequest r = request(gauge("g", "", point(1)));
    byte[] proto = r.toByteArray();
    assertThatThrownBy(() -> translator.decodeProtobuf(java.util.Arrays.copyOf(proto, proto.length - 3)))
        .isInstanceOf(InvalidPayloadException.class)
        .hasMessageStartingWith("malformed OTLP protobuf ExportMetricsServiceRequest");
    assertThatThrownBy(() -> translator.decodeJson("{\"resourceMetrics\": {}}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidPayloadException.class)
        .hasMessageContaining("expected an array");
    assertThatThrownBy(() -> translator.decodeJson("{\"resourceMetrics\": [".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidPayloadException.class);
    String json = """
        {"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"g","gauge":{"dataPoints":[
          {"timeUnixNano":"1795435200000000000","asDouble":"NaN"},
          {"timeUnixNano":1795435200001000000,"asInt":"7"}]}}]}]}]}
        """;
    MetricsTranslation t = translator.decodeJson(json.getBytes(StandardCharsets.UTF_8));
    assertThat(t.series()).singleElement().satisfies(s -> {
      assertThat(s.samples().get(0).value()).isNaN();
      assertThat(s.samples().get(1)).isEqualTo(new Sample(T_MS + 1, 7));
    });
    assertThat(translator.decodeProtobuf(new byte[0]).series()).isEmpty();
  }

  private static List<String> names(MetricsTranslation t) {
    return t.series().stream().map(s -> s.labels() + "=" + s.samples().get(0).value()).toList();
  }

  private static ExportMetricsServiceRequest request(Metric... metrics) {
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(resourceMetrics(Resource.getDefaultInstance(), metrics)).build();
  }

  private static ResourceMetrics resourceMetrics(Resource resource, Metric... metrics) {
    return ResourceMetrics.newBuilder().setResource(resource)
        .addScopeMetrics(ScopeMetrics.newBuilder().setScope(InstrumentationScope.newBuilder().setName("scope"))
            .addAllMetrics(List.of(metrics)))
        .build();
  }

  private static Metric gauge(String name, String unit, NumberDataPoint.Builder p) {
    return Metric.newBuilder().setName(name).setUnit(unit).setGauge(Gauge.newBuilder().addDataPoints(p)).build();
  }

  private static Metric sum(String name, String unit, boolean monotonic, AggregationTemporality temporality,
                            NumberDataPoint.Builder p) {
    return Metric.newBuilder().setName(name).setUnit(unit).setSum(Sum.newBuilder().setIsMonotonic(monotonic)
        .setAggregationTemporality(temporality).addDataPoints(p)).build();
  }

  private static NumberDataPoint.Builder point(double v) {
    return NumberDataPoint.newBuilder().setTimeUnixNano(T).setAsDouble(v);
  }

  private static KeyValue kv(String k, String v) {
    return KeyValue.newBuilder().setKey(k).setValue(str(v)).build();
  }

  private static AnyValue str(String v) {
    return AnyValue.newBuilder().setStringValue(v).build();
  }
}

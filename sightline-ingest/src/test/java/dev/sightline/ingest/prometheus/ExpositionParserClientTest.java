package dev.sightline.ingest.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sightline.model.metric.Labels;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Summary;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Parses what the real Prometheus Java client writes, in both formats, and checks every sample. */
class ExpositionParserClientTest {
  private static final String ODD_ROOM = "lab \"A\"\nwing\\2";
  private final ExpositionParser parser = ExpositionParser.create(ScrapeLimits.defaults());
  private PrometheusRegistry registry;
  private long before;

  @BeforeEach
  void register() {
    before = System.currentTimeMillis();
    registry = new PrometheusRegistry();
    Counter requests = Counter.builder().name("http_requests_total").help("Requests served.")
        .labelNames("method", "status").register(registry);
    requests.labelValues("GET", "200").inc(3);
    requests.labelValues("POST", "500").incWithExemplar(1,
        io.prometheus.metrics.model.snapshots.Labels.of("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736", "span_id", "00f067aa0ba902b7"));

    Gauge temperature = Gauge.builder().name("room_temperature_celsius").help("Room temperature.\nSecond line.")
        .unit(Unit.CELSIUS).labelNames("room").register(registry);
    temperature.labelValues(ODD_ROOM).set(21.5);
    temperature.labelValues("vacuum").set(Double.NEGATIVE_INFINITY);

    Histogram latency = Histogram.builder().name("request_duration_seconds").help("Latency.").unit(Unit.SECONDS)
        .classicOnly().classicUpperBounds(0.1, 0.5, 1.0).labelNames("path").register(registry);
    latency.labelValues("/api").observe(0.05);
    latency.labelValues("/api").observeWithExemplar(0.3,
        io.prometheus.metrics.model.snapshots.Labels.of("trace_id", "aaaabbbbccccddddeeeeffff00001111"));
    latency.labelValues("/api").observe(0.3);
    latency.labelValues("/api").observe(2.0);

    Summary sizes = Summary.builder().name("response_size_bytes").help("Sizes.").unit(Unit.BYTES)
        .quantile(0.5, 0.01).quantile(0.9, 0.01).register(registry);
    sizes.observe(100);
    sizes.observe(200);
    sizes.observe(300);
  }

  @Test
  void prometheusTextFormat() throws IOException {
    String text = write(PrometheusTextFormatWriter.create());
    ScrapeResult result = parser.parse(text, ExpositionFormat.PROMETHEUS_TEXT);

    Map<String, Double> samples = bySeries(result);
    assertThat(samples).containsAllEntriesOf(expectedCommon());
    // 2 counters + 2 gauges + 4 buckets + count + sum + 2 quantiles + count + sum
    assertThat(samples).hasSize(14);
    assertThat(result.samples()).allSatisfy(s -> {
      assertThat(s.hasTimestamp()).isFalse();
      assertThat(s.exemplar()).isNull();
    });
    assertThat(result.metadata()).contains(
        new MetricMetadata("http_requests_total", MetricType.COUNTER, "Requests served.", ""),
        new MetricMetadata("room_temperature_celsius", MetricType.GAUGE, "Room temperature.\nSecond line.", ""),
        new MetricMetadata("request_duration_seconds", MetricType.HISTOGRAM, "Latency.", ""),
        new MetricMetadata("response_size_bytes", MetricType.SUMMARY, "Sizes.", ""));
  }

  @Test
  void openMetricsWithExemplarsAndCreated() throws IOException {
    String text = write(OpenMetricsTextFormatWriter.builder().setCreatedTimestampsEnabled(true).build());
    assertThat(text).endsWith("# EOF\n");
    ScrapeResult result = parser.parse(text, ExpositionFormat.OPENMETRICS_TEXT);

    Map<String, Double> samples = bySeries(result);
    assertThat(samples).containsAllEntriesOf(expectedCommon());
    Map<String, Double> created = new LinkedHashMap<>(samples);
    created.keySet().removeIf(k -> !k.contains("_created"));
    // one _created per counter series, histogram series and summary
    assertThat(created).hasSize(4);
    assertThat(created.values()).allSatisfy(v -> assertThat(v * 1000).isBetween(before - 1000.0, System.currentTimeMillis() + 1000.0));
    assertThat(samples).hasSize(14 + 4);

    ScrapedSample post = find(result, Labels.of("__name__", "http_requests_total", "method", "POST", "status", "500"));
    assertThat(post.exemplar()).isNotNull();
    assertThat(post.exemplar().labels())
        .isEqualTo(Labels.of("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736", "span_id", "00f067aa0ba902b7"));
    assertThat(post.exemplar().traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(post.exemplar().value()).isEqualTo(1.0);
    assertThat(post.exemplar().timestampMs()).isBetween(before, System.currentTimeMillis());

    ScrapedSample bucket = find(result, Labels.of("__name__", "request_duration_seconds_bucket", "path", "/api", "le", "0.5"));
    assertThat(bucket.exemplar()).isNotNull();
    assertThat(bucket.exemplar().value()).isEqualTo(0.3);
    assertThat(bucket.exemplar().traceId()).isEqualTo("aaaabbbbccccddddeeeeffff00001111");

    assertThat(result.metadata()).contains(
        new MetricMetadata("http_requests", MetricType.COUNTER, "Requests served.", ""),
        new MetricMetadata("room_temperature_celsius", MetricType.GAUGE, "Room temperature.\nSecond line.", "celsius"),
        new MetricMetadata("request_duration_seconds", MetricType.HISTOGRAM, "Latency.", "seconds"),
        new MetricMetadata("response_size_bytes", MetricType.SUMMARY, "Sizes.", "bytes"));
  }

  @Test
  void prometheusTextWithCreatedSeries() throws IOException {
    String text = write(PrometheusTextFormatWriter.builder().setIncludeCreatedTimestamps(true).build());
    ScrapeResult result = parser.parse(text, ExpositionFormat.PROMETHEUS_TEXT);
    assertThat(bySeries(result)).containsAllEntriesOf(expectedCommon());
    assertThat(result.samples()).filteredOn(s -> s.labels().metricName().endsWith("_created")).isNotEmpty()
        // the 0.0.4 writer puts creation times in milliseconds (OpenMetrics: seconds); values are kept as written
        .allSatisfy(s -> assertThat(s.value()).isBetween(before - 1000.0, System.currentTimeMillis() + 1000.0));
  }

  @Test
  void forEachSampleStampsScrapeTime() throws IOException {
    ScrapeResult result = parser.parse(write(PrometheusTextFormatWriter.create()), ExpositionFormat.PROMETHEUS_TEXT);
    long[] count = {0};
    result.forEachSample(1234L, (labels, t, v) -> {
      assertThat(t).isEqualTo(1234L);
      count[0]++;
    });
    assertThat(count[0]).isEqualTo(14);
  }

  private static Map<String, Double> expectedCommon() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("http_requests_total{method=\"GET\", status=\"200\"}", 3.0);
    m.put("http_requests_total{method=\"POST\", status=\"500\"}", 1.0);
    m.put(Labels.of("__name__", "room_temperature_celsius", "room", ODD_ROOM).toString(), 21.5);
    m.put("room_temperature_celsius{room=\"vacuum\"}", Double.NEGATIVE_INFINITY);
    m.put("request_duration_seconds_bucket{le=\"0.1\", path=\"/api\"}", 1.0);
    m.put("request_duration_seconds_bucket{le=\"0.5\", path=\"/api\"}", 3.0);
    m.put("request_duration_seconds_bucket{le=\"1.0\", path=\"/api\"}", 3.0);
    m.put("request_duration_seconds_bucket{le=\"+Inf\", path=\"/api\"}", 4.0);
    m.put("request_duration_seconds_count{path=\"/api\"}", 4.0);
    m.put("request_duration_seconds_sum{path=\"/api\"}", 2.65);
    m.put("response_size_bytes_count{}", 3.0);
    m.put("response_size_bytes_sum{}", 600.0);
    return m;
  }

  private static Map<String, Double> bySeries(ScrapeResult result) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (ScrapedSample s : result.samples()) {
      Double previous = m.put(s.labels().toString(), s.value());
      assertThat(previous).as("series %s appears once", s.labels()).isNull();
      if (s.labels().get("quantile") != null) {
        // CKMS quantiles are approximate; the exact value is the client's business, the label and range ours
        assertThat(s.value()).isBetween(100.0, 300.0);
      }
    }
    assertThat(m.get("response_size_bytes{quantile=\"0.5\"}")).isCloseTo(200.0, within(100.0));
    assertThat(m).containsKey("response_size_bytes{quantile=\"0.9\"}");
    return m;
  }

  private static ScrapedSample find(ScrapeResult result, Labels labels) {
    return result.samples().stream().filter(s -> s.labels().equals(labels)).findFirst()
        .orElseThrow(() -> new AssertionError("no sample " + labels + " in " + result.samples()));
  }

  private String write(ExpositionFormatWriter writer) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writer.write(out, registry.scrape());
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }
}

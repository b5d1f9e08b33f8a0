package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.ingest.prometheus.proto.Label;
import dev.sightline.ingest.prometheus.proto.Sample;
import dev.sightline.ingest.prometheus.proto.TimeSeries;
import dev.sightline.ingest.prometheus.proto.WriteRequest;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xerial.snappy.Snappy;

/**
 * Remote-write with real snappy-compressed WriteRequests, and scraping a real Prometheus Java client
 * exposition; both read back through PromQL.
 */
class MetricsIngestIT {
  static final PrometheusRegistry registry = new PrometheusRegistry();
  static final HTTPServer exporter = startExporter();

  @RegisterExtension static final SightlineExtension sightline = new SightlineExtension(
      "global.scrape_interval=1s", "global.scrape_timeout=1s",
      "scrape_configs=[{job_name: checkout, static_configs: [{targets: ['127.0.0.1:" + exporter.getPort()
          + "'], labels: {team: payments}}], metric_relabel_configs: [{source_labels: [__name__], regex: "
          + "'jvm_.*', action: drop}]}, {job_name: nowhere, static_configs: [{targets: ['127.0.0.1:9']}]}]");

  static HTTPServer startExporter() {
    Counter orders = Counter.builder().name("orders_total").help("Orders").labelNames("status").register(registry);
    orders.labelValues("ok").inc(41);
    orders.labelValues("failed").inc(1);
    Histogram latency = Histogram.builder().name("checkout_duration_seconds").help("Latency").classicOnly()
        .classicUpperBounds(0.1, 0.5, 1, 5).register(registry);
    for (double v : new double[] {0.05, 0.2, 0.3, 0.7, 3}) {
      latency.observe(v);
    }
    try {
      return HTTPServer.builder().hostname("127.0.0.1").port(0).registry(registry).buildAndStart();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  static void stopExporter() {
    exporter.close();
  }

  private static JsonNode query(String promql) throws Exception {
    HttpResponse<String> r = sightline.get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return TraceAssertions.JSON.readTree(r.body()).get("data").get("result");
  }

  private static HttpResponse<String> remoteWrite(WriteRequest w) throws Exception {
    return sightline.post(sightline.server().httpPort(), "/api/v1/write", "application/x-protobuf",
        Snappy.compress(w.toByteArray()), "Content-Encoding", "snappy",
        "X-Prometheus-Remote-Write-Version", "0.1.0");
  }

  private static TimeSeries series(String name, long t, double v, String... labels) {
    TimeSeries.Builder b = TimeSeries.newBuilder().addLabels(Label.newBuilder().setName("__name__").setValue(name));
    for (int i = 0; i < labels.length; i += 2) {
      b.addLabels(Label.newBuilder().setName(labels[i]).setValue(labels[i + 1]));
    }
    return b.addSamples(Sample.newBuilder().setTimestamp(t).setValue(v)).build();
  }

  @Test
  void remoteWriteIsStoredAndQueryable() throws Exception {
    long now = System.currentTimeMillis();
    WriteRequest w = WriteRequest.newBuilder()
        .addTimeseries(series("rw_temperature_celsius", now - 1000, 21.5, "instance", "a", "job", "sensors"))
        .addTimeseries(series("rw_temperature_celsius", now - 1000, 19.0, "instance", "b", "job", "sensors"))
        .build();
    HttpResponse<String> r = remoteWrite(w);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    JsonNode result = query("sum(rw_temperature_celsius)");
    assertThat(result.get(0).get("value").get(1).asText()).isEqualTo("40.5");

    // Out of order for an existing series: stored nothing for it, and 400 so the sender does not retry.
    HttpResponse<String> old = remoteWrite(WriteRequest.newBuilder()
        .addTimeseries(series("rw_temperature_celsius", now - 60_000, 1, "instance", "a", "job", "sensors")).build());
    assertThat(old.statusCode()).isEqualTo(400);
  }

  @Test
  void badRemoteWriteBodiesAreRefusedByName() throws Exception {
    HttpResponse<String> notSnappy = sightline.post(sightline.server().httpPort(), "/api/v1/write",
        "application/x-protobuf", "definitely not snappy".getBytes(StandardCharsets.UTF_8),
        "Content-Encoding", "snappy");
    assertThat(notSnappy.statusCode()).isEqualTo(400);
    assertThat(notSnappy.body()).containsIgnoringCase("snappy");
    HttpResponse<String> gzip = sightline.post(sightline.server().httpPort(), "/api/v1/write",
        "application/x-protobuf", new byte[] {1, 2, 3}, "Content-Encoding", "gzip");
    assertThat(gzip.statusCode()).isEqualTo(415);
    WriteRequest noName = WriteRequest.newBuilder().addTimeseries(TimeSeries.newBuilder()
        .addLabels(Label.newBuilder().setName("job").setValue("x"))
        .addSamples(Sample.newBuilder().setTimestamp(System.currentTimeMillis()).setValue(1))).build();
    HttpResponse<String> r = remoteWrite(noName);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("__name__");
    assertThat(sightline.get("/health/ready").statusCode()).isEqualTo(200);
  }

  @Test
  void scrapesARealPrometheusClientWithTargetLabelsRelabellingAndUp() throws Exception {
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      JsonNode up = query("up");
      assertThat(up).hasSize(2);
    });
    JsonNode up = query("up{job=\"checkout\"}");
    assertThat(up.get(0).get("value").get(1).asText()).isEqualTo("1");
    assertThat(up.get(0).get("metric").get("team").asText()).isEqualTo("payments");
    assertThat(up.get(0).get("metric").get("instance").asText()).isEqualTo("127.0.0.1:" + exporter.getPort());
    assertThat(query("up{job=\"nowhere\"}").get(0).get("value").get(1).asText()).isEqualTo("0");

    JsonNode orders = query("orders_total{job=\"checkout\"}");
    assertThat(orders).hasSize(2);
    assertThat(query("sum(orders_total)").get(0).get("value").get(1).asText()).isEqualTo("42");
    JsonNode buckets = query("checkout_duration_seconds_bucket{le=\"1.0\"}");
    assertThat(buckets.get(0).get("value").get(1).asText()).isEqualTo("4");
    JsonNode p50 = query("histogram_quantile(0.5, checkout_duration_seconds_bucket)");
    assertThat(Double.parseDouble(p50.get(0).get("value").get(1).asText())).isBetween(0.1, 0.5);
    assertThat(query("count({__name__=~\"jvm_.*\"})")).isEmpty(); // dropped by metric_relabel_configs
    assertThat(query("scrape_samples_scraped{job=\"checkout\"}").get(0).get("value").get(1).asDouble())
        .isGreaterThan(0);

    JsonNode meta = TraceAssertions.JSON.readTree(sightline.get("/api/v1/metadata?metric=orders").body());
    assertThat(meta.get("data").get("orders").get(0).get("type").asText()).isEqualTo("counter");
    assertThat(meta.get("data").get("orders").get(0).get("help").asText()).isEqualTo("Orders");

    JsonNode targets = TraceAssertions.JSON.readTree(sightline.get("/api/v1/targets").body());
    assertThat(targets.get("data").get("activeTargets")).hasSize(2);
  }
}

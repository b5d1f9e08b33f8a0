package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Metrics from the real OpenTelemetry SDK over OTLP/gRPC and OTLP/HTTP, read back with PromQL under the
 * names the OpenTelemetry-to-Prometheus compatibility rules give them.
 */
class OtelSdkMetricsIT {
  @RegisterExtension static final SightlineExtension sightline = new SightlineExtension();

  @ParameterizedTest
  @ValueSource(strings = {"grpc", "http/protobuf"})
  void sdkMetricsBecomePrometheusSeries(String protocol) throws Exception {
    String service = "orders-" + protocol.replace('/', '-');
    MetricExporter exporter = protocol.equals("grpc")
        ? OtlpGrpcMetricExporter.builder().setEndpoint("http://127.0.0.1:" + sightline.server().otlpGrpcPort()).build()
        : OtlpHttpMetricExporter.builder()
            .setEndpoint("http://127.0.0.1:" + sightline.server().otlpHttpPort() + "/v1/metrics").build();
    SdkMeterProvider provider = SdkMeterProvider.builder()
        .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(
            AttributeKey.stringKey("service.name"), service))))
        .registerMetricReader(PeriodicMetricReader.builder(exporter).setInterval(Duration.ofHours(1)).build())
        .build();
    Meter meter = provider.get("sightline-it");
    DoubleHistogram duration = meter.histogramBuilder("http.server.request.duration").setUnit("s").build();
    LongCounter orders = meter.counterBuilder("orders.placed").setUnit("{order}").build();
    for (double v : new double[] {0.02, 0.04, 0.3, 1.5}) {
      duration.record(v, Attributes.of(AttributeKey.stringKey("http.route"), "/checkout"));
    }
    orders.add(7);
    assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
    provider.shutdown().join(10, TimeUnit.SECONDS);

    String selector = "{job=\"" + service + "\"}";
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(query("http_server_request_duration_seconds_count" + selector)).hasSize(1));
    assertThat(query("http_server_request_duration_seconds_count" + selector).get(0).get("value").get(1).asText())
        .isEqualTo("4");
    assertThat(query("http_server_request_duration_seconds_sum" + selector).get(0).get("value").get(1).asDouble())
        .isCloseTo(1.86, org.assertj.core.data.Offset.offset(1e-9));
    JsonNode buckets = query("http_server_request_duration_seconds_bucket" + selector);
    assertThat(buckets.size()).isGreaterThan(3);
    assertThat(buckets.get(0).get("metric").get("http_route").asText()).isEqualTo("/checkout");
    assertThat(query("orders_placed_total" + selector).get(0).get("value").get(1).asText()).isEqualTo("7");
    assertThat(query("target_info" + selector)).hasSize(1);
  }

  private static JsonNode query(String promql) throws Exception {
    String body = sightline.get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).body();
    return TraceAssertions.JSON.readTree(body).get("data").get("result");
  }
}

package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real OpenTelemetry Java SDK exports over OTLP/gRPC and OTLP/HTTP (protobuf, gzip) to a real
 * Sightline; the trace read back over the HTTP API has every span, parent link, attribute, event and
 * status the SDK recorded.
 */
class OtelSdkExportIT {
  @RegisterExtension static final SightlineExtension sightline = new SightlineExtension();

  @ParameterizedTest
  @ValueSource(strings = {"grpc", "http/protobuf", "http/protobuf+gzip", "grpc+gzip"})
  void sdkExportIsReadBackSpanForSpan(String protocol) {
    Function<String, SpanExporter> exporters = p -> switch (p) {
      case "grpc" -> OtlpGrpcSpanExporter.builder()
          .setEndpoint("http://127.0.0.1:" + sightline.server().otlpGrpcPort()).build();
      case "grpc+gzip" -> OtlpGrpcSpanExporter.builder().setCompression("gzip")
          .setEndpoint("http://127.0.0.1:" + sightline.server().otlpGrpcPort()).build();
      case "http/protobuf" -> OtlpHttpSpanExporter.builder()
          .setEndpoint("http://127.0.0.1:" + sightline.server().otlpHttpPort() + "/v1/traces").build();
      default -> OtlpHttpSpanExporter.builder().setCompression("gzip")
          .setEndpoint("http://127.0.0.1:" + sightline.server().httpPort() + "/v1/traces").build();
    };
    Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
        AttributeKey.stringKey("service.name"), "checkout",
        AttributeKey.stringKey("deployment.environment.name"), "it")));
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .setResource(resource)
        .addSpanProcessor(BatchSpanProcessor.builder(exporters.apply(protocol)).build())
        .build();
    Tracer tracer = provider.get("sightline-it", "1.0.0");

    Span root = tracer.spanBuilder("POST /checkout").setSpanKind(SpanKind.SERVER)
        .setAttribute("http.request.method", "POST")
        .setAttribute("http.response.status_code", 200L)
        .setAttribute(AttributeKey.stringArrayKey("tags"), List.of("a", "b"))
        .startSpan();
    String traceId = root.getSpanContext().getTraceId();
    String rootId = root.getSpanContext().getSpanId();
    String childId;
    try (Scope ignored = root.makeCurrent()) {
      Span child = tracer.spanBuilder("SELECT inventory").setSpanKind(SpanKind.CLIENT)
          .setAttribute("db.system.name", "h2")
          .setAttribute("db.rows", 3L)
          .setAttribute("cache.hit", false)
          .setAttribute("ratio", 0.25)
          .startSpan();
      childId = child.getSpanContext().getSpanId();
      child.addEvent("retry", Attributes.of(AttributeKey.longKey("attempt"), 2L));
      child.setStatus(StatusCode.ERROR, "deadline exceeded");
      child.end();
    }
    root.end();
    CompletableResultCode flushed = provider.forceFlush().join(10, TimeUnit.SECONDS);
    assertThat(flushed.isSuccess()).as("export over " + protocol + " acknowledged").isTrue();
    provider.shutdown().join(10, TimeUnit.SECONDS);

    JsonNode trace = TraceAssertions.awaitTrace(sightline, traceId, 2);
    assertThat(trace.get("traceId").asText()).isEqualTo(traceId);
    assertThat(trace.get("spans")).hasSize(2);
    assertThat(trace.get("services").get(0).asText()).isEqualTo("checkout");

    JsonNode r = TraceAssertions.span(trace, "POST /checkout");
    assertThat(r.get("spanId").asText()).isEqualTo(rootId);
    assertThat(r.get("parentSpanId").asText()).isEmpty();
    assertThat(r.get("kind").asText()).isEqualTo("SERVER");
    assertThat(r.get("service").asText()).isEqualTo("checkout");
    assertThat(r.get("attributes").get("http.request.method").asText()).isEqualTo("POST");
    assertThat(r.get("attributes").get("http.response.status_code").asLong()).isEqualTo(200);
    assertThat(r.get("attributes").get("tags").toString()).isEqualTo("[\"a\",\"b\"]");
    assertThat(r.get("resource").get("deployment.environment.name").asText()).isEqualTo("it");
    assertThat(r.get("resource").get("telemetry.sdk.language").asText()).isEqualTo("java");
    assertThat(r.get("scope").get("name").asText()).isEqualTo("sightline-it");
    assertThat(r.get("scope").get("version").asText()).isEqualTo("1.0.0");
    assertThat(r.get("status").get("code").asText()).isEqualTo("UNSET");

    JsonNode c = TraceAssertions.span(trace, "SELECT inventory");
    assertThat(c.get("spanId").asText()).isEqualTo(childId);
    assertThat(c.get("parentSpanId").asText()).isEqualTo(rootId);
    assertThat(c.get("kind").asText()).isEqualTo("CLIENT");
    assertThat(c.get("attributes").get("db.system.name").asText()).isEqualTo("h2");
    assertThat(c.get("attributes").get("db.rows").asLong()).isEqualTo(3);
    assertThat(c.get("attributes").get("cache.hit").asBoolean()).isFalse();
    assertThat(c.get("attributes").get("ratio").asDouble()).isEqualTo(0.25);
    assertThat(c.get("status").get("code").asText()).isEqualTo("ERROR");
    assertThat(c.get("status").get("message").asText()).isEqualTo("deadline exceeded");
    assertThat(c.get("events")).hasSize(1);
    assertThat(c.get("events").get(0).get("name").asText()).isEqualTo("retry");
    assertThat(c.get("events").get(0).get("attributes").get("attempt").asLong()).isEqualTo(2);
    long rootStart = Long.parseLong(r.get("startTimeUnixNano").asText());
    long childStart = Long.parseLong(c.get("startTimeUnixNano").asText());
    assertThat(childStart).isGreaterThanOrEqualTo(rootStart);
    assertThat(r.get("durationNanos").asLong()).isGreaterThanOrEqualTo(c.get("durationNanos").asLong());
  }
}

package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile and broken requests each get a clear 4xx naming the problem; the server keeps serving and
 * what it acknowledged before is intact afterwards.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputIT {
  @RegisterExtension static final SightlineExtension sightline = new SightlineExtension(
      "ingest.max_body_size=64KiB", "ingest.max_decompressed_size=1MiB", "ingest.max_attributes_per_span=128");

  private static final String GOOD_TRACE = "0af7651916cd43dd8448eb211c80319c";
  private static final String PROTOBUF = "application/x-protobuf";

  static Span.Builder span(String traceId, String spanId) {
    long now = System.currentTimeMillis() * 1_000_000L;
    return Span.newBuilder()
        .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(traceId)))
        .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex(spanId)))
        .setName("op").setKind(Span.SpanKind.SPAN_KIND_SERVER)
        .setStartTimeUnixNano(now - 1_000_000).setEndTimeUnixNano(now);
  }

  static byte[] request(Span... spans) {
    return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
        .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
            .setValue(AnyValue.newBuilder().setStringValue("payments"))))
        .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(java.util.List.of(spans)))).build().toByteArray();
  }

  private HttpResponse<String> postTraces(String contentType, byte[] body, String... headers) throws Exception {
    return sightline.post(sightline.server().otlpHttpPort(), "/v1/traces", contentType, body, headers);
  }

  @BeforeAll
  static void acknowledgeAGoodTraceFirst() throws Exception {
    HttpResponse<String> r = sightline.post(sightline.server().otlpHttpPort(), "/v1/traces", PROTOBUF,
        request(span(GOOD_TRACE, "b7ad6b7169203331").build()));
    assertThat(r.statusCode()).isEqualTo(200);
  }

  @Test @Order(1)
  void malformedProtobuf() throws Exception {
    HttpResponse<String> r = postTraces(PROTOBUF, new byte[] {0x0a, (byte) 0xff, (byte) 0xff, 0x01, 0x02});
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).containsIgnoringCase("protobuf");
  }

  @Test @Order(2)
  void invalidAndTruncatedJson() throws Exception {
    HttpResponse<String> r = postTraces("application/json", "{\"resourceSpans\": [".getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("message");
    HttpResponse<String> notJson = postTraces("application/json", "hello".getBytes(StandardCharsets.UTF_8));
    assertThat(notJson.statusCode()).isEqualTo(400);
  }

  @Test @Order(3)
  void wrongContentType() throws Exception {
    HttpResponse<String> r = postTraces("text/csv", "a,b".getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(415);
    assertThat(r.body()).contains("application/x-protobuf");
  }

  @Test @Order(4)
  void emptyBody() throws Exception {
    HttpResponse<String> json = postTraces("application/json", new byte[0]);
    assertThat(json.statusCode()).isEqualTo(400);
    assertThat(json.body()).contains("empty");
    // An empty protobuf message is a valid, empty export: nothing to store, nothing wrong.
    assertThat(postTraces(PROTOBUF, new byte[0]).statusCode()).isEqualTo(200);
  }

  @Test @Order(5)
  void oversizedBodyIs413NamingTheLimit() throws Exception {
    byte[] big = new byte[200 * 1024];
    HttpResponse<String> r = postTraces(PROTOBUF, big);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("max_body_size");
  }

  @Test @Order(6)
  void gzipBombIs413NamingTheDecompressedLimit() throws Exception {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(compressed)) {
      byte[] zeros = new byte[64 * 1024];
      for (int i = 0; i < 16 * 16; i++) { // 16 MiB of zeros, ~16 KiB compressed
        gz.write(zeros);
      }
    }
    assertThat(compressed.size()).isLessThan(64 * 1024);
    HttpResponse<String> r = postTraces(PROTOBUF, compressed.toByteArray(), "Content-Encoding", "gzip");
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).containsIgnoringCase("decompressed");
  }

  @Test @Order(7)
  void allZeroAndMalformedIdsAreRefusedByName() throws Exception {
    HttpResponse<String> zero = postTraces(PROTOBUF,
        request(span("00000000000000000000000000000000", "b7ad6b7169203331").build()));
    assertThat(zero.statusCode()).isEqualTo(400);
    assertThat(zero.body()).contains("traceId");
    Span shortId = span(GOOD_TRACE, "b7ad6b7169203332").setSpanId(ByteString.copyFrom(new byte[3])).build();
    HttpResponse<String> bad = postTraces(PROTOBUF, request(shortId));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("spanId");
  }

  @Test @Order(8)
  void oneBadSpanAmongGoodOnesIsAPartialSuccess() throws Exception {
    String trace = "1af7651916cd43dd8448eb211c80319c";
    byte[] body = request(span(trace, "c7ad6b7169203331").build(),
        span(trace, "0000000000000000").build());
    HttpResponse<String> r = postTraces("application/json", JsonFormat.printer().print(
        ExportTraceServiceRequest.parseFrom(body)).getBytes(StandardCharsets.UTF_8));
    // JsonFormat writes base64 ids, which OTLP/JSON forbids: the whole request is refused by name.
    assertThat(r.statusCode()).isEqualTo(400);

    HttpResponse<byte[]> p = sightline.postForBytes(sightline.server().otlpHttpPort(), "/v1/traces", PROTOBUF, body);
    assertThat(p.statusCode()).isEqualTo(200);
    var response = io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse.parseFrom(p.body());
    assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
    assertThat(response.getPartialSuccess().getErrorMessage()).contains("spanId");
    TraceAssertions.awaitTrace(sightline, trace, 1);
  }

  @Test @Order(9)
  void absurdTimestampsAreRefused() throws Exception {
    Span zeroStart = span("2af7651916cd43dd8448eb211c80319c", "d7ad6b7169203331")
        .setStartTimeUnixNano(0).setEndTimeUnixNano(5).build();
    HttpResponse<String> r = postTraces(PROTOBUF, request(zeroStart));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).containsIgnoringCase("time");
    long now = System.currentTimeMillis() * 1_000_000L;
    Span future = span("3af7651916cd43dd8448eb211c80319c", "d7ad6b7169203332")
        .setStartTimeUnixNano(now + TimeUnit.DAYS.toNanos(30)).setEndTimeUnixNano(now + TimeUnit.DAYS.toNanos(31))
        .build();
    assertThat(postTraces(PROTOBUF, request(future)).statusCode()).isEqualTo(400);
    Span backwards = span("4af7651916cd43dd8448eb211c80319c", "d7ad6b7169203333")
        .setStartTimeUnixNano(now).setEndTimeUnixNano(now - 1_000_000).build();
    assertThat(postTraces(PROTOBUF, request(backwards)).statusCode()).isEqualTo(400);
  }

  @Test @Order(10)
  void tenThousandAttributesAreCappedAndCounted() throws Exception {
    String trace = "5af7651916cd43dd8448eb211c80319c";
    Span.Builder s = span(trace, "e7ad6b7169203331");
    for (int i = 0; i < 10_000; i++) {
      s.addAttributes(KeyValue.newBuilder().setKey("k" + i).setValue(AnyValue.newBuilder().setIntValue(i)));
    }
    byte[] body = request(s.build());
    assertThat(body.length).isLessThan(200 * 1024);
    HttpResponse<String> r = sightline.post(sightline.server().httpPort(), "/v1/traces", PROTOBUF, gzip(body),
        "Content-Encoding", "gzip");
    assertThat(r.statusCode()).isEqualTo(200);
    var stored = TraceAssertions.awaitTrace(sightline, trace, 1).get("spans").get(0);
    assertThat(stored.get("attributes").size()).isEqualTo(128);
    String metrics = sightline.get("/metrics").body();
    assertThat(metrics).containsPattern("sightline_dropped_attributes_total\\{[^}]*signal=\"spans\"[^}]*} 9872");
  }

  @AfterAll
  static void serverStillServesAndEarlierDataIsIntact() throws Exception {
    assertThat(sightline.get("/health/live").statusCode()).isEqualTo(200);
    assertThat(sightline.get("/health/ready").statusCode()).isEqualTo(200);
    var trace = TraceAssertions.awaitTrace(sightline, GOOD_TRACE, 1);
    assertThat(trace.get("spans").get(0).get("spanId").asText()).isEqualTo("b7ad6b7169203331");
    String metrics = sightline.get("/metrics").body();
    assertThat(metrics).contains("sightline_rejected_items_total");
  }

  static byte[] gzip(byte[] data) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }
}

package dev.sightline.ingest.zipkin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.ingest.DecodeResult;
import dev.sightline.ingest.IngestLimits;
import dev.sightline.ingest.InvalidPayloadException;
import dev.sightline.model.Attributes;
import dev.sightline.model.Span;
import dev.sightline.model.SpanEvent;
import dev.sightline.model.SpanKind;
import dev.sightline.model.Status;
import dev.sightline.model.StatusCode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ZipkinV2DecoderTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T20:00:00Z"), ZoneOffset.UTC);
  final ZipkinV2Decoder decoder = ZipkinV2Decoder.create(IngestLimits.defaults(), CLOCK);

  /** What Brave's AsyncZipkinSpanHandler sends for a client call and the server span it joined. */
  static final String BRAVE = """
      [{"traceId":"86154a4ba6e91385","parentId":"86154a4ba6e91385","id":"4d1e00c0db9010db","kind":"CLIENT",\
      "name":"get /api","timestamp":1472470996199000,"duration":207000,\
      "localEndpoint":{"serviceName":"frontend","ipv4":"192.168.99.1"},\
      "remoteEndpoint":{"serviceName":"backend","ipv4":"172.17.0.13","port":9000},\
      "annotations":[{"timestamp":1472470996238000,"value":"ws"},{"timestamp":1472470996403000,"value":"wr"}],\
      "tags":{"http.method":"GET","http.path":"/api","clnt/finagle.version":"6.45.0"}},\
      {"traceId":"86154a4ba6e91385","parentId":"86154a4ba6e91385","id":"4d1e00c0db9010db","kind":"SERVER",\
      "name":"get /api","timestamp":1472470996250000,"duration":100000,"shared":true,\
      "localEndpoint":{"serviceName":"backend","ipv4":"172.17.0.13","ipv6":"2001:db8::c001","port":9000},\
      "remoteEndpoint":{"ipv6":"2001:db8::c002","port":53410},\
      "tags":{"http.method":"GET","http.path":"/api","http.status_code":"500","error":"Internal Server Error"}},\
      {"traceId":"463ac35c9f6413ad48485a3953bb6124","id":"a2fb4a1d1a96d312","name":"process-order",\
      "timestamp":1472470996300000,"duration":1,"debug":true,"localEndpoint":{"serviceName":"frontend"},\
      "tags":{"otel.status_code":"ERROR","otel.status_description":"card declined","otel.scope.name":"io.otel.shop",\
      "otel.scope.version":"1.2.3","error":"true"}}]""";

  DecodeResult<Span> decode(String json) {
    return decoder.decode(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void decodesWhatBraveSends() {
    DecodeResult<Span> result = decode(BRAVE);
    assertThat(result.errorMessage()).isEmpty();
    assertThat(result.accepted()).hasSize(3);

    Span client = result.accepted().get(0);
    assertThat(client.traceId()).isEqualTo("000000000000000086154a4ba6e91385");
    assertThat(client.spanId()).isEqualTo("4d1e00c0db9010db");
    assertThat(client.parentSpanId()).isEqualTo("86154a4ba6e91385");
    assertThat(client.kind()).isEqualTo(SpanKind.CLIENT);
    assertThat(client.name()).isEqualTo("get /api");
    assertThat(client.startEpochNanos()).isEqualTo(1472470996199000000L);
    assertThat(client.endEpochNanos()).isEqualTo(1472470996406000000L);
    assertThat(client.serviceName()).isEqualTo("frontend");
    assertThat(client.flags()).isEqualTo(1);
    assertThat(client.attributes().asMap()).containsExactly(
        java.util.Map.entry("network.local.address", "192.168.99.1"),
        java.util.Map.entry("peer.service", "backend"),
        java.util.Map.entry("network.peer.address", "172.17.0.13"),
        java.util.Map.entry("network.peer.port", 9000L),
        java.util.Map.entry("http.method", "GET"),
        java.util.Map.entry("http.path", "/api"),
        java.util.Map.entry("clnt/finagle.version", "6.45.0"));
    assertThat(client.events()).containsExactly(
        SpanEvent.of(1472470996238000000L, "ws", Attributes.empty()),
        SpanEvent.of(1472470996403000000L, "wr", Attributes.empty()));
    assertThat(client.status()).isEqualTo(Status.UNSET);

    Span server = result.accepted().get(1);
    assertThat(server.kind()).isEqualTo(SpanKind.SERVER);
    assertThat(server.serviceName()).isEqualTo("backend");
    assertThat(server.attributes().get("zipkin.shared")).isEqualTo(true);
    assertThat(server.attributes().get("network.local.address")).isEqualTo("172.17.0.13");
    assertThat(server.attributes().get("network.local.port")).isEqualTo(9000L);
    assertThat(server.attributes().get("network.peer.address")).isEqualTo("2001:db8::c002");
    assertThat(server.attributes().get("network.peer.port")).isEqualTo(53410L);
    assertThat(server.attributes().containsKey("error")).isFalse();
    assertThat(server.attributes().get("http.status_code")).isEqualTo("500");
    assertThat(server.status()).isEqualTo(new Status(StatusCode.ERROR, "Internal Server Error"));

    Span otel = result.accepted().get(2);
    assertThat(otel.traceId()).isEqualTo("463ac35c9f6413ad48485a3953bb6124");
    assertThat(otel.kind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(otel.isRoot()).isTrue();
    assertThat(otel.status()).isEqualTo(Status.error("card declined"));
    assertThat(otel.scope().name()).isEqualTo("io.otel.shop");
    assertThat(otel.scope().version()).isEqualTo("1.2.3");
    assertThat(otel.attributes()).isEqualTo(Attributes.of("zipkin.debug", true));
    // Spans of one service share one Resource instance.
    assertThat(otel.resource()).isSameAs(client.resource());
  }

  @Test
  void otelStatusOkWinsOverAnErrorTagAndMissingDurationMeansZero() {
    Span s = decode("""
        [{"traceId":"463ac35c9f6413ad48485a3953bb6124","id":"a2fb4a1d1a96d312","name":"x",\
        "timestamp":1472470996300000,"tags":{"otel.status_code":"OK","error":"ignored"}}]""").accepted().get(0);
    assertThat(s.status()).isEqualTo(Status.OK);
    assertThat(s.endEpochNanos()).isEqualTo(s.startEpochNanos());
    assertThat(s.resource().serviceName()).isEqualTo("unknown_service");
  }

  /** What the OpenTelemetry Java SDK's Zipkin exporter writes for events and dropped counts. */
  @Test
  void otelExporterEventsAndDroppedCounts() {
    Span s = decode("""
        [{"traceId":"463ac35c9f6413ad48485a3953bb6124","id":"a2fb4a1d1a96d312","name":"x","timestamp":1472470996300000,        "annotations":[{"timestamp":1472470996300001,"value":"\\"exception\\":{\\"exception.type\\":\\"java.io.IOException\\",\\"retries\\":3}"},        {"timestamp":1472470996300002,"value":"\\"not\\":{json"}],        "tags":{"otel.dropped_attributes_count":"2","otel.dropped_events_count":"3","otel.dropped_links_count":"4","k":"v"}}]""")
        .accepted().get(0);
    assertThat(s.events()).containsExactly(
        SpanEvent.of(1472470996300001000L, "exception", Attributes.of("exception.type", "java.io.IOException", "retries", 3L)),
        SpanEvent.of(1472470996300002000L, "\"not\":{json", Attributes.empty()));
    assertThat(s.droppedAttributesCount()).isEqualTo(2);
    assertThat(s.droppedEventsCount()).isEqualTo(3);
    assertThat(s.droppedLinksCount()).isEqualTo(4);
    assertThat(s.attributes()).isEqualTo(Attributes.of("k", "v"));
  }

  @Test
  void invalidSpansAreRejectedWithReasons() {
    DecodeResult<Span> r = decode("""
        [{"traceId":"86154a4ba6e91385","id":"4d1e00c0db9010db","timestamp":1472470996199000},
         {"traceId":"0000000000000000","id":"4d1e00c0db9010db","timestamp":1472470996199000},
         {"traceId":"86154a4ba6e9138","id":"4d1e00c0db9010db","timestamp":1472470996199000},
         {"traceId":"86154a4ba6e91385","id":"zz1e00c0db9010db","timestamp":1472470996199000},
         {"traceId":"86154a4ba6e91385","id":"4d1e00c0db9010db","parentId":"0000000000000000","timestamp":1472470996199000},
         {"traceId":"86154a4ba6e91385","id":"4d1e00c0db9010db"},
         {"traceId":"86154a4ba6e91385","id":"4d1e00c0db9010db","timestamp":946684799000000},
         {"traceId":"86154a4ba6e91385","id":"4d1e00c0db9010db","timestamp":1900000000000000},
         {"traceId":"86154a4ba6e91385","id":"4d1e00c0db9010db","timestamp":1472470996199000,"duration":-5},
         {"traceId":"86154a4ba6e91385","id":"4d1e00c0db9010db","timestamp":1472470996199000,"kind":"SIDEWAYS"},
         {"traceId":"86154a4ba6e91385","id":"4d1e00c0db9010db","timestamp":9223372036854775807},
         {"traceId":"86154a4ba6e91385","id":"0000000000000000","timestamp":1472470996199000}]""");
    assertThat(r.accepted()).hasSize(1);
    assertThat(r.rejected()).isEqualTo(11);
    assertThat(r.errorMessage()).startsWith("11 spans rejected: [1].traceId: all zeros; "
            + "[2].traceId: must be 32 hex characters, got 15; [3].id: not hex at character 0; "
            + "[4].parentId: all zeros; [5].timestamp: missing; [6].timestamp: too far in the past")
        .contains("[7].timestamp: too far in the future")
        .contains("[8].duration: negative (-5)")
        .contains("[9].kind: unknown kind 'SIDEWAYS'")
        .contains("[10].timestamp: out of range")
        .endsWith("; and 1 more"); // only the first ten reasons are kept
  }

  @Test
  void attributeLimitsApply() {
    StringBuilder tags = new StringBuilder();
    for (int i = 0; i < 10_000; i++) {
      tags.append(i == 0 ? "" : ",").append("\"t").append(i).append("\":\"v\"");
    }
    DecodeResult<Span> r = decode("[{\"traceId\":\"86154a4ba6e91385\",\"id\":\"4d1e00c0db9010db\","
        + "\"timestamp\":1472470996199000,\"tags\":{" + tags + ",\"long\":\"" + "x".repeat(40_000) + "\"}}]");
    Span s = r.accepted().get(0);
    assertThat(s.attributes().size()).isEqualTo(128);
    assertThat(s.droppedAttributesCount()).isEqualTo(10_001 - 128);
    assertThat(r.droppedAttributes()).isEqualTo(10_001 - 128);
  }

  @Test
  void malformedBodiesFailWithWhereAndWhat() {
    assertThatThrownBy(() -> decode("")).isInstanceOf(InvalidPayloadException.class).hasMessageContaining("empty body");
    assertThatThrownBy(() -> decode("{\"traceId\":\"x\"}")).isInstanceOf(InvalidPayloadException.class)
        .hasMessageContaining("expected a JSON array");
    assertThatThrownBy(() -> decode("[1]")).isInstanceOf(InvalidPayloadException.class)
        .hasMessageContaining("[0]: expected a span object, got number");
    assertThatThrownBy(() -> decode(BRAVE.substring(0, 300))).isInstanceOf(InvalidPayloadException.class)
        .hasMessageStartingWith("invalid Zipkin v2 JSON at line 1");
    assertThatThrownBy(() -> decode("[{\"traceId\":86154,\"id\":\"4d1e00c0db9010db\"}]"))
        .isInstanceOf(InvalidPayloadException.class).hasMessage("[0].traceId: expected a string, got number");
    assertThatThrownBy(() -> decode("[{\"traceId\":\"86154a4ba6e91385\",\"id\":\"4d1e00c0db9010db\",\"timestamp\":\"soon\"}]"))
        .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("[0].timestamp: expected epoch microseconds");
    assertThatThrownBy(() -> decode("[{\"traceId\":\"86154a4ba6e91385\",\"id\":\"4d1e00c0db9010db\","
        + "\"timestamp\":1472470996199000,\"tags\":{\"a\":{\"b\":1}}}]"))
        .isInstanceOf(InvalidPayloadException.class).hasMessage("[0].tags.a: expected a string, got object");
    assertThatThrownBy(() -> decode("[" + "[".repeat(1000) + "]".repeat(1001)))
        .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("nesting depth");
  }

  @Test
  void emptyArrayIsNothing() {
    assertThat(decode("[]").accepted()).isEmpty();
  }
}

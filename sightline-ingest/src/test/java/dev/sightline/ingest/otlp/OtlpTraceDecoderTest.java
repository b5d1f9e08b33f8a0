package dev.sightline.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.sightline.ingest.DecodeResult;
import dev.sightline.ingest.IngestLimits;
import dev.sightline.ingest.InvalidPayloadException;
import dev.sightline.model.Attributes;
import dev.sightline.model.Span;
import dev.sightline.model.SpanEvent;
import dev.sightline.model.SpanKind;
import dev.sightline.model.SpanLink;
import dev.sightline.model.StatusCode;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class OtlpTraceDecoderTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T20:00:00Z"), ZoneOffset.UTC);
  static final long T0 = Instant.parse("2026-11-23T19:59:00Z").getEpochSecond() * 1_000_000_000L;
  static final String TRACE = "5b8efff798038103d269b633813fc60c";
  static final String SPAN = "eee19b7ec3c1b174";
  static final String PARENT = "eee19b7ec3c1b173";

  final OtlpTraceDecoder decoder = OtlpTraceDecoder.create(IngestLimits.defaults(), CLOCK);

  @Test
  void decodesTheOtlpProtoExampleJson() throws IOException {
    byte[] json;
    try (InputStream in = getClass().getResourceAsStream("/otlp/trace.json")) {
      json = in.readAllBytes();
    }
    DecodeResult<Span> result = decoder.decodeJson(json);

    assertThat(result.rejected()).isZero();
    assertThat(result.errorMessage()).isEmpty();
    assertThat(result.accepted()).hasSize(1);
    Span span = result.accepted().get(0);
    // The example writes ids in uppercase hex; the model keeps them lowercase.
    assertThat(span.traceId()).isEqualTo(TRACE);
    assertThat(span.spanId()).isEqualTo(SPAN);
    assertThat(span.parentSpanId()).isEqualTo(PARENT);
    assertThat(span.name()).isEqualTo("I'm a server span");
    assertThat(span.kind()).isEqualTo(SpanKind.SERVER);
    assertThat(span.startEpochNanos()).isEqualTo(1544712660000000000L);
    assertThat(span.endEpochNanos()).isEqualTo(1544712661000000000L);
    assertThat(span.attributes()).isEqualTo(Attributes.of("my.span.attr", "some value"));
    assertThat(span.serviceName()).isEqualTo("my.service");
    assertThat(span.scope().name()).isEqualTo("my.library");
    assertThat(span.scope().version()).isEqualTo("1.0.0");
    assertThat(span.scope().attributes()).isEqualTo(Attributes.of("my.scope.attribute", "some scope attribute"));
  }

  @Test
  void protobufRoundTripKeepsEveryField() {
    ExportTraceServiceRequest request = request(fullSpan().build());

    DecodeResult<Span> fromMessage = decoder.decode(request);
    DecodeResult<Span> fromBytes = decoder.decodeProtobuf(request.toByteArray());

    assertThat(fromBytes).isEqualTo(fromMessage);
    assertThat(fromMessage.accepted()).hasSize(1);
    Span s = fromMessage.accepted().get(0);
    assertThat(s.traceId()).isEqualTo(TRACE);
    assertThat(s.spanId()).isEqualTo(SPAN);
    assertThat(s.parentSpanId()).isEqualTo(PARENT);
    assertThat(s.traceState()).isEqualTo("vendor=value");
    assertThat(s.flags()).isEqualTo(0x101);
    assertThat(s.name()).isEqualTo("GET /checkout");
    assertThat(s.kind()).isEqualTo(SpanKind.CLIENT);
    assertThat(s.startEpochNanos()).isEqualTo(T0);
    assertThat(s.endEpochNanos()).isEqualTo(T0 + 1_500_000);
    assertThat(s.attributes().asMap()).containsExactly(
        java.util.Map.entry("http.method", "GET"),
        java.util.Map.entry("http.status_code", 200L),
        java.util.Map.entry("ratio", 0.25),
        java.util.Map.entry("cached", true),
        java.util.Map.entry("tags", List.of("a", "b")),
        java.util.Map.entry("nested", Attributes.of("k", "v")),
        java.util.Map.entry("raw", "AQI="));
    assertThat(s.droppedAttributesCount()).isEqualTo(3);
    assertThat(s.events()).containsExactly(new SpanEvent(T0 + 1000, "exception",
        Attributes.of("exception.message", "boom"), 1));
    assertThat(s.droppedEventsCount()).isEqualTo(2);
    assertThat(s.links()).containsExactly(new SpanLink("0102030405060708090a0b0c0d0e0f10", "0102030405060708",
        "l=1", Attributes.of("link.kind", "follows"), 4));
    assertThat(s.droppedLinksCount()).isEqualTo(5);
    assertThat(s.status().code()).isEqualTo(StatusCode.ERROR);
    assertThat(s.status().message()).isEqualTo("upstream failed");
    assertThat(s.resource().attributes()).isEqualTo(Attributes.of("service.name", "checkout", "host.name", "h1"));
    assertThat(s.scope().name()).isEqualTo("io.opentelemetry.okhttp");
    assertThat(s.scope().version()).isEqualTo("2.1.0");
    assertThat(s.scope().attributes()).isEqualTo(Attributes.of("scope.attr", 1L));
  }

  @Test
  void jsonAndProtobufOfTheSameRequestDecodeAlike() {
    String json = """
        {"resourceSpans":[{"resource":{"attributes":[
            {"key":"service.name","value":{"stringValue":"checkout"}},
            {"key":"host.name","value":{"stringValue":"h1"}}]},
          "scopeSpans":[{"scope":{"name":"io.opentelemetry.okhttp","version":"2.1.0",
              "attributes":[{"key":"scope.attr","value":{"intValue":1}}]},
            "spans":[{"traceId":"%s","spanId":"%s","parentSpanId":"%s","traceState":"vendor=value",
              "flags":257,"name":"GET /checkout","kind":"SPAN_KIND_CLIENT",
              "startTimeUnixNano":"%d","endTimeUnixNano":%d,
              "attributes":[
                {"key":"http.method","value":{"stringValue":"GET"}},
                {"key":"http.status_code","value":{"intValue":"200"}},
                {"key":"ratio","value":{"doubleValue":0.25}},
                {"key":"cached","value":{"boolValue":true}},
                {"key":"tags","value":{"arrayValue":{"values":[{"stringValue":"a"},{"stringValue":"b"}]}}},
                {"key":"nested","value":{"kvlistValue":{"values":[{"key":"k","value":{"stringValue":"v"}}]}}},
                {"key":"raw","value":{"bytesValue":"AQI="}}],
              "droppedAttributesCount":3,
              "events":[{"timeUnixNano":"%d","name":"exception","droppedAttributesCount":1,
                "attributes":[{"key":"exception.message","value":{"stringValue":"boom"}}]}],
              "droppedEventsCount":2,
              "links":[{"traceId":"0102030405060708090A0B0C0D0E0F10","spanId":"0102030405060708","traceState":"l=1",
                "attributes":[{"key":"link.kind","value":{"stringValue":"follows"}}],"droppedAttributesCount":4}],
              "droppedLinksCount":5,
              "status":{"code":2,"message":"upstream failed"},
              "someFutureField":{"nested":[1,2,3]}}]}]}]}
        """.formatted(TRACE, SPAN, PARENT, T0, T0 + 1_500_000, T0 + 1000);

    DecodeResult<Span> fromJson = decoder.decodeJson(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertThat(fromJson).isEqualTo(decoder.decode(request(fullSpan().build())));
  }

  @Test
  void invalidSpansAreRejectedOneByOneWithTheirPlace() {
    var good = fullSpan();
    ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(ScopeSpans.newBuilder()
            .addSpans(good)
            .addSpans(fullSpan().setTraceId(ByteString.copyFrom(new byte[16])))
            .addSpans(fullSpan().setSpanId(ByteString.copyFrom(new byte[4])))
            .addSpans(fullSpan().setParentSpanId(ByteString.copyFrom(new byte[8])))
            .addSpans(fullSpan().clearTraceId())
            .addSpans(fullSpan().setStartTimeUnixNano(0))
            .addSpans(fullSpan().setStartTimeUnixNano(Instant.parse("1999-12-31T23:59:59Z").getEpochSecond() * 1_000_000_000L))
            .addSpans(fullSpan().setStartTimeUnixNano(T0 + 2 * 86_400_000_000_000L)
                .setEndTimeUnixNano(T0 + 2 * 86_400_000_000_000L))
            .addSpans(fullSpan().setEndTimeUnixNano(T0 - 1))))
        .build();

    DecodeResult<Span> result = decoder.decode(request);

    assertThat(result.accepted()).hasSize(1);
    assertThat(result.rejected()).isEqualTo(8);
    assertThat(result.isPartial()).isTrue();
    assertThat(result.errorMessage())
        .startsWith("8 spans rejected: resourceSpans[0].scopeSpans[0].spans[1].traceId: all zeros; ")
        .contains("spans[2].spanId: must be 8 bytes, got 4")
        .contains("spans[3].parentSpanId: all zeros")
        .contains("spans[4].traceId: missing")
        .contains("spans[5].startTimeUnixNano: missing (0)")
        .contains("spans[6].startTimeUnixNano: too far in the past (1999-12-31T23:59:59Z")
        .contains("spans[7].startTimeUnixNano: too far in the future")
        .contains("spans[8].endTimeUnixNano: before start");

    ExportTraceServiceResponse response = OtlpTraceDecoder.response(result);
    assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(8);
    assertThat(response.getPartialSuccess().getErrorMessage()).isEqualTo(result.errorMessage());
    assertThat(OtlpTraceDecoder.response(decoder.decode(request(good.build()))).hasPartialSuccess()).isFalse();
    assertThat(new String(OtlpTraceDecoder.responseJson(result), java.nio.charset.StandardCharsets.UTF_8))
        .startsWith("{\"partialSuccess\":{\"rejectedSpans\":\"8\",\"errorMessage\":\"8 spans rejected: ");
    assertThat(OtlpTraceDecoder.responseJson(decoder.decode(request(good.build())))).asString().isEqualTo("{}");
  }

  @Test
  void tenThousandAttributesAreCappedAndCounted() {
    var span = fullSpan().clearAttributes().setDroppedAttributesCount(0);
    for (int i = 0; i < 10_000; i++) {
      span.addAttributes(kv("attr." + i, AnyValue.newBuilder().setIntValue(i).build()));
    }
    DecodeResult<Span> result = decoder.decode(request(span.build()));

    Span s = result.accepted().get(0);
    assertThat(s.attributes().size()).isEqualTo(128);
    assertThat(s.attributes().get("attr.0")).isEqualTo(0L);
    assertThat(s.attributes().get("attr.127")).isEqualTo(127L);
    assertThat(s.attributes().containsKey("attr.128")).isFalse();
    assertThat(s.droppedAttributesCount()).isEqualTo(10_000 - 128);
    assertThat(result.droppedAttributes()).isEqualTo(10_000 - 128);
  }

  @Test
  void longValuesAreTruncatedAndEventsAndLinksCapped() {
    IngestLimits small = IngestLimits.builder().maxAttributeValueLength(10).maxEventsPerSpan(2)
        .maxLinksPerSpan(1).maxAttributesPerEvent(1).build();
    var span = fullSpan().clearAttributes().clearEvents().clearLinks()
        .setDroppedEventsCount(0).setDroppedLinksCount(0)
        .addAttributes(kv("long", str("x".repeat(100_000))))
        .addAttributes(kv("list", AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
            .addValues(str("y".repeat(20)))).build()));
    for (int i = 0; i < 5; i++) {
      span.addEvents(io.opentelemetry.proto.trace.v1.Span.Event.newBuilder().setName("e" + i)
          .setTimeUnixNano(T0).addAttributes(kv("a", str("1"))).addAttributes(kv("b", str("2"))));
      span.addLinks(io.opentelemetry.proto.trace.v1.Span.Link.newBuilder()
          .setTraceId(bytes(TRACE)).setSpanId(bytes(SPAN)));
    }
    DecodeResult<Span> result = OtlpTraceDecoder.create(small, CLOCK).decode(request(span.build()));

    Span s = result.accepted().get(0);
    assertThat(s.attributes().get("long")).isEqualTo("x".repeat(10));
    assertThat(s.attributes().get("list")).isEqualTo(List.of("y".repeat(10)));
    assertThat(result.truncatedValues()).isEqualTo(2);
    assertThat(s.events()).extracting(SpanEvent::name).containsExactly("e0", "e1");
    assertThat(s.events().get(0).droppedAttributesCount()).isEqualTo(1);
    assertThat(s.droppedEventsCount()).isEqualTo(3);
    assertThat(s.links()).hasSize(1);
    assertThat(s.droppedLinksCount()).isEqualTo(4);
    assertThat(result.droppedEvents()).isEqualTo(3);
    assertThat(result.droppedLinks()).isEqualTo(4);
    assertThat(result.droppedAttributes()).isEqualTo(2);
  }

  @Test
  void malformedAndTruncatedProtobufFailWithAClearMessage() {
    byte[] full = request(fullSpan().build()).toByteArray();
    assertThatThrownBy(() -> decoder.decodeProtobuf(Arrays.copyOf(full, full.length - 7)))
        .isInstanceOf(InvalidPayloadException.class)
        .hasMessageStartingWith("malformed OTLP protobuf ExportTraceServiceRequest")
        .hasMessageContaining("input ended unexpectedly");
    assertThatThrownBy(() -> decoder.decodeProtobuf("{\"resourceSpans\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidPayloadException.class)
        .hasMessageStartingWith("malformed OTLP protobuf");
    assertThatThrownBy(() -> decoder.decodeProtobuf(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff}))
        .isInstanceOf(InvalidPayloadException.class);
  }

  @Test
  void deeplyNestedProtobufValuesHitTheRecursionLimit() {
    AnyValue v = str("leaf");
    for (int i = 0; i < 200; i++) {
      v = AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(v)).build();
    }
    byte[] deep = request(fullSpan().addAttributes(kv("deep", v)).build()).toByteArray();
    assertThatThrownBy(() -> decoder.decodeProtobuf(deep))
        .isInstanceOf(InvalidPayloadException.class)
        .hasMessageContaining("too many levels of nesting");
  }

  @Test
  void emptyProtobufBodyIsAnEmptyRequest() {
    DecodeResult<Span> result = decoder.decodeProtobuf(new byte[0]);
    assertThat(result.accepted()).isEmpty();
    assertThat(result.rejected()).isZero();
  }

  static ExportTraceServiceRequest request(io.opentelemetry.proto.trace.v1.Span span) {
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder()
            .setResource(Resource.newBuilder()
                .addAttributes(kv("service.name", str("checkout")))
                .addAttributes(kv("host.name", str("h1"))))
            .addScopeSpans(ScopeSpans.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName("io.opentelemetry.okhttp").setVersion("2.1.0")
                    .addAttributes(kv("scope.attr", AnyValue.newBuilder().setIntValue(1).build())))
                .addSpans(span)))
        .build();
  }

  static io.opentelemetry.proto.trace.v1.Span.Builder fullSpan() {
    return io.opentelemetry.proto.trace.v1.Span.newBuilder()
        .setTraceId(bytes(TRACE))
        .setSpanId(bytes(SPAN))
        .setParentSpanId(bytes(PARENT))
        .setTraceState("vendor=value")
        .setFlags(0x101)
        .setName("GET /checkout")
        .setKind(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CLIENT)
        .setStartTimeUnixNano(T0)
        .setEndTimeUnixNano(T0 + 1_500_000)
        .addAttributes(kv("http.method", str("GET")))
        .addAttributes(kv("http.status_code", AnyValue.newBuilder().setIntValue(200).build()))
        .addAttributes(kv("ratio", AnyValue.newBuilder().setDoubleValue(0.25).build()))
        .addAttributes(kv("cached", AnyValue.newBuilder().setBoolValue(true).build()))
        .addAttributes(kv("tags", AnyValue.newBuilder().setArrayValue(
            ArrayValue.newBuilder().addValues(str("a")).addValues(str("b"))).build()))
        .addAttributes(kv("nested", AnyValue.newBuilder().setKvlistValue(
            KeyValueList.newBuilder().addValues(kv("k", str("v")))).build()))
        .addAttributes(kv("raw", AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(new byte[] {1, 2})).build()))
        .addAttributes(kv("empty", AnyValue.getDefaultInstance()))
        .setDroppedAttributesCount(3)
        .addEvents(io.opentelemetry.proto.trace.v1.Span.Event.newBuilder()
            .setTimeUnixNano(T0 + 1000).setName("exception").setDroppedAttributesCount(1)
            .addAttributes(kv("exception.message", str("boom"))))
        .setDroppedEventsCount(2)
        .addLinks(io.opentelemetry.proto.trace.v1.Span.Link.newBuilder()
            .setTraceId(bytes("0102030405060708090a0b0c0d0e0f10")).setSpanId(bytes("0102030405060708"))
            .setTraceState("l=1").addAttributes(kv("link.kind", str("follows"))).setDroppedAttributesCount(4))
        .setDroppedLinksCount(5)
        .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("upstream failed"));
  }

  static KeyValue kv(String key, AnyValue value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }

  static AnyValue str(String s) {
    return AnyValue.newBuilder().setStringValue(s).build();
  }

  static ByteString bytes(String hex) {
    return ByteString.copyFrom(HexFormat.of().parseHex(hex));
  }
}

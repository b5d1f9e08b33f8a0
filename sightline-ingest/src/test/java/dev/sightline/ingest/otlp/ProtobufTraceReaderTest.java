package dev.sightline.ingest.otlp;

import static dev.sightline.ingest.otlp.OtlpTraceDecoderTest.CLOCK;
import static dev.sightline.ingest.otlp.OtlpTraceDecoderTest.TRACE;
import static dev.sightline.ingest.otlp.OtlpTraceDecoderTest.bytes;
import static dev.sightline.ingest.otlp.OtlpTraceDecoderTest.fullSpan;
import static dev.sightline.ingest.otlp.OtlpTraceDecoderTest.kv;
import static dev.sightline.ingest.otlp.OtlpTraceDecoderTest.str;
import static dev.sightline.ingest.otlp.ProtobufEquivalence.assertSameOutcome;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import dev.sightline.ingest.DecodeResult;
import dev.sightline.ingest.IngestLimits;
import dev.sightline.ingest.internal.OtlpJsonReader;
import dev.sightline.ingest.otlp.WireScrambler.Variation;
import dev.sightline.model.Attributes;
import dev.sightline.model.Span;
import dev.sightline.model.StatusCode;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link OtlpTraceDecoder#decodeProtobuf} reads the wire format itself; every test here holds it to the
 * reference, {@code decode(ExportTraceServiceRequest.parseFrom(body))}, on real, generated and hand-written
 * bodies. Hostile bodies are in {@link ProtobufTraceHostileTest}.
 */
class ProtobufTraceReaderTest {
  /** Small enough that generated requests run into every limit. */
  static final IngestLimits SMALL = IngestLimits.builder()
      .maxAttributesPerSpan(3).maxAttributesPerEvent(2).maxAttributesPerLink(1).maxResourceAttributes(2)
      .maxEventsPerSpan(2).maxLinksPerSpan(2).maxAttributeValueLength(8).build();

  final OtlpTraceDecoder decoder = OtlpTraceDecoder.create(IngestLimits.defaults(), CLOCK);
  final OtlpTraceDecoder small = OtlpTraceDecoder.create(SMALL, CLOCK);

  @Test
  void theOtlpExampleDecodesAlikeHoweverItIsWritten() throws IOException {
    byte[] json;
    try (InputStream in = getClass().getResourceAsStream("/otlp/trace.json")) { // from ../shared/conformance/otlp
      json = in.readAllBytes();
    }
    ExportTraceServiceRequest.Builder b = ExportTraceServiceRequest.newBuilder();
    new OtlpJsonReader(IngestLimits.defaults()).merge(json, b);
    ExportTraceServiceRequest request = b.build();

    DecodeResult<Span> result = assertSameOutcome(decoder, request.toByteArray(), "trace.json");
    assertThat(result.accepted()).hasSize(1);
    assertThat(result).isEqualTo(decoder.decodeJson(json));
    for (Variation v : Variation.values()) {
      WireScrambler scrambler = new WireScrambler(v.ordinal(), EnumSet.of(v));
      for (int n = 0; n < 50; n++) {
        assertSameOutcome(decoder, scrambler.encode(request), "trace.json " + v + " " + n);
      }
    }
  }

  @Test
  void generatedRequestsDecodeAlike() {
    RandomTraceRequests requests = new RandomTraceRequests(20261123);
    Tally tally = new Tally();
    for (int n = 0; n < 3000; n++) {
      byte[] body = requests.next().toByteArray();
      assertSameOutcome(decoder, body, "request " + n);
      tally.add(assertSameOutcome(small, body, "request " + n + " with small limits"));
    }
    tally.assertEveryPathTaken();
  }

  @ParameterizedTest
  @EnumSource(Variation.class)
  void wireVariationsDecodeAlike(Variation variation) throws InvalidProtocolBufferException {
    RandomTraceRequests requests = new RandomTraceRequests(variation.ordinal());
    WireScrambler scrambler = new WireScrambler(variation.ordinal(), EnumSet.of(variation));
    Tally tally = new Tally();
    for (int n = 0; n < 800; n++) {
      ExportTraceServiceRequest request = requests.next();
      byte[] body = scrambler.encode(request);
      if (variation == Variation.REVERSED || variation == Variation.SHUFFLED || variation == Variation.SPLIT) {
        // These keep the meaning: protobuf-java reads back the very request, so spans still get accepted.
        assertThat(ExportTraceServiceRequest.parseFrom(body)).isEqualTo(request);
      }
      assertSameOutcome(decoder, body, variation + " " + n);
      tally.add(assertSameOutcome(small, body, variation + " " + n + " with small limits"));
    }
    tally.assertEveryPathTaken();
  }

  @Test
  void allWireVariationsAtOnceDecodeAlike() {
    RandomTraceRequests requests = new RandomTraceRequests(99);
    WireScrambler scrambler = new WireScrambler(99, EnumSet.allOf(Variation.class));
    for (int n = 0; n < 1500; n++) {
      byte[] body = scrambler.encode(requests.next());
      assertSameOutcome(decoder, body, "scrambled " + n);
      assertSameOutcome(small, body, "scrambled " + n + " with small limits");
    }
  }

  @Test
  void resourceAfterScopeSpansAndScopeAfterSpansStillApply() {
    byte[] scopeSpans = cat(
        field(2, fullSpan().build().toByteArray()),
        field(2, fullSpan().setName("second").build().toByteArray()),
        field(1, InstrumentationScope.newBuilder().setName("late.lib").build().toByteArray()));
    byte[] resourceSpans = cat(
        field(2, scopeSpans),
        field(1, Resource.newBuilder().addAttributes(kv("service.name", str("late"))).build().toByteArray()));

    DecodeResult<Span> r = assertSameOutcome(decoder, field(1, resourceSpans), "late resource and scope");

    assertThat(r.accepted()).extracting(Span::serviceName).containsExactly("late", "late");
    assertThat(r.accepted()).extracting(s -> s.scope().name()).containsExactly("late.lib", "late.lib");
    assertThat(r.accepted().get(1).resource()).isSameAs(r.accepted().get(0).resource());
    assertThat(r.accepted().get(1).scope()).isSameAs(r.accepted().get(0).scope());
  }

  @Test
  void idsAfterTheAttributesAndTheLastOneWins() {
    byte[] rest = fullSpan().clearTraceId().build().toByteArray();
    byte[] zeros = field(1, new byte[16]);
    byte[] valid = field(1, bytes(TRACE).toByteArray());

    DecodeResult<Span> kept = assertSameOutcome(decoder, request(cat(rest, zeros, valid)), "zeros then valid");
    assertThat(kept.accepted()).extracting(Span::traceId).containsExactly(TRACE);

    DecodeResult<Span> rejected = assertSameOutcome(decoder, request(cat(rest, valid, zeros)), "valid then zeros");
    assertThat(rejected.errorMessage()).isEqualTo("1 span rejected: resourceSpans[0].scopeSpans[0].spans[0].traceId: all zeros");
    // A rejected span's attributes are not counted against the limits.
    assertThat(assertSameOutcome(small, request(cat(rest, valid, zeros)), "rejected").droppedAttributes()).isZero();
  }

  @Test
  void singularMessagesWrittenTwiceAreMerged() {
    byte[] span = cat(fullSpan().clearStatus().build().toByteArray(),
        field(15, Status.newBuilder().setCodeValue(2).setMessage("first").build().toByteArray()),
        field(15, Status.newBuilder().setMessage("second").build().toByteArray()));
    byte[] scopeSpans = cat(
        field(1, InstrumentationScope.newBuilder().setName("lib").addAttributes(kv("a", str("1"))).build().toByteArray()),
        field(2, span),
        field(1, InstrumentationScope.newBuilder().setVersion("2.0").addAttributes(kv("b", str("2"))).build().toByteArray()));
    byte[] resourceSpans = cat(
        field(1, Resource.newBuilder().addAttributes(kv("service.name", str("svc"))).build().toByteArray()),
        field(2, scopeSpans),
        field(1, Resource.newBuilder().addAttributes(kv("host.name", str("h1"))).build().toByteArray()));

    Span s = assertSameOutcome(decoder, field(1, resourceSpans), "merged").accepted().get(0);

    assertThat(s.status().code()).isEqualTo(StatusCode.ERROR);
    assertThat(s.status().message()).isEqualTo("second");
    assertThat(s.scope().name()).isEqualTo("lib");
    assertThat(s.scope().version()).isEqualTo("2.0");
    assertThat(s.scope().attributes()).isEqualTo(Attributes.of("a", "1", "b", "2"));
    assertThat(s.resource().attributes()).isEqualTo(Attributes.of("service.name", "svc", "host.name", "h1"));
  }

  @Test
  void anyValueMergesAsProtobufJavaDoes() {
    byte[] arrayA = anyValue(5, ArrayValue.newBuilder().addValues(str("a")).build().toByteArray());
    byte[] arrayB = anyValue(5, ArrayValue.newBuilder().addValues(str("b")).build().toByteArray());
    byte[] kvlist = anyValue(6, KeyValueList.newBuilder().addValues(kv("k", str("v"))).build().toByteArray());
    byte[] text = str("x").toByteArray();
    byte[] number = AnyValue.newBuilder().setIntValue(7).build().toByteArray();

    // The generated builder keeps the array it built for the first array_value, even after a string.
    assertThat(attribute(arrayA, text, arrayB)).isEqualTo(List.of("a", "b"));
    assertThat(attribute(cat(arrayA, kvlist, arrayB))).isEqualTo(List.of("a", "b"));
    assertThat(attribute(kvlist, arrayA, kvlist)).isEqualTo(Attributes.of("k", "v"));
    assertThat(attribute(arrayA, number)).isEqualTo(7L);
    assertThat(attribute(number, text)).isEqualTo("x");
    assertThat(attribute(new byte[0], new byte[0])).isNull(); // still no value
  }

  @Test
  void unknownFieldsOfEveryWireTypeAndMisTypedKnownFieldsAreSkipped() {
    byte[] unknown = WireScrambler.write(out -> {
      out.writeUInt64(40, -1);
      out.writeFixed64(41, 42);
      out.writeByteArray(42, new byte[] {(byte) 0xff, (byte) 0xfe}); // not UTF-8, not read as a string
      out.writeTag(43, WireFormat.WIRETYPE_START_GROUP);
      out.writeTag(44, WireFormat.WIRETYPE_START_GROUP);
      out.writeUInt32(1, 5);
      out.writeTag(44, WireFormat.WIRETYPE_END_GROUP);
      out.writeTag(43, WireFormat.WIRETYPE_END_GROUP);
      out.writeFixed32(45, 7);
      out.writeUInt64(1, 9); // known numbers with the wrong wire type: trace_id/key/string_value,
      out.writeFixed32(5, 9); // name/array_value,
      out.writeByteArray(16, new byte[] {1}); // flags
    });
    byte[] value = cat(unknown, str("v").toByteArray(), unknown);
    byte[] keyValue = cat(unknown, field(1, "k".getBytes(java.nio.charset.StandardCharsets.UTF_8)), field(2, value));
    byte[] span = cat(unknown, fullSpan().clearAttributes().build().toByteArray(), unknown, field(9, keyValue));
    byte[] scopeSpans = cat(unknown, field(2, span), unknown);
    byte[] body = cat(unknown, field(1, cat(unknown, field(2, scopeSpans))), unknown);

    Span s = assertSameOutcome(decoder, body, "unknown fields").accepted().get(0);

    assertThat(s.attributes()).isEqualTo(Attributes.of("k", "v"));
    assertThat(s.traceId()).isEqualTo(TRACE);
    assertThat(s.name()).isEqualTo("GET /checkout");
  }

  private Object attribute(byte[]... valueOccurrences) {
    byte[] keyValue = field(1, "k".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    for (byte[] v : valueOccurrences) {
      keyValue = cat(keyValue, field(2, v));
    }
    byte[] span = cat(fullSpan().clearAttributes().build().toByteArray(), field(9, keyValue));
    return assertSameOutcome(decoder, request(span), "attribute").accepted().get(0).attributes().get("k");
  }

  private static byte[] anyValue(int field, byte[] content) {
    return field(field, content);
  }

  /** A request of one span under an empty resource and scope, from the span's encoded fields. */
  static byte[] request(byte[] span) {
    return field(1, field(2, field(2, span)));
  }

  static byte[] field(int number, byte[] content) {
    return WireScrambler.write(out -> out.writeByteArray(number, content));
  }

  static byte[] cat(byte[]... parts) {
    return WireScrambler.concat(List.of(parts));
  }

  /** Makes sure generated material reaches every branch: accepted, rejected, each limit. */
  private static final class Tally {
    long accepted;
    long rejected;
    long droppedAttributes;
    long truncated;
    long droppedEvents;
    long droppedLinks;

    void add(DecodeResult<Span> r) {
      if (r != null) {
        accepted += r.accepted().size();
        rejected += r.rejected();
        droppedAttributes += r.droppedAttributes();
        truncated += r.truncatedValues();
        droppedEvents += r.droppedEvents();
        droppedLinks += r.droppedLinks();
      }
    }

    void assertEveryPathTaken() {
      assertThat(List.of(accepted, rejected, droppedAttributes, truncated, droppedEvents, droppedLinks))
          .as("accepted, rejected, dropped attributes, truncated, dropped events, dropped links")
          .allMatch(n -> n > 50);
    }
  }
}

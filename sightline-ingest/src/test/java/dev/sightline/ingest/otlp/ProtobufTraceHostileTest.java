package dev.sightline.ingest.otlp;

import static dev.sightline.ingest.otlp.OtlpTraceDecoderTest.CLOCK;
import static dev.sightline.ingest.otlp.OtlpTraceDecoderTest.fullSpan;
import static dev.sightline.ingest.otlp.OtlpTraceDecoderTest.kv;
import static dev.sightline.ingest.otlp.OtlpTraceDecoderTest.str;
import static dev.sightline.ingest.otlp.ProtobufEquivalence.assertSameOutcome;
import static dev.sightline.ingest.otlp.ProtobufTraceReaderTest.SMALL;
import static dev.sightline.ingest.otlp.ProtobufTraceReaderTest.cat;
import static dev.sightline.ingest.otlp.ProtobufTraceReaderTest.field;
import static dev.sightline.ingest.otlp.ProtobufTraceReaderTest.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.WireFormat;
import dev.sightline.ingest.DecodeResult;
import dev.sightline.ingest.IngestLimits;
import dev.sightline.ingest.InvalidPayloadException;
import dev.sightline.model.Span;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.EntityRef;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span.Event;
import io.opentelemetry.proto.trace.v1.Span.Link;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Broken and hostile protobuf bodies: the direct decoder fails exactly where {@code parseFrom} fails,
 * with an {@link InvalidPayloadException}, never a stack overflow or a huge allocation.
 */
class ProtobufTraceHostileTest {
  private static final String MARK = "ZQZQ"; // replaced by invalid UTF-8 of the same length
  private static final byte[] NOT_UTF8 = {(byte) 0xc3, 0x28, (byte) 0xed, (byte) 0xa0};

  final OtlpTraceDecoder decoder = OtlpTraceDecoder.create(IngestLimits.defaults(), CLOCK);
  final OtlpTraceDecoder small = OtlpTraceDecoder.create(SMALL, CLOCK);

  @Test
  void truncatedAtEveryOffset() {
    byte[] body = richBody();
    int refused = 0;
    for (int cut = 0; cut < body.length; cut++) {
      byte[] part = Arrays.copyOf(body, cut);
      if (assertSameOutcome(decoder, part, "cut at " + cut) == null) {
        refused++;
      }
      assertSameOutcome(small, part, "cut at " + cut + " with small limits");
    }
    assertThat(refused).isGreaterThan(body.length / 2);
  }

  @Test
  void flippedBytes() {
    Random random = new Random(4);
    byte[][] bodies = {richBody(), request(fullSpan().build().toByteArray())};
    for (int n = 0; n < 6000; n++) {
      byte[] body = bodies[n % bodies.length].clone();
      for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
        int at = random.nextInt(body.length);
        body[at] = (byte) (random.nextBoolean() ? random.nextInt() : body[at] ^ 1 << random.nextInt(8));
      }
      assertSameOutcome(decoder, body, "mutant " + n);
      assertSameOutcome(small, body, "mutant " + n + " with small limits");
    }
  }

  @Test
  void invalidUtf8InAnyStringFieldFailsTheBody() {
    Map<String, UnaryOperator<io.opentelemetry.proto.trace.v1.Span.Builder>> spans = new LinkedHashMap<>();
    spans.put("span name", s -> s.setName(MARK));
    spans.put("trace state", s -> s.setTraceState(MARK));
    spans.put("status message", s -> s.setStatus(Status.newBuilder().setMessage(MARK)));
    spans.put("attribute key", s -> s.addAttributes(kv(MARK, str("v"))));
    spans.put("string value", s -> s.addAttributes(kv("k", str(MARK))));
    spans.put("array element", s -> s.addAttributes(kv("k", AnyValue.newBuilder()
        .setArrayValue(ArrayValue.newBuilder().addValues(str(MARK))).build())));
    spans.put("kvlist key", s -> s.addAttributes(kv("k", AnyValue.newBuilder()
        .setKvlistValue(KeyValueList.newBuilder().addValues(kv(MARK, str("v")))).build())));
    spans.put("event name", s -> s.addEvents(Event.newBuilder().setName(MARK)));
    spans.put("link trace state", s -> s.addLinks(Link.newBuilder().setTraceState(MARK)));
    // Parts the decoder does not keep must be valid all the same.
    spans.put("rejected span", s -> s.clearTraceId().addAttributes(kv("k", str(MARK))));
    spans.put("event over the small limit", s -> s.addEvents(Event.newBuilder()).addEvents(Event.newBuilder())
        .addEvents(Event.newBuilder().addAttributes(kv("k", str(MARK)))));
    spans.put("link with bad ids", s -> s.addLinks(Link.newBuilder().addAttributes(kv("k", str(MARK)))));
    for (var e : spans.entrySet()) {
      assertRefusedAsNotUtf8(ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
          .addScopeSpans(ScopeSpans.newBuilder().addSpans(e.getValue().apply(fullSpan())))).build(), e.getKey());
    }
    assertRefusedAsNotUtf8(envelope(r -> r.setSchemaUrl(MARK), s -> s), "resource schema url");
    assertRefusedAsNotUtf8(envelope(r -> r.setResource(Resource.newBuilder().addEntityRefs(
        EntityRef.newBuilder().addDescriptionKeys(MARK))), s -> s), "entity ref");
    assertRefusedAsNotUtf8(envelope(r -> r, s -> s.setSchemaUrl(MARK)), "scope schema url");
    assertRefusedAsNotUtf8(envelope(r -> r, s -> s.setScope(InstrumentationScope.newBuilder().setVersion(MARK))),
        "scope version");

    // Bytes and unknown fields are not text: the same bytes there are fine.
    byte[] bytesValue = notUtf8(request(fullSpan().addAttributes(kv("b", AnyValue.newBuilder()
        .setBytesValue(ByteString.copyFromUtf8(MARK)).build())).build().toByteArray()));
    assertThat(assertSameOutcome(decoder, bytesValue, "bytes value").accepted().get(0).attributes().get("b"))
        .isEqualTo("wyjtoA==");
  }

  @Test
  void aLengthPrefixBeyondTheBodyFailsWithoutAllocatingIt() {
    byte[] beyond = {10, (byte) 0xe8, 0x07, 1, 2}; // 1000 bytes announced, 2 there
    assertThatThrownBy(() -> decoder.decodeProtobuf(beyond))
        .isInstanceOf(InvalidPayloadException.class)
        .hasMessageContaining("input ended unexpectedly");
    assertSameOutcome(decoder, beyond, "length beyond the body");
    byte[] huge = {10, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07, 1, 2, 3}; // 2 GiB announced
    assertThatThrownBy(() -> decoder.decodeProtobuf(huge))
        .isInstanceOf(InvalidPayloadException.class)
        .hasMessageContaining("Protocol message was too large");
    assertSameOutcome(decoder, huge, "huge length");
    byte[] negative = {10, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f};
    assertThatThrownBy(() -> decoder.decodeProtobuf(negative))
        .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("negative size");
    // A span id claiming more bytes than its span holds, though the body has them.
    byte[] span = cat(new byte[] {18, 100}, new byte[100]);
    byte[] lying = cat(field(1, field(2, cat(new byte[] {18, 2}, span))));
    assertSameOutcome(decoder, lying, "span id beyond its span");
  }

  @Test
  void brokenFramingFailsAsInProtobufJava() {
    byte[] span = fullSpan().build().toByteArray();
    Map<String, byte[]> broken = new LinkedHashMap<>();
    broken.put("end-group tag did not match", request(cat(span, tag(50, WireFormat.WIRETYPE_END_GROUP))));
    broken.put("end-group tag did not match ", request(cat(span, tag(50, WireFormat.WIRETYPE_START_GROUP),
        tag(51, WireFormat.WIRETYPE_END_GROUP))));
    broken.put(" end-group tag did not match", request(cat(span, tag(50, WireFormat.WIRETYPE_START_GROUP))));
    broken.put("invalid wire type", request(cat(span, new byte[] {10 << 3 | 6, 1, 0}))); // one-byte tags
    broken.put("invalid wire type ", request(cat(span, new byte[] {10 << 3 | 7})));
    broken.put("invalid tag (zero)", request(cat(span, new byte[] {2, 0})));
    broken.put("malformed varint", request(cat(span, new byte[] {80, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 1})));
    for (var e : broken.entrySet()) {
      assertThatThrownBy(() -> decoder.decodeProtobuf(e.getValue())).as(e.getKey())
          .isInstanceOf(InvalidPayloadException.class).hasMessageContaining(e.getKey().strip());
      assertSameOutcome(decoder, e.getValue(), e.getKey());
    }
  }

  @Test
  void tenThousandLevelsOfNestingAreRefusedWithoutOverflowingTheStack() {
    byte[] leaf = str("leaf").toByteArray();
    byte[] arrays = nested(leaf, 5_000, 5, 1); // AnyValue.array_value, ArrayValue.values
    byte[] kvlists = nested(leaf, 3_334, 6, 1, 2); // AnyValue.kvlist_value, KeyValueList.values, KeyValue.value
    byte[] groups = groups(10_000);
    for (byte[] body : new byte[][] {attributeBody(arrays), attributeBody(kvlists), groups,
        request(cat(fullSpan().build().toByteArray(), groups))}) {
      assertThatThrownBy(() -> decoder.decodeProtobuf(body))
          .isInstanceOf(InvalidPayloadException.class)
          .hasMessageContaining("too many levels of nesting");
      assertSameOutcome(decoder, body, "deep");
    }
  }

  @Test
  void theNestingLimitIsProtobufJavas() {
    byte[] leaf = str("leaf").toByteArray();
    byte[] rejectedSpan = fullSpan().clearSpanId().build().toByteArray();
    String[] shapes = {"arrays", "kvlists", "groups", "arrays in a rejected span"};
    int[] accepted = new int[shapes.length];
    int[] refused = new int[shapes.length];
    // A span attribute's AnyValue is at depth 5: 47 arrays (2 levels each) or 31 kvlists (3) still fit in 100.
    for (int k = -3; k <= 3; k++) {
      byte[] arrays = nested(leaf, 47 + k, 5, 1);
      byte[][] bodies = {attributeBody(arrays), attributeBody(nested(leaf, 31 + k, 6, 1, 2)), groups(100 + k),
          request(cat(rejectedSpan, field(9, cat(field(1, new byte[] {'k'}), field(2, arrays)))))};
      for (int i = 0; i < bodies.length; i++) {
        if (assertSameOutcome(decoder, bodies[i], shapes[i] + " " + k) == null) {
          refused[i]++;
        } else {
          accepted[i]++;
        }
      }
    }
    assertThat(accepted).as("accepted per shape").containsExactly(4, 4, 4, 4);
    assertThat(refused).as("refused per shape").containsExactly(3, 3, 3, 3);
  }

  @Test
  void anEmptyBodyIsAnEmptyRequest() {
    DecodeResult<Span> result = assertSameOutcome(decoder, new byte[0], "empty");
    assertThat(result.accepted()).isEmpty();
    assertThat(result.rejected()).isZero();
    assertThat(assertSameOutcome(decoder, field(1, new byte[0]), "empty ResourceSpans").accepted()).isEmpty();
  }

  private void assertRefusedAsNotUtf8(ExportTraceServiceRequest request, String where) {
    byte[] body = notUtf8(request.toByteArray());
    for (OtlpTraceDecoder d : new OtlpTraceDecoder[] {decoder, small}) {
      assertThatThrownBy(() -> d.decodeProtobuf(body)).as(where)
          .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("UTF-8");
      assertSameOutcome(d, body, where);
    }
  }

  private static ExportTraceServiceRequest envelope(UnaryOperator<ResourceSpans.Builder> resourceSpans,
                                                    UnaryOperator<ScopeSpans.Builder> scopeSpans) {
    return ExportTraceServiceRequest.newBuilder().addResourceSpans(resourceSpans.apply(ResourceSpans.newBuilder()
        .addScopeSpans(scopeSpans.apply(ScopeSpans.newBuilder().addSpans(fullSpan()))))).build();
  }

  private static byte[] notUtf8(byte[] body) {
    byte[] mark = MARK.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i + mark.length <= body.length; i++) {
      if (Arrays.equals(body, i, i + mark.length, mark, 0, mark.length)) {
        System.arraycopy(NOT_UTF8, 0, body, i, NOT_UTF8.length);
        return body;
      }
    }
    throw new AssertionError("marker not found");
  }

  /** A span whose one attribute has the given AnyValue content. */
  private static byte[] attributeBody(byte[] anyValue) {
    return request(cat(fullSpan().clearAttributes().build().toByteArray(),
        field(9, cat(field(1, new byte[] {'k'}), field(2, anyValue)))));
  }

  /**
   * {@code inner} wrapped {@code cycles} times in the length-delimited fields given, outermost first.
   * Built in one pass: every prefix comes before the innermost content.
   */
  private static byte[] nested(byte[] inner, int cycles, int... fieldNumbers) {
    int levels = cycles * fieldNumbers.length;
    byte[][] prefixes = new byte[levels][];
    int length = inner.length;
    for (int i = levels - 1; i >= 0; i--) {
      int number = fieldNumbers[i % fieldNumbers.length];
      int size = length;
      prefixes[i] = WireScrambler.write(out -> {
        out.writeTag(number, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        out.writeUInt32NoTag(size);
      });
      length += prefixes[i].length;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(length);
    for (byte[] p : prefixes) {
      out.writeBytes(p);
    }
    out.writeBytes(inner);
    return out.toByteArray();
  }

  private static byte[] tag(int number, int wireType) {
    return WireScrambler.write(out -> out.writeTag(number, wireType));
  }

  private static byte[] groups(int levels) {
    int start = WireFormat.WIRETYPE_START_GROUP;
    byte[] open = WireScrambler.write(out -> out.writeTag(50, start));
    byte[] close = WireScrambler.write(out -> out.writeTag(50, WireFormat.WIRETYPE_END_GROUP));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < levels; i++) {
      out.writeBytes(open);
    }
    for (int i = 0; i < levels; i++) {
      out.writeBytes(close);
    }
    return out.toByteArray();
  }

  /** A few kilobytes touching every field, for truncation and mutation. */
  private static byte[] richBody() {
    RandomTraceRequests requests = new RandomTraceRequests(11);
    ExportTraceServiceRequest.Builder b = ExportTraceServiceRequest.newBuilder();
    while (b.build().getSerializedSize() < 3000) {
      b.mergeFrom(requests.next());
    }
    b.addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(ScopeSpans.newBuilder().addSpans(fullSpan())));
    return b.build().toByteArray();
  }
}

package dev.sightline.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.model.Attributes;
import dev.sightline.model.Resource;
import dev.sightline.model.Span;
import dev.sightline.store.RandomSpans;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

class SpanCodecTest {

  @Test
  void randomSpansRoundTripExactly() {
    for (long seed = 0; seed < 300; seed++) {
      RandomSpans random = new RandomSpans(seed);
      List<Span> batch = new ArrayList<>();
      Resource shared = random.resource();
      String trace = random.traceId();
      for (int i = random.nextInt(6); i >= 0; i--) {
        batch.add(random.span(random.nextInt(3) == 0 ? random.traceId() : trace,
            random.nextBoolean() ? shared : random.resource()));
      }
      assertThat(SpanCodec.decode(SpanCodec.encode(batch))).as("seed %d", seed).isEqualTo(batch);
      assertFramedIsEachAlone(batch, "seed " + seed);
    }
  }

  @Test
  void aFramedBatchHoldsSpansOfEveryLengthPrefixSize() {
    RandomSpans random = new RandomSpans(11);
    List<Span> batch = new ArrayList<>();
    // A bare span (under 128 bytes: a one-byte length), ordinary ones (two bytes) and one over 16 KiB (three).
    batch.add(Span.builder().traceId("0af7651916cd43dd8448eb211c80319c").spanId("b7ad6b7169203331").build());
    batch.add(random.span(random.traceId(), random.resource()));
    batch.add(random.span(random.traceId(), random.resource()).toBuilder()
        .attributes(Attributes.of("big", "x".repeat(20_000))).build());
    batch.add(Span.builder().traceId("0af7651916cd43dd8448eb211c80319c").spanId("b7ad6b7169203332").build());
    batch.add(random.span(random.traceId(), random.resource()));
    assertFramedIsEachAlone(batch, "mixed lengths");
  }

  /** The framed record that shares each resource's encoding holds each span's single form, byte for byte. */
  private static void assertFramedIsEachAlone(List<Span> batch, String what) {
    List<BytesRef> parts = FramedRecord.split(SpanCodec.encodeFramed(batch));
    assertThat(parts).as(what).hasSize(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      byte[] one = SpanCodec.encode(batch.get(i));
      assertThat(SpanCodec.decodeOne(one, 0, one.length)).isEqualTo(batch.get(i));
      BytesRef part = parts.get(i);
      assertThat(Arrays.copyOfRange(part.bytes, part.offset, part.offset + part.length))
          .as("%s, span %d", what, i).isEqualTo(one);
    }
  }

  @Test
  void nonCanonicalIdsAndExtremeTimesSurviveAsText() {
    Span odd = Span.builder().traceId("ABCDEF").spanId("00000000000000000000000000000000zz")
        .parentSpanId("0123456789ABCDEF").startEpochNanos(Long.MIN_VALUE).endEpochNanos(Long.MAX_VALUE)
        .attributes(Attributes.of("inf", Double.POSITIVE_INFINITY, "min", Long.MIN_VALUE, "empty", ""))
        .build();
    byte[] bytes = SpanCodec.encode(odd);
    assertThat(SpanCodec.decodeOne(bytes, 0, bytes.length)).isEqualTo(odd);
  }

  @Test
  void idsThatAreNotLowercaseHexKeepTheirText() {
    String trace = "0af7651916cd43dd8448eb211c80319c";
    for (int at : new int[] {0, 7, 8, 15, 16, 31}) { // a bad digit in each eight-digit part, and at its edges
      for (char bad : new char[] {'g', 'A', '/', ':', '`', '\u00e9', '\u0660'}) {
        String traceId = trace.substring(0, at) + bad + trace.substring(at + 1);
        String spanId = traceId.substring(16);
        Span span = Span.builder().traceId(traceId).spanId(spanId).parentSpanId(trace.substring(0, 16)).build();
        byte[] bytes = SpanCodec.encode(span);
        assertThat(SpanCodec.decodeOne(bytes, 0, bytes.length)).as("ids %s / %s", traceId, spanId).isEqualTo(span);
      }
    }
  }

  @Test
  void aBatchCarriesItsResourceOnce() {
    RandomSpans random = new RandomSpans(7);
    Resource resource = new Resource(Attributes.of("service.name", "checkout", "host.name", "h-1",
        "k8s.pod.name", "checkout-7f9c-abcde", "telemetry.sdk.version", "1.56.0"));
    String trace = random.traceId();
    List<Span> batch = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      batch.add(Span.builder().traceId(trace).spanId(random.spanId()).name("GET /cart")
          .startEpochNanos(1_700_000_000_000_000_000L + i).endEpochNanos(1_700_000_000_000_100_000L + i)
          .attributes(Attributes.of("http.method", "GET", "http.status_code", 200L)).resource(resource).build());
    }
    int batchBytes = SpanCodec.encode(batch).length;
    int singleBytes = SpanCodec.encode(batch.get(0)).length;
    assertThat(batchBytes).isLessThan(singleBytes * 100 / 2);
    assertThat(batchBytes / 100).as("bytes per span in a batch").isLessThan(45);
  }

  @Test
  void truncatedInputIsRejectedWithTheOffsetAndField() {
    byte[] bytes = SpanCodec.encode(new RandomSpans(3).span(new RandomSpans(4).traceId(),
        new RandomSpans(5).resource()));
    for (int cut = 0; cut < bytes.length; cut++) {
      byte[] truncated = Arrays.copyOf(bytes, cut);
      assertThatThrownBy(() -> SpanCodec.decode(truncated))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("malformed span record at offset");
    }
  }

  @Test
  void trailingGarbageAndUnknownVersionAreRejected() {
    byte[] bytes = SpanCodec.encode(Span.builder().traceId("a".repeat(32)).spanId("b".repeat(16)).build());
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 2);
    assertThatThrownBy(() -> SpanCodec.decode(longer)).hasMessageContaining("2 unexpected bytes after the last span");
    bytes[0] = 9;
    assertThatThrownBy(() -> SpanCodec.decode(bytes)).hasMessageContaining("unknown span codec version 9");
  }

  @Test
  void hostileCountsAndReferencesDoNotAllocateOrCrash() {
    // version 1, span count 2^31: must fail on the count, not try to allocate.
    assertThatThrownBy(() -> SpanCodec.decode(new byte[] {1, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08}))
        .hasMessageContaining("span count of 2147483648 exceeds");
    // an 11-byte varint
    byte[] endless = new byte[13];
    Arrays.fill(endless, (byte) 0xFF);
    endless[0] = 1;
    assertThatThrownBy(() -> SpanCodec.decode(endless)).hasMessageContaining("varint longer than 10 bytes");
    // one span whose trace id is a back-reference to a string never written
    assertThatThrownBy(() -> SpanCodec.decode(new byte[] {1, 1, 2, 5}))
        .hasMessageContaining("refers to string #5 but only 0 were seen");
    // unknown id encoding
    assertThatThrownBy(() -> SpanCodec.decode(new byte[] {1, 1, 7})).hasMessageContaining("unknown trace id encoding 7");
    // a raw id of a length no id has
    assertThatThrownBy(() -> SpanCodec.decode(new byte[] {1, 1, 1, 3, 0, 0, 0}))
        .hasMessageContaining("trace id of 3 bytes");
  }

  @Test
  void deeplyNestedAttributesAreRefusedBothWays() {
    Object v = "leaf";
    for (int i = 0; i < AttributesCodec.MAX_DEPTH + 5; i++) {
      v = List.of(v);
    }
    Span deep = Span.builder().traceId("a".repeat(32)).spanId("b".repeat(16)).attributes(Attributes.of("d", v)).build();
    assertThatThrownBy(() -> SpanCodec.encode(deep)).hasMessageContaining("nest deeper than 32");

    EncodeBuffer out = new EncodeBuffer(64);
    out.writeVarInt(1);
    out.writeString("k");
    for (int i = 0; i < 40; i++) {
      out.writeByte(5); // list
      out.writeVarInt(1);
    }
    out.writeByte(1);
    byte[] bytes = out.toByteArray();
    assertThatThrownBy(() -> AttributesCodec.read(new DecodeBuffer(bytes, 0, bytes.length, "attrs"), "attributes"))
        .hasMessageContaining("nest deeper than 32");
  }
}

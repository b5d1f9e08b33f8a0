package dev.sightline.ingest.otlp;

import static dev.sightline.ingest.otlp.OtlpTraceDecoderTest.T0;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.EntityRef;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Instant;
import java.util.Random;

/**
 * Seeded random {@code ExportTraceServiceRequest}s that set every field the trace decoder reads, with the
 * awkward values mixed in: invalid and all-zero ids, absurd times, every AnyValue kind (nested, empty,
 * bytes), repeated keys, surrogate pairs near truncation points, unknown enum numbers, huge counts.
 */
final class RandomTraceRequests {
  private static final long BEFORE_2000 = Instant.parse("1999-12-31T23:59:59Z").getEpochSecond() * 1_000_000_000L;
  private static final String[] KEYS = {"service.name", "k", "k2", "http.method", "", "db.statement"};
  private static final String[] TEXTS = {"", "GET", "checkout", "héllo wörld", "日本語のテキスト", "a😀b😀c😀",
      "x".repeat(40), "😀".repeat(12), "tab\tnew\nline", "\u0000nul"};

  private final Random random;

  RandomTraceRequests(long seed) {
    this.random = new Random(seed);
  }

  ExportTraceServiceRequest next() {
    ExportTraceServiceRequest.Builder b = ExportTraceServiceRequest.newBuilder();
    for (int r = random.nextInt(4); r > 0; r--) {
      b.addResourceSpans(resourceSpans());
    }
    return b.build();
  }

  /** A request of n spans under one resource and scope. */
  ExportTraceServiceRequest withSpans(int n) {
    ScopeSpans.Builder scope = ScopeSpans.newBuilder().setScope(scope());
    for (int i = 0; i < n; i++) {
      scope.addSpans(span());
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder().setResource(resource()).addScopeSpans(scope))
        .build();
  }

  private ResourceSpans resourceSpans() {
    ResourceSpans.Builder b = ResourceSpans.newBuilder();
    if (random.nextInt(5) > 0) {
      b.setResource(resource());
    }
    if (random.nextBoolean()) {
      b.setSchemaUrl(text());
    }
    for (int s = random.nextInt(4); s > 0; s--) {
      ScopeSpans.Builder ss = ScopeSpans.newBuilder();
      if (random.nextInt(4) > 0) {
        ss.setScope(scope());
      }
      if (random.nextBoolean()) {
        ss.setSchemaUrl(text());
      }
      for (int i = random.nextInt(6); i > 0; i--) {
        ss.addSpans(span());
      }
      b.addScopeSpans(ss);
    }
    return b.build();
  }

  private Resource resource() {
    Resource.Builder b = Resource.newBuilder().setDroppedAttributesCount(count());
    for (int i = random.nextInt(5); i > 0; i--) {
      b.addAttributes(keyValue(2));
    }
    if (random.nextInt(4) == 0) {
      b.addEntityRefs(EntityRef.newBuilder().setType(text()).setSchemaUrl(text()).addIdKeys(text())
          .addDescriptionKeys(text()));
    }
    return b.build();
  }

  private InstrumentationScope scope() {
    InstrumentationScope.Builder b = InstrumentationScope.newBuilder().setDroppedAttributesCount(count());
    if (random.nextBoolean()) {
      b.setName(text()).setVersion(text());
    }
    for (int i = random.nextInt(4); i > 0; i--) {
      b.addAttributes(keyValue(2));
    }
    return b.build();
  }

  Span span() {
    long start = start();
    Span.Builder b = Span.newBuilder()
        .setTraceId(id(16))
        .setSpanId(id(8))
        .setTraceState(text())
        .setFlags(random.nextInt(8) == 0 ? random.nextInt() : random.nextInt(0x300))
        .setName(text())
        .setKindValue(random.nextInt(10) == 0 ? random.nextInt() : random.nextInt(8))
        .setStartTimeUnixNano(start)
        .setEndTimeUnixNano(end(start))
        .setDroppedAttributesCount(count())
        .setDroppedEventsCount(count())
        .setDroppedLinksCount(count());
    if (random.nextBoolean()) {
      b.setParentSpanId(id(8));
    }
    for (int i = random.nextInt(8); i > 0; i--) {
      b.addAttributes(keyValue(3));
    }
    for (int i = random.nextInt(5); i > 0; i--) {
      Span.Event.Builder e = Span.Event.newBuilder().setTimeUnixNano(start + random.nextInt(1000))
          .setName(text()).setDroppedAttributesCount(count());
      for (int a = random.nextInt(4); a > 0; a--) {
        e.addAttributes(keyValue(2));
      }
      b.addEvents(e);
    }
    for (int i = random.nextInt(5); i > 0; i--) {
      Span.Link.Builder l = Span.Link.newBuilder().setTraceId(id(16)).setSpanId(id(8)).setTraceState(text())
          .setFlags(random.nextInt(0x300)).setDroppedAttributesCount(count());
      for (int a = random.nextInt(4); a > 0; a--) {
        l.addAttributes(keyValue(2));
      }
      b.addLinks(l);
    }
    if (random.nextBoolean()) {
      b.setStatus(Status.newBuilder().setCodeValue(random.nextInt(5)).setMessage(text()));
    }
    return b.build();
  }

  private KeyValue keyValue(int depth) {
    KeyValue.Builder b = KeyValue.newBuilder().setKey(KEYS[random.nextInt(KEYS.length)]);
    if (random.nextInt(8) > 0) {
      b.setValue(anyValue(depth));
    }
    return b.build();
  }

  private AnyValue anyValue(int depth) {
    AnyValue.Builder b = AnyValue.newBuilder();
    switch (random.nextInt(depth > 0 ? 9 : 7)) {
      case 0 -> b.setStringValue(text());
      case 1 -> b.setBoolValue(random.nextBoolean());
      case 2 -> b.setIntValue(random.nextBoolean() ? random.nextInt(1000) : random.nextLong());
      case 3 -> b.setDoubleValue(switch (random.nextInt(5)) {
        case 0 -> Double.NaN;
        case 1 -> -0.0;
        case 2 -> Double.NEGATIVE_INFINITY;
        default -> random.nextGaussian() * 1e6;
      });
      case 4 -> b.setBytesValue(bytes(random.nextInt(6)));
      case 5 -> b.setStringValue("s".repeat(random.nextInt(30)) + "😀");
      case 6 -> { } // empty: no value
      case 7 -> {
        ArrayValue.Builder a = ArrayValue.newBuilder();
        for (int i = random.nextInt(4); i > 0; i--) {
          a.addValues(anyValue(depth - 1));
        }
        b.setArrayValue(a);
      }
      default -> {
        KeyValueList.Builder kv = KeyValueList.newBuilder();
        for (int i = random.nextInt(4); i > 0; i--) {
          kv.addValues(keyValue(depth - 1));
        }
        b.setKvlistValue(kv);
      }
    }
    return b.build();
  }

  private ByteString id(int length) {
    return switch (random.nextInt(14)) {
      case 0 -> ByteString.EMPTY;
      case 1 -> ByteString.copyFrom(new byte[length]);
      case 2 -> bytes(1 + random.nextInt(20));
      default -> {
        byte[] b = new byte[length];
        random.nextBytes(b);
        b[0] |= 1; // never all zeros by accident
        yield ByteString.copyFrom(b);
      }
    };
  }

  private long start() {
    return switch (random.nextInt(16)) {
      case 0 -> 0;
      case 1 -> BEFORE_2000;
      case 2 -> T0 + 3 * 86_400_000_000_000L;
      case 3 -> Long.MAX_VALUE;
      case 4 -> -1;
      default -> T0 - random.nextInt(3_600_000) * 1_000_000L;
    };
  }

  private long end(long start) {
    return switch (random.nextInt(12)) {
      case 0 -> start - 1;
      case 1 -> T0 + 3 * 86_400_000_000_000L;
      case 2 -> 0;
      default -> start + random.nextInt(2_000_000);
    };
  }

  private int count() {
    return switch (random.nextInt(10)) {
      case 0 -> random.nextInt(); // also beyond int range as uint32
      case 1, 2, 3 -> random.nextInt(5);
      default -> 0;
    };
  }

  private String text() {
    if (random.nextInt(4) == 0) {
      StringBuilder sb = new StringBuilder();
      for (int i = random.nextInt(20); i > 0; i--) {
        sb.appendCodePoint(random.nextInt(3) == 0 ? 0x1F600 + random.nextInt(50) : 'a' + random.nextInt(26));
      }
      return sb.toString();
    }
    return TEXTS[random.nextInt(TEXTS.length)];
  }

  private ByteString bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return ByteString.copyFrom(b);
  }
}

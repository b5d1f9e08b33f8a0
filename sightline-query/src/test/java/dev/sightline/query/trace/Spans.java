package dev.sightline.query.trace;

import dev.sightline.model.Attributes;
import dev.sightline.model.Resource;
import dev.sightline.model.Span;
import dev.sightline.model.SpanKind;

/** Hand-built spans for tests: times in milliseconds from a fixed epoch, ids padded to 16 hex digits. */
final class Spans {
  static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final long T0 = 1_700_000_000_000_000_000L;
  static final long MS = 1_000_000L;

  private Spans() {}

  static String id(String shortId) {
    return "0".repeat(16 - shortId.length()) + shortId;
  }

  static long at(long ms) {
    return T0 + ms * MS;
  }

  static Span span(String id, String parent, String service, SpanKind kind, String name, long startMs, long endMs,
      Object... attributes) {
    return Span.builder().traceId(TRACE).spanId(id(id)).parentSpanId(parent == null ? "" : id(parent))
        .resource(Resource.ofService(service)).kind(kind).name(name)
        .startEpochNanos(at(startMs)).endEpochNanos(at(endMs))
        .attributes(Attributes.of(attributes)).build();
  }
}

package dev.sightline.ingest.otlp;

import static dev.sightline.ingest.internal.WireReader.I32;
import static dev.sightline.ingest.internal.WireReader.I64;
import static dev.sightline.ingest.internal.WireReader.LEN;
import static dev.sightline.ingest.internal.WireReader.VARINT;

import dev.sightline.ingest.DecodeResult;
import dev.sightline.ingest.IngestLimits;
import dev.sightline.ingest.internal.AttributeLimiter;
import dev.sightline.ingest.internal.DecodeStats;
import dev.sightline.ingest.internal.RecordChecks;
import dev.sightline.ingest.internal.WireReader;
import dev.sightline.ingest.internal.WireResource;
import dev.sightline.ingest.internal.WireScope;
import dev.sightline.ingest.internal.WireValues;
import dev.sightline.model.InstrumentationScope;
import dev.sightline.model.Resource;
import dev.sightline.model.Span;
import dev.sightline.model.SpanEvent;
import dev.sightline.model.SpanKind;
import dev.sightline.model.SpanLink;
import dev.sightline.model.Status;
import dev.sightline.model.StatusCode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Decodes an OTLP {@code ExportTraceServiceRequest} straight from protobuf bytes into {@link Span}s, with no
 * generated messages in between. The result is exactly what {@link OtlpTraceDecoder#decode} gives for
 * {@code ExportTraceServiceRequest.parseFrom(body)} (the equivalence tests hold the two together), and a
 * body that {@code parseFrom} refuses fails here too. One instance per decode call.
 *
 * <p>Fields may come in any order, so what depends on another field is noted and read once that is known:
 * a ResourceSpans' scope_spans after its resource, a ScopeSpans' spans after its scope, a span's
 * attributes, events and links after its ids and times, a link's attributes after its ids.
 */
final class ProtobufTraceReader {
  // opentelemetry/proto/collector/trace/v1/trace_service.proto and opentelemetry/proto/trace/v1/trace.proto
  private static final int REQUEST_RESOURCE_SPANS = 1 << 3 | LEN;
  private static final int RESOURCE = 1 << 3 | LEN; // ResourceSpans
  private static final int SCOPE_SPANS = 2 << 3 | LEN;
  private static final int SCHEMA_URL = 3 << 3 | LEN; // ResourceSpans and ScopeSpans
  private static final int SCOPE = 1 << 3 | LEN; // ScopeSpans
  private static final int SPANS = 2 << 3 | LEN;
  private static final int EVENT_TIME = 1 << 3 | I64; // Span.Event
  private static final int EVENT_NAME = 2 << 3 | LEN;
  private static final int EVENT_ATTRIBUTES = 3 << 3 | LEN;
  private static final int EVENT_DROPPED_ATTRIBUTES_COUNT = 4 << 3 | VARINT;
  private static final int LINK_TRACE_ID = 1 << 3 | LEN; // Span.Link
  private static final int LINK_SPAN_ID = 2 << 3 | LEN;
  private static final int LINK_TRACE_STATE = 3 << 3 | LEN;
  private static final int LINK_ATTRIBUTES = 4 << 3 | LEN;
  private static final int LINK_DROPPED_ATTRIBUTES_COUNT = 5 << 3 | VARINT;
  private static final int LINK_FLAGS = 6 << 3 | I32;

  // The same lowercase form as Ids.toHex, converted from the body in place.
  private static final HexFormat HEX = HexFormat.of();

  private final IngestLimits limits;
  private final RecordChecks checks;
  private final byte[] body;
  private final DecodeStats<Span> stats = new DecodeStats<>("spans");
  private final WireValues values = new WireValues();
  private final WireSpanFields fields = new WireSpanFields();
  // Each level finishes its list before a sibling refills it, so one list per level serves the whole body.
  private final Slices scopeSpans = new Slices();
  private final Slices spans = new Slices();

  ProtobufTraceReader(IngestLimits limits, RecordChecks checks, byte[] body) {
    this.limits = limits;
    this.checks = checks;
    this.body = body;
  }

  /** Decodes the body; an {@code IOException} here is always protobuf's InvalidProtocolBufferException. */
  DecodeResult<Span> read() throws IOException {
    WireReader in = WireReader.of(body);
    int r = 0;
    for (int tag; (tag = in.readTag()) != 0; ) {
      if (tag == REQUEST_RESOURCE_SPANS) {
        resourceSpans(in, r++);
      } else {
        in.skipField(tag);
      }
    }
    return stats.result();
  }

  private void resourceSpans(WireReader in, int r) throws IOException {
    int outer = in.enter();
    WireResource resource = new WireResource(limits.maxResourceAttributes(), limits.maxAttributeValueLength(), stats);
    scopeSpans.clear();
    for (int tag; (tag = in.readTag()) != 0; ) {
      switch (tag) {
        case RESOURCE -> resource.merge(in, values);
        case SCOPE_SPANS -> scopeSpans.add(in.slice());
        case SCHEMA_URL -> in.readString();
        default -> in.skipField(tag);
      }
    }
    Resource shared = resource.build(); // one instance for every span of this ResourceSpans
    for (int s = 0; s < scopeSpans.size(); s++) {
      scopeSpans(in.open(scopeSpans.get(s)), shared, r, s);
    }
    in.exit(outer);
  }

  private void scopeSpans(WireReader in, Resource resource, int r, int s) throws IOException {
    WireScope scope = new WireScope(limits.maxResourceAttributes(), limits.maxAttributeValueLength(), stats);
    spans.clear();
    for (int tag; (tag = in.readTag()) != 0; ) {
      switch (tag) {
        case SCOPE -> scope.merge(in, values);
        case SPANS -> spans.add(in.slice());
        case SCHEMA_URL -> in.readString();
        default -> in.skipField(tag);
      }
    }
    InstrumentationScope shared = scope.build();
    for (int i = 0; i < spans.size(); i++) {
      span(in, spans.get(i), resource, shared, r, s, i);
    }
  }

  private void span(WireReader parent, long slice, Resource resource, InstrumentationScope scope,
                    int r, int s, int i) throws IOException {
    fields.read(parent.open(slice));
    String problem = fields.problem(body, checks);
    if (problem != null) {
      stats.reject("resourceSpans[" + r + "].scopeSpans[" + s + "].spans[" + i + "]." + problem);
      if (fields.hasChildren) {
        children(parent.open(slice), null);
      }
      return;
    }
    Children kept = new Children(
        new AttributeLimiter(limits.maxAttributesPerSpan(), limits.maxAttributeValueLength(), stats));
    if (fields.hasChildren) {
      children(parent.open(slice), kept);
    }
    stats.droppedEvents(kept.droppedEvents);
    stats.droppedLinks(kept.droppedLinks);

    stats.accept(Span.builder()
        .traceId(hex(fields.traceId))
        .spanId(hex(fields.spanId))
        .parentSpanId(WireReader.length(fields.parentSpanId) == 0 ? "" : hex(fields.parentSpanId))
        .traceState(fields.traceState)
        .flags(fields.flags)
        .name(fields.name)
        .kind(SpanKind.fromOtlp(fields.kind))
        .startEpochNanos(fields.startNanos)
        .endEpochNanos(fields.endNanos)
        .attributes(kept.attributes.build())
        .events(kept.events)
        .links(kept.links)
        .status(new Status(StatusCode.fromOtlp(fields.statusCode), fields.statusMessage))
        .resource(resource)
        .scope(scope)
        .droppedAttributesCount(fields.droppedAttributes + kept.attributes.dropped())
        .droppedEventsCount(fields.droppedEvents + kept.droppedEvents)
        .droppedLinksCount(fields.droppedLinks + kept.droppedLinks)
        .build());
  }

  /**
   * Second pass over a span: its attributes, events and links. With {@code kept} null (a rejected span)
   * they are still read, because a malformed one must fail the body as it does for parseFrom.
   */
  private void children(WireReader in, Children kept) throws IOException {
    for (int tag; (tag = in.readTag()) != 0; ) {
      switch (tag) {
        case WireSpanFields.ATTRIBUTES -> values.keyValue(in, kept == null ? null : kept.attributes);
        case WireSpanFields.EVENTS -> {
          boolean keep = kept != null && kept.events.size() < limits.maxEventsPerSpan();
          event(in, keep ? kept.events : null);
          if (kept != null && !keep) {
            kept.droppedEvents++;
          }
        }
        case WireSpanFields.LINKS -> {
          if (!link(in, kept == null ? null : kept.links) && kept != null) {
            kept.droppedLinks++;
          }
        }
        default -> in.skipField(tag); // read in the first pass
      }
    }
  }

  private void event(WireReader in, List<SpanEvent> target) throws IOException {
    int outer = in.enter();
    AttributeLimiter attributes = target == null ? null
        : new AttributeLimiter(limits.maxAttributesPerEvent(), limits.maxAttributeValueLength(), stats);
    long time = 0;
    String name = "";
    int dropped = 0;
    for (int tag; (tag = in.readTag()) != 0; ) {
      switch (tag) {
        case EVENT_TIME -> time = in.readFixed64();
        case EVENT_NAME -> name = in.readString();
        case EVENT_ATTRIBUTES -> values.keyValue(in, attributes);
        case EVENT_DROPPED_ATTRIBUTES_COUNT -> dropped = in.readUInt32();
        default -> in.skipField(tag);
      }
    }
    in.exit(outer);
    if (target != null) {
      target.add(new SpanEvent(time, name, attributes.build(), dropped + attributes.dropped()));
    }
  }

  /**
   * Reads one link, adding it to {@code target} unless the per-span limit is reached or its ids are
   * unusable (then it is dropped, not failing its span). Returns whether it was added.
   */
  private boolean link(WireReader span, List<SpanLink> target) throws IOException {
    long slice = span.slice();
    WireReader in = span.open(slice);
    long traceId = 0;
    long spanId = 0;
    String traceState = "";
    int dropped = 0;
    boolean hasAttributes = false;
    for (int tag; (tag = in.readTag()) != 0; ) {
      switch (tag) {
        case LINK_TRACE_ID -> traceId = in.slice();
        case LINK_SPAN_ID -> spanId = in.slice();
        case LINK_TRACE_STATE -> traceState = in.readString();
        case LINK_ATTRIBUTES -> {
          in.slice();
          hasAttributes = true;
        }
        case LINK_DROPPED_ATTRIBUTES_COUNT -> dropped = in.readUInt32();
        case LINK_FLAGS -> in.readFixed32();
        default -> in.skipField(tag);
      }
    }
    boolean keep = target != null && target.size() < limits.maxLinksPerSpan()
        && RecordChecks.traceIdBytes(body, WireReader.offset(traceId), WireReader.length(traceId)) == null
        && RecordChecks.spanIdBytes(body, WireReader.offset(spanId), WireReader.length(spanId)) == null;
    AttributeLimiter attributes = keep
        ? new AttributeLimiter(limits.maxAttributesPerLink(), limits.maxAttributeValueLength(), stats) : null;
    if (hasAttributes) {
      WireReader again = span.open(slice);
      for (int tag; (tag = again.readTag()) != 0; ) {
        if (tag == LINK_ATTRIBUTES) {
          values.keyValue(again, attributes);
        } else {
          again.skipField(tag);
        }
      }
    }
    if (keep) {
      target.add(new SpanLink(hex(traceId), hex(spanId), traceState, attributes.build(),
          dropped + attributes.dropped()));
    }
    return keep;
  }

  private String hex(long slice) {
    int offset = WireReader.offset(slice);
    return HEX.formatHex(body, offset, offset + WireReader.length(slice));
  }

  /** What an accepted span keeps of its attributes, events and links, and what the limits dropped. */
  private static final class Children {
    final AttributeLimiter attributes;
    final List<SpanEvent> events = new ArrayList<>();
    final List<SpanLink> links = new ArrayList<>();
    int droppedEvents;
    int droppedLinks;

    Children(AttributeLimiter attributes) {
      this.attributes = attributes;
    }
  }

  /** A growable list of {@link WireReader#slice()}s. */
  private static final class Slices {
    private long[] items = new long[16];
    private int size;

    void add(long slice) {
      if (size == items.length) {
        items = Arrays.copyOf(items, size * 2);
      }
      items[size++] = slice;
    }

    long get(int i) {
      return items[i];
    }

    int size() {
      return size;
    }

    void clear() {
      size = 0;
    }
  }
}

package dev.sightline.model;

import java.util.List;
import java.util.Objects;

/**
 * One operation in a trace, as OTLP defines it. Ids are lowercase hex ({@link Ids}); a root span has
 * an empty {@code parentSpanId}. Times are nanoseconds since the Unix epoch.
 *
 * <p>Resource and scope travel with every span (rather than once per batch) because storage and
 * queries look at spans one at a time; codecs share the instances within a batch.
 */
public record Span(
    String traceId,
    String spanId,
    String parentSpanId,
    String traceState,
    int flags,
    String name,
    SpanKind kind,
    long startEpochNanos,
    long endEpochNanos,
    Attributes attributes,
    List<SpanEvent> events,
    List<SpanLink> links,
    Status status,
    Resource resource,
    InstrumentationScope scope,
    int droppedAttributesCount,
    int droppedEventsCount,
    int droppedLinksCount) {

  public Span {
    Objects.requireNonNull(traceId, "traceId");
    Objects.requireNonNull(spanId, "spanId");
    parentSpanId = parentSpanId == null ? "" : parentSpanId;
    traceState = traceState == null ? "" : traceState;
    name = name == null ? "" : name;
    kind = kind == null ? SpanKind.UNSPECIFIED : kind;
    attributes = attributes == null ? Attributes.empty() : attributes;
    events = events == null ? List.of() : List.copyOf(events);
    links = links == null ? List.of() : List.copyOf(links);
    status = status == null ? Status.UNSET : status;
    resource = resource == null ? Resource.empty() : resource;
    scope = scope == null ? InstrumentationScope.empty() : scope;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  public boolean isRoot() {
    return parentSpanId.isEmpty();
  }

  public long durationNanos() {
    return Math.max(0, endEpochNanos - startEpochNanos);
  }

  public String serviceName() {
    return resource.serviceName();
  }

  /** Builds spans field by field; unset fields take the record's defaults. */
  public static final class Builder {
    private String traceId;
    private String spanId;
    private String parentSpanId = "";
    private String traceState = "";
    private int flags;
    private String name = "";
    private SpanKind kind = SpanKind.UNSPECIFIED;
    private long startEpochNanos;
    private long endEpochNanos;
    private Attributes attributes = Attributes.empty();
    private List<SpanEvent> events = List.of();
    private List<SpanLink> links = List.of();
    private Status status = Status.UNSET;
    private Resource resource = Resource.empty();
    private InstrumentationScope scope = InstrumentationScope.empty();
    private int droppedAttributesCount;
    private int droppedEventsCount;
    private int droppedLinksCount;

    private Builder() {}

    private Builder(Span s) {
      traceId = s.traceId; spanId = s.spanId; parentSpanId = s.parentSpanId; traceState = s.traceState;
      flags = s.flags; name = s.name; kind = s.kind; startEpochNanos = s.startEpochNanos;
      endEpochNanos = s.endEpochNanos; attributes = s.attributes; events = s.events; links = s.links;
      status = s.status; resource = s.resource; scope = s.scope;
      droppedAttributesCount = s.droppedAttributesCount; droppedEventsCount = s.droppedEventsCount;
      droppedLinksCount = s.droppedLinksCount;
    }

    public Builder traceId(String v) { traceId = v; return this; }
    public Builder spanId(String v) { spanId = v; return this; }
    public Builder parentSpanId(String v) { parentSpanId = v; return this; }
    public Builder traceState(String v) { traceState = v; return this; }
    public Builder flags(int v) { flags = v; return this; }
    public Builder name(String v) { name = v; return this; }
    public Builder kind(SpanKind v) { kind = v; return this; }
    public Builder startEpochNanos(long v) { startEpochNanos = v; return this; }
    public Builder endEpochNanos(long v) { endEpochNanos = v; return this; }
    public Builder attributes(Attributes v) { attributes = v; return this; }
    public Builder events(List<SpanEvent> v) { events = v; return this; }
    public Builder links(List<SpanLink> v) { links = v; return this; }
    public Builder status(Status v) { status = v; return this; }
    public Builder resource(Resource v) { resource = v; return this; }
    public Builder scope(InstrumentationScope v) { scope = v; return this; }
    public Builder droppedAttributesCount(int v) { droppedAttributesCount = v; return this; }
    public Builder droppedEventsCount(int v) { droppedEventsCount = v; return this; }
    public Builder droppedLinksCount(int v) { droppedLinksCount = v; return this; }

    public Span build() {
      return new Span(traceId, spanId, parentSpanId, traceState, flags, name, kind, startEpochNanos,
          endEpochNanos, attributes, events, links, status, resource, scope, droppedAttributesCount,
          droppedEventsCount, droppedLinksCount);
    }
  }
}

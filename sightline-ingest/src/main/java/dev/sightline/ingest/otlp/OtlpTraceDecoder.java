package dev.sightline.ingest.otlp;

import com.google.protobuf.ByteString;
import dev.sightline.ingest.DecodeResult;
import dev.sightline.ingest.IngestLimits;
import dev.sightline.ingest.InvalidPayloadException;
import dev.sightline.ingest.internal.AttributeLimiter;
import dev.sightline.ingest.internal.DecodeStats;
import dev.sightline.ingest.internal.OtlpJsonReader;
import dev.sightline.ingest.internal.OtlpValues;
import dev.sightline.ingest.internal.PartialSuccessJson;
import dev.sightline.ingest.internal.RecordChecks;
import dev.sightline.model.Ids;
import dev.sightline.model.InstrumentationScope;
import dev.sightline.model.Resource;
import dev.sightline.model.Span;
import dev.sightline.model.SpanEvent;
import dev.sightline.model.SpanKind;
import dev.sightline.model.SpanLink;
import dev.sightline.model.Status;
import dev.sightline.model.StatusCode;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decodes OTLP trace exports (gRPC message, HTTP protobuf or HTTP JSON) into {@link Span}s, validating
 * each span and applying {@link IngestLimits}. Invalid spans are rejected one by one (OTLP partial
 * success); a body that cannot be parsed at all throws {@link InvalidPayloadException}.
 *
 * <p>Thread-safe; build one per server and share it.
 */
public final class OtlpTraceDecoder {
  private final IngestLimits limits;
  private final RecordChecks checks;
  private final OtlpJsonReader json;

  private OtlpTraceDecoder(IngestLimits limits, Clock clock) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.checks = new RecordChecks(limits, Objects.requireNonNull(clock, "clock"));
    this.json = new OtlpJsonReader(limits);
  }

  public static OtlpTraceDecoder create(IngestLimits limits, Clock clock) {
    return new OtlpTraceDecoder(limits, clock);
  }

  /**
   * Decodes an {@code application/x-protobuf} body (already decompressed, see {@code Payloads}). Gives
   * exactly what {@link #decode} gives for {@code ExportTraceServiceRequest.parseFrom(body)}, and fails
   * where that fails, but reads the wire format straight into spans: building the generated message tree
   * first cost about as much as mapping it.
   */
  public DecodeResult<Span> decodeProtobuf(byte[] body) {
    try {
      return new ProtobufTraceReader(limits, checks, body).read();
    } catch (IOException e) { // from a byte array, always an InvalidProtocolBufferException
      throw new InvalidPayloadException("malformed OTLP protobuf ExportTraceServiceRequest: " + e.getMessage(), e);
    }
  }

  /** Decodes an {@code application/json} body per the OTLP/JSON encoding rules. */
  public DecodeResult<Span> decodeJson(byte[] body) {
    ExportTraceServiceRequest.Builder b = ExportTraceServiceRequest.newBuilder();
    json.merge(body, b);
    return decode(b.build());
  }

  /** Decodes a parsed request, as the gRPC service receives it. */
  public DecodeResult<Span> decode(ExportTraceServiceRequest request) {
    DecodeStats<Span> stats = new DecodeStats<>("spans");
    for (int r = 0; r < request.getResourceSpansCount(); r++) {
      ResourceSpans rs = request.getResourceSpans(r);
      Resource resource = OtlpValues.resource(rs.getResource(), limits.maxResourceAttributes(),
          limits.maxAttributeValueLength(), stats);
      for (int s = 0; s < rs.getScopeSpansCount(); s++) {
        ScopeSpans ss = rs.getScopeSpans(s);
        InstrumentationScope scope = OtlpValues.scope(ss.getScope(), limits.maxResourceAttributes(),
            limits.maxAttributeValueLength(), stats);
        for (int i = 0; i < ss.getSpansCount(); i++) {
          Span span = span(ss.getSpans(i), resource, scope, r, s, i, stats);
          if (span != null) {
            stats.accept(span);
          }
        }
      }
    }
    return stats.result();
  }

  /** The same response as OTLP/JSON, for {@code application/json} requests on OTLP/HTTP. */
  public static byte[] responseJson(DecodeResult<?> result) {
    return PartialSuccessJson.write(result, "rejectedSpans");
  }

  /** The response an OTLP receiver sends for a result: empty on full success, partial_success otherwise. */
  public static ExportTraceServiceResponse response(DecodeResult<?> result) {
    ExportTraceServiceResponse.Builder b = ExportTraceServiceResponse.newBuilder();
    if (result.isPartial()) {
      b.setPartialSuccess(ExportTracePartialSuccess.newBuilder()
          .setRejectedSpans(result.rejected())
          .setErrorMessage(result.errorMessage()));
    }
    return b.build();
  }

  private Span span(io.opentelemetry.proto.trace.v1.Span p, Resource resource, InstrumentationScope scope,
                    int r, int s, int i, DecodeStats<Span> stats) {
    String problem = problem(p);
    if (problem != null) { // where it is, built only for a rejected span: this runs for every span
      stats.reject("resourceSpans[" + r + "].scopeSpans[" + s + "].spans[" + i + "]." + problem);
      return null;
    }

    AttributeLimiter attrs = OtlpValues.putAll(
        new AttributeLimiter(limits.maxAttributesPerSpan(), limits.maxAttributeValueLength(), stats),
        p.getAttributesList());
    int droppedAttributes = p.getDroppedAttributesCount() + attrs.dropped();

    int eventCount = Math.min(p.getEventsCount(), limits.maxEventsPerSpan());
    List<SpanEvent> events = new ArrayList<>(eventCount);
    for (int e = 0; e < eventCount; e++) {
      var ev = p.getEvents(e);
      AttributeLimiter ea = OtlpValues.putAll(
          new AttributeLimiter(limits.maxAttributesPerEvent(), limits.maxAttributeValueLength(), stats),
          ev.getAttributesList());
      events.add(new SpanEvent(ev.getTimeUnixNano(), ev.getName(), ea.build(),
          ev.getDroppedAttributesCount() + ea.dropped()));
    }
    int droppedEvents = p.getEventsCount() - eventCount;
    stats.droppedEvents(droppedEvents);

    List<SpanLink> links = new ArrayList<>(Math.min(p.getLinksCount(), limits.maxLinksPerSpan()));
    int droppedLinks = 0;
    for (var l : p.getLinksList()) {
      // A link with unusable ids points nowhere; it is dropped and counted rather than failing the span.
      if (links.size() >= limits.maxLinksPerSpan()
          || RecordChecks.traceIdBytes(l.getTraceId().toByteArray()) != null
          || RecordChecks.spanIdBytes(l.getSpanId().toByteArray()) != null) {
        droppedLinks++;
        continue;
      }
      AttributeLimiter la = OtlpValues.putAll(
          new AttributeLimiter(limits.maxAttributesPerLink(), limits.maxAttributeValueLength(), stats),
          l.getAttributesList());
      links.add(new SpanLink(Ids.toHex(l.getTraceId().toByteArray()), Ids.toHex(l.getSpanId().toByteArray()),
          l.getTraceState(), la.build(), l.getDroppedAttributesCount() + la.dropped()));
    }
    stats.droppedLinks(droppedLinks);

    return Span.builder()
        .traceId(Ids.toHex(p.getTraceId().toByteArray()))
        .spanId(Ids.toHex(p.getSpanId().toByteArray()))
        .parentSpanId(p.getParentSpanId().isEmpty() ? "" : Ids.toHex(p.getParentSpanId().toByteArray()))
        .traceState(p.getTraceState())
        .flags(p.getFlags())
        .name(p.getName())
        .kind(SpanKind.fromOtlp(p.getKindValue()))
        .startEpochNanos(p.getStartTimeUnixNano())
        .endEpochNanos(p.getEndTimeUnixNano())
        .attributes(attrs.build())
        .events(events)
        .links(links)
        .status(new Status(StatusCode.fromOtlp(p.getStatus().getCodeValue()), p.getStatus().getMessage()))
        .resource(resource)
        .scope(scope)
        .droppedAttributesCount(droppedAttributes)
        .droppedEventsCount(p.getDroppedEventsCount() + droppedEvents)
        .droppedLinksCount(p.getDroppedLinksCount() + droppedLinks)
        .build();
  }

  /**
   * What makes the span unusable, as "field: problem", or null. {@code WireSpanFields.problem} applies the
   * same rules to the wire for {@link #decodeProtobuf}; keep the two in step (ProtobufTraceReaderTest
   * compares both paths).
   */
  private String problem(io.opentelemetry.proto.trace.v1.Span p) {
    String problem = idProblem(p.getTraceId(), true, false, "traceId");
    if (problem == null) {
      problem = idProblem(p.getSpanId(), false, false, "spanId");
    }
    if (problem == null) {
      problem = idProblem(p.getParentSpanId(), false, true, "parentSpanId");
    }
    if (problem == null) {
      String start = checks.start(p.getStartTimeUnixNano());
      problem = start == null ? null : "startTimeUnixNano: " + start;
    }
    if (problem == null) {
      String end = checks.end(p.getStartTimeUnixNano(), p.getEndTimeUnixNano());
      problem = end == null ? null : "endTimeUnixNano: " + end;
    }
    return problem;
  }

  private static String idProblem(ByteString id, boolean trace, boolean optional, String field) {
    if (optional && id.isEmpty()) {
      return null;
    }
    byte[] bytes = id.toByteArray();
    String p = trace ? RecordChecks.traceIdBytes(bytes) : RecordChecks.spanIdBytes(bytes);
    return p == null ? null : field + ": " + p;
  }
}

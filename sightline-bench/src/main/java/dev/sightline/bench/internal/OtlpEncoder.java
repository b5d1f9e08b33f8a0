package dev.sightline.bench.internal;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes generated spans as one OTLP {@code ExportTraceServiceRequest}, grouped by service into
 * {@code ResourceSpans} the way an OpenTelemetry Collector batches them.
 */
public final class OtlpEncoder {
  private static final InstrumentationScope SCOPE =
      InstrumentationScope.newBuilder().setName("dev.sightline.bench").setVersion("0.1.0").build();

  private OtlpEncoder() { }

  public static ExportTraceServiceRequest request(List<BenchSpan> spans) {
    Map<BenchSpan.Service, ScopeSpans.Builder> byService = new LinkedHashMap<>();
    for (BenchSpan s : spans) {
      byService.computeIfAbsent(s.service(), k -> ScopeSpans.newBuilder().setScope(SCOPE)).addSpans(span(s));
    }
    ExportTraceServiceRequest.Builder req = ExportTraceServiceRequest.newBuilder();
    byService.forEach((service, scope) -> {
      Resource.Builder resource = Resource.newBuilder();
      service.resource().forEach((k, v) -> resource.addAttributes(kv(k, v)));
      req.addResourceSpans(ResourceSpans.newBuilder().setResource(resource).addScopeSpans(scope));
    });
    return req.build();
  }

  public static byte[] encode(List<BenchSpan> spans) {
    return request(spans).toByteArray();
  }

  private static Span span(BenchSpan s) {
    Span.Builder b = Span.newBuilder()
        .setTraceId(ByteString.copyFrom(s.traceId()))
        .setSpanId(ByteString.copyFrom(s.spanId()))
        .setName(s.name())
        .setKind(kind(s.kind()))
        .setStartTimeUnixNano(s.startNanos())
        .setEndTimeUnixNano(s.endNanos());
    if (s.parentSpanId() != null) {
      b.setParentSpanId(ByteString.copyFrom(s.parentSpanId()));
    }
    s.attributes().forEach((k, v) -> b.addAttributes(kv(k, v)));
    for (BenchSpan.Event e : s.events()) {
      Span.Event.Builder eb = Span.Event.newBuilder().setTimeUnixNano(e.timeNanos()).setName(e.name());
      e.attributes().forEach((k, v) -> eb.addAttributes(kv(k, v)));
      b.addEvents(eb);
    }
    if (s.error()) {
      b.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage(s.statusMessage()));
    }
    return b.build();
  }

  private static Span.SpanKind kind(BenchSpan.Kind kind) {
    return switch (kind) {
      case INTERNAL -> Span.SpanKind.SPAN_KIND_INTERNAL;
      case SERVER -> Span.SpanKind.SPAN_KIND_SERVER;
      case CLIENT -> Span.SpanKind.SPAN_KIND_CLIENT;
      case PRODUCER -> Span.SpanKind.SPAN_KIND_PRODUCER;
      case CONSUMER -> Span.SpanKind.SPAN_KIND_CONSUMER;
    };
  }

  private static KeyValue kv(String key, Object value) {
    AnyValue.Builder v = AnyValue.newBuilder();
    switch (value) {
      case String str -> v.setStringValue(str);
      case Long l -> v.setIntValue(l);
      case Double d -> v.setDoubleValue(d);
      case Boolean bool -> v.setBoolValue(bool);
      default -> throw new IllegalArgumentException("unsupported attribute type for '" + key + "': "
          + value.getClass().getName());
    }
    return KeyValue.newBuilder().setKey(key).setValue(v).build();
  }
}

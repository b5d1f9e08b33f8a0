package dev.sightline.bench.internal;

import dev.sightline.model.Attributes;
import dev.sightline.model.Ids;
import dev.sightline.model.InstrumentationScope;
import dev.sightline.model.Resource;
import dev.sightline.model.Span;
import dev.sightline.model.SpanEvent;
import dev.sightline.model.SpanKind;
import dev.sightline.model.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the generator's {@link BenchSpan}s into Sightline's model {@link Span}s as the OTLP decoder
 * would hand them to the pipeline: one {@link Resource} per service per batch (shared by that batch's
 * spans, as an OTLP {@code ResourceSpans} is), and fresh copies of every string, since decoded protobuf
 * strings are not the interned literals the generator uses. That keeps heap measurements honest.
 */
public final class ModelSpans {
  private static final InstrumentationScope SCOPE = new InstrumentationScope("io.opentelemetry.bench", "1.0.0",
      Attributes.empty());

  private ModelSpans() { }

  /** Converts one batch; spans of the same service share one Resource instance. */
  public static List<Span> batch(List<BenchSpan> spans) {
    Map<String, Resource> resources = new HashMap<>();
    List<Span> out = new ArrayList<>(spans.size());
    for (BenchSpan b : spans) {
      Resource resource = resources.computeIfAbsent(b.service().name(),
          n -> new Resource(attributes(b.service().resource())));
      List<SpanEvent> events = new ArrayList<>(b.events().size());
      for (BenchSpan.Event e : b.events()) {
        events.add(SpanEvent.of(e.timeNanos(), copy(e.name()), attributes(e.attributes())));
      }
      out.add(Span.builder()
          .traceId(Ids.toHex(b.traceId()))
          .spanId(Ids.toHex(b.spanId()))
          .parentSpanId(b.parentSpanId() == null ? "" : Ids.toHex(b.parentSpanId()))
          .flags(1) // sampled upstream, as an SDK with a parent-based always-on sampler sends
          .name(copy(b.name()))
          .kind(SpanKind.valueOf(b.kind().name()))
          .startEpochNanos(b.startNanos())
          .endEpochNanos(b.endNanos())
          .attributes(attributes(b.attributes()))
          .events(events)
          .status(b.error() ? Status.error(copy(b.statusMessage())) : Status.UNSET)
          .resource(resource)
          .scope(SCOPE)
          .build());
    }
    return out;
  }

  private static Attributes attributes(Map<String, ?> map) {
    Attributes.Builder a = Attributes.builder();
    map.forEach((k, v) -> a.put(copy(k), v instanceof String s ? copy(s) : v));
    return a.build();
  }

  private static String copy(String s) {
    return s == null ? null : new String(s.toCharArray());
  }
}

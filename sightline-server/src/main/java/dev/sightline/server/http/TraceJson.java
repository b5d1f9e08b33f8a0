package dev.sightline.server.http;

import dev.sightline.model.Attributes;
import dev.sightline.model.Span;
import dev.sightline.model.SpanEvent;
import dev.sightline.model.SpanLink;
import dev.sightline.store.TraceSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The JSON shapes of the trace API (DESIGN.md's contract). Epoch nanoseconds are strings, as OTLP/JSON
 * writes 64-bit integers, because a JavaScript number cannot hold them exactly; durations are numbers.
 */
public final class TraceJson {
  private TraceJson() {}

  public static Map<String, Object> trace(String traceId, List<Span> spans) {
    List<Span> sorted = new ArrayList<>(spans);
    sorted.sort(Comparator.comparingLong(Span::startEpochNanos).thenComparing(Span::spanId));
    long start = sorted.stream().mapToLong(Span::startEpochNanos).min().orElse(0);
    long end = sorted.stream().mapToLong(Span::endEpochNanos).max().orElse(0);
    TreeSet<String> services = new TreeSet<>();
    int errors = 0;
    List<Map<String, Object>> out = new ArrayList<>(sorted.size());
    for (Span s : sorted) {
      services.add(s.serviceName());
      errors += s.status().isError() ? 1 : 0;
      out.add(span(s));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("traceId", traceId);
    m.put("startTimeUnixNano", Long.toString(start));
    m.put("durationNanos", end - start);
    m.put("spanCount", sorted.size());
    m.put("errorCount", errors);
    m.put("services", List.copyOf(services));
    m.put("spans", out);
    return m;
  }

  public static Map<String, Object> span(Span s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("traceId", s.traceId());
    m.put("spanId", s.spanId());
    m.put("parentSpanId", s.parentSpanId());
    m.put("service", s.serviceName());
    m.put("name", s.name());
    m.put("kind", s.kind().name());
    m.put("startTimeUnixNano", Long.toString(s.startEpochNanos()));
    m.put("durationNanos", s.durationNanos());
    m.put("status", Map.of("code", s.status().code().name(), "message", s.status().message()));
    m.put("attributes", attributes(s.attributes()));
    List<Map<String, Object>> events = new ArrayList<>();
    for (SpanEvent e : s.events()) {
      events.add(Map.of("timeUnixNano", Long.toString(e.epochNanos()), "name", e.name(),
          "attributes", attributes(e.attributes())));
    }
    m.put("events", events);
    List<Map<String, Object>> links = new ArrayList<>();
    for (SpanLink l : s.links()) {
      links.add(Map.of("traceId", l.traceId(), "spanId", l.spanId(), "attributes", attributes(l.attributes())));
    }
    m.put("links", links);
    m.put("resource", attributes(s.resource().attributes()));
    m.put("scope", Map.of("name", s.scope().name(), "version", s.scope().version()));
    if (!s.traceState().isEmpty()) {
      m.put("traceState", s.traceState());
    }
    return m;
  }

  public static Map<String, Object> summary(TraceSummary t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("traceId", t.traceId());
    m.put("rootService", t.rootService());
    m.put("rootOperation", t.rootOperation());
    m.put("startTimeUnixNano", Long.toString(t.startEpochNanos()));
    m.put("durationNanos", t.durationNanos());
    m.put("spanCount", t.spanCount());
    m.put("errorCount", t.errorCount());
    m.put("services", t.services());
    return m;
  }

  /** Attribute values as natural JSON: nested attributes become objects, lists arrays. */
  public static Map<String, Object> attributes(Attributes a) {
    Map<String, Object> m = new LinkedHashMap<>();
    a.forEach((k, v) -> m.put(k, v instanceof Attributes nested ? attributes(nested) : v));
    return m;
  }
}

package dev.sightline.bench.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Encodes generated spans as a Zipkin v2 JSON array, mapped as the OpenTelemetry Zipkin exporter maps
 * them: times in microseconds, attributes and resource attributes as string tags, status as
 * {@code otel.status_code} and {@code error} tags, events as annotations, and a remote endpoint
 * named by {@code peer.service} on client spans.
 */
public final class ZipkinJsonEncoder {
  private ZipkinJsonEncoder() { }

  public static byte[] encode(List<BenchSpan> spans) {
    StringBuilder sb = new StringBuilder(spans.size() * 1200);
    sb.append('[');
    for (int i = 0; i < spans.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      span(sb, spans.get(i));
    }
    sb.append(']');
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void span(StringBuilder sb, BenchSpan s) {
    sb.append("{\"traceId\":\"").append(Hex.of(s.traceId())).append('"');
    if (s.parentSpanId() != null) {
      sb.append(",\"parentId\":\"").append(Hex.of(s.parentSpanId())).append('"');
    }
    sb.append(",\"id\":\"").append(Hex.of(s.spanId())).append('"');
    if (s.kind() != BenchSpan.Kind.INTERNAL) {
      sb.append(",\"kind\":\"").append(s.kind().name()).append('"');
    }
    sb.append(",\"name\":");
    string(sb, s.name());
    long micros = s.startNanos() / 1000;
    sb.append(",\"timestamp\":").append(micros);
    sb.append(",\"duration\":").append(Math.max(1, s.endNanos() / 1000 - micros));
    sb.append(",\"localEndpoint\":{\"serviceName\":");
    string(sb, s.service().name());
    sb.append('}');
    Object peer = s.attributes().get("peer.service");
    if (s.kind() == BenchSpan.Kind.CLIENT && peer != null) {
      sb.append(",\"remoteEndpoint\":{\"serviceName\":");
      string(sb, peer.toString());
      Object port = s.attributes().get("server.port");
      if (port != null) {
        sb.append(",\"port\":").append(port);
      }
      sb.append('}');
    }
    if (!s.events().isEmpty()) {
      sb.append(",\"annotations\":[");
      for (int i = 0; i < s.events().size(); i++) {
        BenchSpan.Event e = s.events().get(i);
        sb.append(i > 0 ? ",{" : "{").append("\"timestamp\":").append(e.timeNanos() / 1000).append(",\"value\":");
        string(sb, e.name() + ": " + attributesJson(e.attributes()));
        sb.append('}');
      }
      sb.append(']');
    }
    sb.append(",\"tags\":{");
    boolean first = true;
    for (Map.Entry<String, Object> a : s.attributes().entrySet()) {
      first = tag(sb, first, a.getKey(), String.valueOf(a.getValue()));
    }
    for (Map.Entry<String, String> r : s.service().resource().entrySet()) {
      if (!r.getKey().equals("service.name")) {
        first = tag(sb, first, r.getKey(), r.getValue());
      }
    }
    first = tag(sb, first, "otel.scope.name", "dev.sightline.bench");
    if (s.error()) {
      first = tag(sb, first, "otel.status_code", "ERROR");
      tag(sb, first, "error", s.statusMessage());
    }
    sb.append("}}");
  }

  private static String attributesJson(Map<String, Object> attributes) {
    StringBuilder sb = new StringBuilder("{");
    boolean first = true;
    for (Map.Entry<String, Object> a : attributes.entrySet()) {
      first = tag(sb, first, a.getKey(), String.valueOf(a.getValue()));
    }
    return sb.append('}').toString();
  }

  private static boolean tag(StringBuilder sb, boolean first, String key, String value) {
    if (!first) {
      sb.append(',');
    }
    string(sb, key);
    sb.append(':');
    string(sb, value);
    return false;
  }

  /** A JSON string literal: quotes, backslashes and control characters escaped. */
  static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}

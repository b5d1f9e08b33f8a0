package dev.sightline.ingest.zipkin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.ingest.DecodeResult;
import dev.sightline.ingest.IngestLimits;
import dev.sightline.ingest.InvalidPayloadException;
import dev.sightline.ingest.internal.AttributeLimiter;
import dev.sightline.ingest.internal.DecodeStats;
import dev.sightline.ingest.internal.JsonFactories;
import dev.sightline.ingest.internal.JsonFlattener;
import dev.sightline.ingest.internal.RecordChecks;
import dev.sightline.model.InstrumentationScope;
import dev.sightline.model.Resource;
import dev.sightline.model.Span;
import dev.sightline.model.SpanEvent;
import dev.sightline.model.SpanKind;
import dev.sightline.model.Status;
import dev.sightline.model.StatusCode;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Decodes the body of Zipkin's {@code POST /api/v2/spans} (a JSON array of v2 spans, as Brave and the
 * zipkin-reporter send it) into {@link Span}s, reversing the OpenTelemetry Zipkin exporter's mapping:
 *
 * <ul>
 *   <li>{@code localEndpoint.serviceName} becomes the resource's {@code service.name}; the local ip and
 *       port become {@code network.local.address}/{@code network.local.port};</li>
 *   <li>{@code remoteEndpoint} becomes {@code peer.service}, {@code network.peer.address} and
 *       {@code network.peer.port} (the current semantic conventions' names);</li>
 *   <li>tags become string attributes; {@code otel.status_code}/{@code otel.status_description} set the
 *       status, otherwise an {@code error} tag means status ERROR with the tag's value as message; these
 *       tags and {@code otel.scope.name}/{@code otel.scope.version} (or the older
 *       {@code otel.library.*}) are moved out of the attributes into status and scope;</li>
 *   <li>annotations become events named by their value, or by name and attributes when the value has the
 *       OpenTelemetry exporters' form {@code "name":{"key":"value"}}; {@code otel.dropped_*_count} tags
 *       become the dropped counts; timestamps and durations are microseconds;</li>
 *   <li>a span without {@code kind} is INTERNAL; {@code debug} and {@code shared} are kept as the
 *       attributes {@code zipkin.debug} and {@code zipkin.shared}, because a shared span reuses its
 *       client's span id and storage must be able to tell the two apart;</li>
 *   <li>a 16-hex trace id is left-padded with zeros to 32; spans Zipkin reports are sampled, so flags
 *       are {@code 01}.</li>
 * </ul>
 *
 * A span with invalid ids, an unknown kind or implausible times is rejected alone (see
 * {@link DecodeResult}); a body that is not a JSON array of objects throws
 * {@link InvalidPayloadException}. Thread-safe.
 */
public final class ZipkinV2Decoder {
  static final String DEBUG = "zipkin.debug";
  static final String SHARED = "zipkin.shared";

  private final IngestLimits limits;
  private final RecordChecks checks;
  private final ObjectMapper mapper;

  private ZipkinV2Decoder(IngestLimits limits, Clock clock) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.checks = new RecordChecks(limits, Objects.requireNonNull(clock, "clock"));
    this.mapper = JsonFactories.mapper(limits);
  }

  public static ZipkinV2Decoder create(IngestLimits limits, Clock clock) {
    return new ZipkinV2Decoder(limits, clock);
  }

  /** Decodes a JSON v2 body (already decompressed). */
  public DecodeResult<Span> decode(byte[] body) {
    JsonNode root;
    try {
      root = mapper.readTree(body);
    } catch (JsonProcessingException e) {
      throw JsonFactories.invalid("Zipkin v2 JSON", e);
    } catch (IOException e) {
      throw new InvalidPayloadException("unreadable Zipkin v2 JSON: " + e.getMessage(), e);
    }
    if (root == null || root.isMissingNode()) {
      throw new InvalidPayloadException("empty body: expected a JSON array of Zipkin v2 spans");
    }
    if (!root.isArray()) {
      throw new InvalidPayloadException("expected a JSON array of Zipkin v2 spans, got " + root.getNodeType()
          .name().toLowerCase(Locale.ROOT));
    }
    DecodeStats<Span> stats = new DecodeStats<>("spans");
    Map<String, Resource> resources = new HashMap<>();
    for (int i = 0; i < root.size(); i++) {
      JsonNode node = root.get(i);
      if (!node.isObject()) {
        throw new InvalidPayloadException("[" + i + "]: expected a span object, got "
            + node.getNodeType().name().toLowerCase(Locale.ROOT));
      }
      Span span = span(node, "[" + i + "]", stats, resources);
      if (span != null) {
        stats.accept(span);
      }
    }
    return stats.result();
  }

  private Span span(JsonNode n, String where, DecodeStats<Span> stats, Map<String, Resource> resources) {
    String traceId = text(n, "traceId", where).toLowerCase(Locale.ROOT);
    if (traceId.length() == 16) {
      traceId = "0000000000000000" + traceId;
    }
    String spanId = text(n, "id", where).toLowerCase(Locale.ROOT);
    String parentId = text(n, "parentId", where).toLowerCase(Locale.ROOT);
    String problem = prefixed(where + ".traceId", RecordChecks.traceIdHex(traceId));
    if (problem == null) {
      problem = prefixed(where + ".id", RecordChecks.spanIdHex(spanId));
    }
    if (problem == null && !parentId.isEmpty()) {
      problem = prefixed(where + ".parentId", RecordChecks.spanIdHex(parentId));
    }
    SpanKind kind = SpanKind.INTERNAL;
    String kindText = text(n, "kind", where);
    if (problem == null && !kindText.isEmpty()) {
      kind = switch (kindText) {
        case "CLIENT" -> SpanKind.CLIENT;
        case "SERVER" -> SpanKind.SERVER;
        case "PRODUCER" -> SpanKind.PRODUCER;
        case "CONSUMER" -> SpanKind.CONSUMER;
        default -> null;
      };
      if (kind == null) {
        problem = where + ".kind: unknown kind '" + abbreviate(kindText) + "'";
      }
    }
    long start = 0;
    long end = 0;
    if (problem == null) {
      Long micros = micros(n, "timestamp", where);
      Long duration = micros(n, "duration", where);
      if (micros == null) {
        problem = where + ".timestamp: missing";
      } else if (duration != null && duration < 0) {
        problem = where + ".duration: negative (" + duration + ")";
      } else {
        try {
          start = Math.multiplyExact(micros, 1000L);
          end = Math.addExact(start, Math.multiplyExact(duration == null ? 0 : duration, 1000L));
          problem = prefixed(where + ".timestamp", checks.start(start));
          if (problem == null) {
            problem = prefixed(where + ".duration", checks.end(start, end));
          }
        } catch (ArithmeticException e) {
          problem = where + ".timestamp: out of range";
        }
      }
    }
    if (problem != null) {
      stats.reject(problem);
      return null;
    }

    AttributeLimiter attrs = new AttributeLimiter(limits.maxAttributesPerSpan(), limits.maxAttributeValueLength(), stats);
    JsonNode local = object(n, "localEndpoint", where);
    JsonNode remote = object(n, "remoteEndpoint", where);
    String service = local == null ? "" : text(local, "serviceName", where + ".localEndpoint");
    if (local != null) {
      endpoint(local, where + ".localEndpoint", attrs, "network.local.address", "network.local.port");
    }
    if (remote != null) {
      String peer = text(remote, "serviceName", where + ".remoteEndpoint");
      if (!peer.isEmpty()) {
        attrs.put("peer.service", peer);
      }
      endpoint(remote, where + ".remoteEndpoint", attrs, "network.peer.address", "network.peer.port");
    }
    Map<String, String> tags = tags(n, where);
    tags.forEach(attrs::put);
    if (bool(n, "debug", where)) {
      attrs.put(DEBUG, true);
    }
    if (bool(n, "shared", where)) {
      attrs.put(SHARED, true);
    }

    Status status = status(tags, attrs);
    InstrumentationScope scope = scope(tags, attrs);
    int senderDroppedAttributes = droppedCount(tags, attrs, "otel.dropped_attributes_count");
    int senderDroppedEvents = droppedCount(tags, attrs, "otel.dropped_events_count");
    int senderDroppedLinks = droppedCount(tags, attrs, "otel.dropped_links_count");

    List<SpanEvent> events = new ArrayList<>();
    int droppedEvents = 0;
    JsonNode annotations = n.get("annotations");
    if (annotations != null && !annotations.isNull()) {
      if (!annotations.isArray()) {
        throw new InvalidPayloadException(where + ".annotations: expected an array");
      }
      for (int a = 0; a < annotations.size(); a++) {
        JsonNode ann = annotations.get(a);
        String at = where + ".annotations[" + a + "]";
        if (!ann.isObject()) {
          throw new InvalidPayloadException(at + ": expected an object");
        }
        if (events.size() >= limits.maxEventsPerSpan()) {
          droppedEvents++;
          continue;
        }
        Long ts = micros(ann, "timestamp", at);
        long nanos = ts == null ? start : saturatingMicrosToNanos(ts);
        events.add(event(nanos, text(ann, "value", at), stats));
      }
    }
    stats.droppedEvents(droppedEvents);

    Resource resource = resources.computeIfAbsent(service,
        s -> s.isEmpty() ? Resource.empty() : Resource.ofService(s));
    return Span.builder()
        .traceId(traceId)
        .spanId(spanId)
        .parentSpanId(parentId)
        .flags(1)
        .name(text(n, "name", where))
        .kind(kind)
        .startEpochNanos(start)
        .endEpochNanos(end)
        .attributes(attrs.build())
        .events(events)
        .status(status)
        .resource(resource)
        .scope(scope)
        .droppedAttributesCount(senderDroppedAttributes + attrs.dropped())
        .droppedEventsCount(senderDroppedEvents + droppedEvents)
        .droppedLinksCount(senderDroppedLinks)
        .build();
  }

  /**
   * An annotation as an event. OpenTelemetry's Zipkin exporters write an event with attributes as
   * {@code "name":{"key":"value"}}; that form is read back into name and attributes, anything else is the
   * event's name as it is.
   */
  private SpanEvent event(long nanos, String value, DecodeStats<Span> stats) {
    AttributeLimiter eventAttrs = new AttributeLimiter(limits.maxAttributesPerEvent(),
        limits.maxAttributeValueLength(), stats);
    int colon = value.startsWith("\"") ? value.indexOf("\":{") : -1;
    if (colon > 0 && value.endsWith("}")) {
      try {
        JsonNode attributes = mapper.readTree(value.substring(colon + 2));
        String name = mapper.readValue(value.substring(0, colon + 1), String.class);
        if (attributes != null && attributes.isObject()) {
          JsonFlattener.flatten(attributes).forEach(eventAttrs::put);
          return new SpanEvent(nanos, (String) eventAttrs.truncate(name), eventAttrs.build(), eventAttrs.dropped());
        }
      } catch (IOException e) {
        // not the exporter's form after all: fall through and keep the text
      }
    }
    return SpanEvent.of(nanos, (String) eventAttrs.truncate(value), null);
  }

  private static int droppedCount(Map<String, String> tags, AttributeLimiter attrs, String key) {
    String v = tags.get(key);
    if (v == null) {
      return 0;
    }
    try {
      int n = Integer.parseInt(v.trim());
      attrs.remove(key);
      return Math.max(0, n);
    } catch (NumberFormatException e) {
      return 0; // not a count: leave the tag as an ordinary attribute
    }
  }

  private static Status status(Map<String, String> tags, AttributeLimiter attrs) {
    String code = tags.get("otel.status_code");
    String description = tags.get("otel.status_description");
    String error = tags.get("error");
    attrs.remove("otel.status_code");
    attrs.remove("otel.status_description");
    attrs.remove("error");
    String message = description != null ? description : error;
    if (code != null) {
      return switch (code.toUpperCase(Locale.ROOT)) {
        case "ERROR" -> Status.error(message == null ? "" : message);
        case "OK" -> Status.OK;
        default -> error != null ? Status.error(error) : Status.UNSET;
      };
    }
    return error != null ? new Status(StatusCode.ERROR, error) : Status.UNSET;
  }

  private static InstrumentationScope scope(Map<String, String> tags, AttributeLimiter attrs) {
    String name = tags.getOrDefault("otel.scope.name", tags.get("otel.library.name"));
    String version = tags.getOrDefault("otel.scope.version", tags.get("otel.library.version"));
    for (String k : List.of("otel.scope.name", "otel.library.name", "otel.scope.version", "otel.library.version")) {
      attrs.remove(k);
    }
    return name == null && version == null ? InstrumentationScope.empty()
        : new InstrumentationScope(name, version, null);
  }

  private static void endpoint(JsonNode e, String where, AttributeLimiter attrs, String addressKey, String portKey) {
    String ipv6 = text(e, "ipv6", where);
    String ipv4 = text(e, "ipv4", where);
    // Zipkin endpoints may carry both; OTel has one address attribute, and IPv4 is what peers usually dial.
    String address = !ipv4.isEmpty() ? ipv4 : ipv6;
    if (!address.isEmpty()) {
      attrs.put(addressKey, address);
    }
    JsonNode port = e.get("port");
    if (port != null && !port.isNull()) {
      if (!port.canConvertToInt() || !port.isIntegralNumber()) {
        throw new InvalidPayloadException(where + ".port: expected an integer, got " + abbreviate(port.toString()));
      }
      if (port.intValue() > 0) {
        attrs.put(portKey, (long) port.intValue());
      }
    }
  }

  private static Map<String, String> tags(JsonNode n, String where) {
    JsonNode tags = n.get("tags");
    if (tags == null || tags.isNull()) {
      return Map.of();
    }
    if (!tags.isObject()) {
      throw new InvalidPayloadException(where + ".tags: expected an object of strings");
    }
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : tags.properties()) {
      JsonNode v = e.getValue();
      // Zipkin tags are strings; numbers and booleans are accepted as their text, as Zipkin's own parser does.
      if (v.isTextual() || v.isNumber() || v.isBoolean()) {
        out.put(e.getKey(), v.asText());
      } else if (!v.isNull()) {
        throw new InvalidPayloadException(where + ".tags." + e.getKey() + ": expected a string, got "
            + v.getNodeType().name().toLowerCase(Locale.ROOT));
      }
    }
    return out;
  }

  private static JsonNode object(JsonNode n, String field, String where) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isObject()) {
      throw new InvalidPayloadException(where + "." + field + ": expected an object");
    }
    return v;
  }

  private static String text(JsonNode n, String field, String where) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return "";
    }
    if (!v.isTextual()) {
      throw new InvalidPayloadException(where + "." + field + ": expected a string, got "
          + v.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    return v.textValue();
  }

  private static boolean bool(JsonNode n, String field, String where) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return false;
    }
    if (!v.isBoolean()) {
      throw new InvalidPayloadException(where + "." + field + ": expected true or false");
    }
    return v.booleanValue();
  }

  private static Long micros(JsonNode n, String field, String where) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.longValue();
    }
    if (v.isFloatingPointNumber() && v.doubleValue() == Math.rint(v.doubleValue())
        && Math.abs(v.doubleValue()) < 9.2e18) {
      return (long) v.doubleValue(); // JavaScript reporters may write 1.7e15
    }
    if (v.isTextual()) {
      try {
        return Long.parseLong(v.textValue().trim());
      } catch (NumberFormatException e) {
        // falls through to the error below
      }
    }
    throw new InvalidPayloadException(where + "." + field + ": expected epoch microseconds as an integer, got "
        + abbreviate(v.toString()));
  }

  private static long saturatingMicrosToNanos(long micros) {
    try {
      return Math.multiplyExact(micros, 1000L);
    } catch (ArithmeticException e) {
      return micros < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  private static String prefixed(String where, String problem) {
    return problem == null ? null : where + ": " + problem;
  }

  private static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "...";
  }
}

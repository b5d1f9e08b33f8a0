package dev.sightline.ingest.internal;

import dev.sightline.ingest.IngestLimits;
import dev.sightline.model.Attributes;
import dev.sightline.model.LogRecord;
import dev.sightline.model.Resource;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns one flattened JSON log record (NDJSON line, bulk document, JSON Loki line) into a
 * {@link LogRecord}, lifting the well-known fields out of their common spellings. The first spelling
 * present wins; the others stay attributes. Everything not lifted becomes an attribute, so no field is
 * lost. Not thread-safe: one per decode call (it caches resources per service).
 *
 * <ul>
 *   <li>time: {@code timestamp}, {@code @timestamp}, {@code time}, {@code ts}, {@code asctime},
 *       {@code timeUnixNano} (see {@link LogTimestamps}); absent means "when received";</li>
 *   <li>severity: {@code severity_number}/{@code severityNumber} (OTLP 1-24), then {@code level},
 *       {@code levelname}, {@code severity}, {@code log.level}, {@code severity_text}/{@code severityText}
 *       as text, or as pino's numbers;</li>
 *   <li>message: {@code message}, {@code msg}, {@code body}, {@code log} (Docker/Fluent Bit);</li>
 *   <li>service: {@code service.name}, {@code service}, {@code service_name}, {@code otelServiceName}
 *       (OTel Python's logging instrumentation) to {@code service.name};</li>
 *   <li>ids: {@code trace_id}, {@code traceId}, {@code trace.id}, {@code otelTraceID},
 *       {@code dd.trace_id} (Datadog's decimal 64-bit id, written as hex and zero-padded); {@code span_id},
 *       {@code spanId}, {@code span.id}, {@code otelSpanID}, {@code dd.span_id}. An id that is not valid stays an attribute and the record keeps no id.</li>
 * </ul>
 */
public final class LogRecordAssembler {
  static final List<String> TIME = List.of("timestamp", "@timestamp", "time", "ts", "asctime", "timeUnixNano");
  static final List<String> SEVERITY_NUMBER = List.of("severity_number", "severityNumber");
  static final List<String> SEVERITY = List.of("level", "levelname", "severity", "log.level", "severity_text",
      "severityText");
  static final List<String> MESSAGE = List.of("message", "msg", "body", "log");
  static final List<String> SERVICE = List.of("service.name", "service", "service_name", "otelServiceName");
  static final List<String> TRACE_ID = List.of("trace_id", "traceId", "trace.id", "otelTraceID", "dd.trace_id");
  static final List<String> SPAN_ID = List.of("span_id", "spanId", "span.id", "otelSpanID", "dd.span_id");

  private final IngestLimits limits;
  private final RecordChecks checks;
  private final Clock clock;
  private final DecodeStats<LogRecord> stats;
  private final Map<String, Resource> resources = new HashMap<>();

  public LogRecordAssembler(IngestLimits limits, RecordChecks checks, Clock clock, DecodeStats<LogRecord> stats) {
    this.limits = limits;
    this.checks = checks;
    this.clock = clock;
    this.stats = stats;
  }

  /**
   * Builds a record from flattened fields (the map is consumed).
   *
   * @param fixedTimeNanos the record's time when the transport fixes it (Loki), or 0 to read it from fields
   * @param fallbackService service to use when the fields name none (Loki labels), or ""
   * @param rawBody the body when no message field is present (Loki's line), or ""
   * @throws IllegalArgumentException with the reason when the record must be rejected
   */
  public LogRecord assemble(Map<String, Object> fields, long fixedTimeNanos, String fallbackService, String rawBody) {
    long observed = nowNanos();
    long time = fixedTimeNanos;
    if (time == 0) {
      String key = first(fields, TIME);
      if (key != null) {
        try {
          time = LogTimestamps.parse(fields.get(key));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("field '" + key + "': " + e.getMessage());
        }
        fields.remove(key);
        String problem = checks.start(time);
        if (problem != null) {
          throw new IllegalArgumentException("field '" + key + "': " + problem);
        }
      } else {
        time = observed;
      }
    } else {
      String problem = checks.start(time);
      if (problem != null) {
        throw new IllegalArgumentException("timestamp: " + problem);
      }
    }

    LogRecord.Builder b = LogRecord.builder().epochNanos(time).observedEpochNanos(observed);
    severity(fields, b);

    String messageKey = first(fields, MESSAGE);
    String body = rawBody;
    if (messageKey != null) {
      Object m = fields.remove(messageKey);
      body = m instanceof String s ? s : Attributes.valueToString(m);
    }
    if (body.length() > limits.maxLogBodyLength()) {
      stats.truncatedValue();
      body = body.substring(0, limits.maxLogBodyLength());
    }
    b.body(body);

    String serviceKey = first(fields, SERVICE);
    String service = fallbackService;
    if (serviceKey != null && fields.get(serviceKey) instanceof String s && !s.isEmpty()) {
      fields.remove(serviceKey);
      service = s;
    }
    b.resource(resources.computeIfAbsent(service, s -> s.isEmpty() ? Resource.empty() : Resource.ofService(s)));

    b.traceId(id(fields, TRACE_ID, 32));
    b.spanId(id(fields, SPAN_ID, 16));

    AttributeLimiter attrs = new AttributeLimiter(limits.maxAttributesPerLogRecord(),
        limits.maxAttributeValueLength(), stats);
    fields.forEach(attrs::put);
    return b.attributes(attrs.build()).build();
  }

  private void severity(Map<String, Object> fields, LogRecord.Builder b) {
    String numberKey = first(fields, SEVERITY_NUMBER);
    int number = 0;
    if (numberKey != null && fields.get(numberKey) instanceof Long n && n >= 1 && n <= 24) {
      fields.remove(numberKey);
      number = n.intValue();
    }
    String textKey = first(fields, SEVERITY);
    String text = "";
    if (textKey != null) {
      Object v = fields.get(textKey);
      if (v instanceof String s) {
        text = s;
        if (number == 0) {
          number = Severities.fromText(s);
        }
        fields.remove(textKey);
      } else if (v instanceof Long n) {
        if (number == 0) {
          number = Severities.fromPino(n);
        }
        text = Severities.text(Severities.fromPino(n)).toLowerCase(Locale.ROOT);
        fields.remove(textKey);
      }
    }
    if (text.isEmpty() && number > 0) {
      text = Severities.text(number);
    }
    b.severityNumber(number).severityText(text);
  }

  private static String id(Map<String, Object> fields, List<String> keys, int hexLength) {
    for (String key : keys) {
      Object v = fields.get(key);
      if (v == null) {
        continue;
      }
      String hex = key.startsWith("dd.") ? fromDecimal(v, hexLength) : fromHex(v, hexLength);
      if (hex != null) {
        fields.remove(key);
        return hex;
      }
    }
    return "";
  }

  private static String fromHex(Object v, int hexLength) {
    if (!(v instanceof String s)) {
      return null;
    }
    String hex = s.trim().toLowerCase(Locale.ROOT);
    if (hexLength == 32 && hex.length() == 16) {
      hex = "0000000000000000" + hex;
    }
    String problem = hexLength == 32 ? RecordChecks.traceIdHex(hex) : RecordChecks.spanIdHex(hex);
    return problem == null ? hex : null;
  }

  private static String fromDecimal(Object v, int hexLength) {
    long id;
    try {
      id = v instanceof Long l ? l : Long.parseUnsignedLong(String.valueOf(v).trim());
    } catch (NumberFormatException e) {
      return null;
    }
    if (id == 0) {
      return null;
    }
    String hex = String.format("%016x", id);
    return hexLength == 32 ? "0000000000000000" + hex : hex;
  }

  private static String first(Map<String, Object> fields, List<String> keys) {
    for (String k : keys) {
      if (fields.containsKey(k)) {
        return k;
      }
    }
    return null;
  }

  private long nowNanos() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}

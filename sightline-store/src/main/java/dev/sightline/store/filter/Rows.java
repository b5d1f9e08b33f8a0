package dev.sightline.store.filter;

import dev.sightline.model.Attributes;
import dev.sightline.model.LogRecord;
import dev.sightline.model.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The row view of log records and spans: the one definition of which field names and values a filter
 * and a query see, shared by the reference evaluator and every store that translates filters.
 *
 * <p>Resource attributes come first, then the record's attributes (which win on a clash), then the
 * well-known fields of {@link Fields} (which win over both). Nested attributes are flattened with dots;
 * array attributes stay lists (multi-valued fields). Empty ids are left out rather than stored as "".
 * {@code level} is the severity text upper-cased ({@code warn} becomes {@code WARN}), or, when a source
 * sent only a number, the OTLP severity name of that number (1-4 TRACE, 5-8 DEBUG, 9-12 INFO, 13-16 WARN,
 * 17-20 ERROR, 21-24 FATAL); so {@code level = 'ERROR'} finds errors from every source.
 */
public final class Rows {
  private static final String[] SEVERITY_NAMES = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"};
  /**
   * At least as many as either row adds besides attributes, so that a row of flat attributes is sized once:
   * a span's row of ~25 fields grew its map twice, ~2% of indexing a span (BENCHMARKS.md section 1).
   */
  private static final int WELL_KNOWN_FIELDS = 10;

  private Rows() {}

  /**
   * A log record as a row: {@code timestamp} (the event time, or the observed time when the source gave
   * none), {@code level}, {@code severity_number}, {@code message}, {@code service}, {@code trace_id},
   * {@code span_id}, plus attributes.
   */
  public static Map<String, Object> of(LogRecord log) {
    Map<String, Object> row = HashMap.newHashMap(log.resource().attributes().size() + log.attributes().size()
        + WELL_KNOWN_FIELDS);
    flatten("", log.resource().attributes(), row);
    flatten("", log.attributes(), row);
    row.remove("service.name");
    row.put(Fields.TIMESTAMP, log.epochNanos() != 0 ? log.epochNanos() : log.observedEpochNanos());
    String level = level(log.severityText(), log.severityNumber());
    if (level != null) {
      row.put(Fields.LEVEL, level);
    }
    if (log.severityNumber() > 0) {
      row.put("severity_number", (long) log.severityNumber());
    }
    row.put(Fields.MESSAGE, log.body());
    row.put(Fields.SERVICE, log.serviceName());
    putId(row, Fields.TRACE_ID, log.traceId());
    putId(row, Fields.SPAN_ID, log.spanId());
    return row;
  }

  /**
   * A span as a row: {@code timestamp} (its start), {@code duration} (nanoseconds), {@code name},
   * {@code kind} and {@code status} (enum names: {@code SERVER}, {@code ERROR}), {@code status_message}
   * when set, {@code service}, {@code trace_id}, {@code span_id}, {@code parent_span_id} (absent on a root
   * span), plus attributes.
   */
  public static Map<String, Object> of(Span span) {
    Map<String, Object> row = HashMap.newHashMap(span.resource().attributes().size() + span.attributes().size()
        + WELL_KNOWN_FIELDS);
    flatten("", span.resource().attributes(), row);
    flatten("", span.attributes(), row);
    row.remove("service.name");
    row.put(Fields.TIMESTAMP, span.startEpochNanos());
    row.put(Fields.DURATION, span.durationNanos());
    row.put(Fields.NAME, span.name());
    row.put(Fields.KIND, span.kind().name());
    row.put(Fields.STATUS, span.status().code().name());
    if (!span.status().message().isEmpty()) {
      row.put("status_message", span.status().message());
    }
    row.put(Fields.SERVICE, span.serviceName());
    putId(row, Fields.TRACE_ID, span.traceId());
    putId(row, Fields.SPAN_ID, span.spanId());
    putId(row, Fields.PARENT_SPAN_ID, span.parentSpanId());
    return row;
  }

  /** The {@code level} of a severity text and number, or null when the source gave neither. */
  public static String level(String severityText, int severityNumber) {
    if (severityText != null && !severityText.isBlank()) {
      return severityText.strip().toUpperCase(Locale.ROOT);
    }
    if (severityNumber >= 1 && severityNumber <= 24) {
      return SEVERITY_NAMES[(severityNumber - 1) / 4];
    }
    return null;
  }

  private static void putId(Map<String, Object> row, String field, String id) {
    if (!id.isEmpty()) {
      row.put(field, id);
    }
  }

  private static void flatten(String prefix, Attributes attributes, Map<String, Object> out) {
    attributes.forEach((k, v) -> {
      String key = prefix + k;
      if (v instanceof Attributes nested) {
        flatten(key + ".", nested, out);
      } else if (v instanceof List<?> list) {
        List<Object> values = new ArrayList<>(list.size());
        for (Object e : list) {
          if (e != null && !(e instanceof Attributes) && !(e instanceof List)) {
            values.add(e);
          }
        }
        out.put(key, List.copyOf(values));
      } else if (v != null) {
        out.put(key, v);
      }
    });
  }
}

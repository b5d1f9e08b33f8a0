package dev.sightline.store.filter;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The well-known field names of the {@code logs} and {@code spans} datasets and their accepted aliases.
 *
 * <p>A row is a flat map from dotted field names to values. Filters and queries always name fields by
 * their canonical name ({@link #canonical(String)} is applied by the query compiler), so a translation to
 * a storage engine sees only canonical names. Well-known fields:
 * <ul>
 *   <li>{@code timestamp}: {@code Long}, nanoseconds since the Unix epoch (span start for spans)
 *   <li>{@code level}: {@code String}, the severity text upper-cased, see {@link Rows} (alias
 *       {@code severity}, {@code severity_text})
 *   <li>{@code message}: {@code String}, the log body (alias {@code body})
 *   <li>{@code service}: {@code String}, {@code service.name} of the resource (alias
 *       {@code service.name}, {@code resource.service.name})
 *   <li>{@code trace_id}, {@code span_id}, {@code parent_span_id}: lowercase hex {@code String}
 *   <li>spans only: {@code name} ({@code String}), {@code duration} ({@code Long} nanoseconds),
 *       {@code status} ({@code String}: UNSET, OK, ERROR), {@code kind} ({@code String}: SERVER, CLIENT...)
 * </ul>
 * Every other field is an attribute, resource attribute or flattened JSON key, under its own dotted name.
 * {@link Rows} builds rows from the model's log records and spans.
 */
public final class Fields {
  public static final String TIMESTAMP = "timestamp";
  public static final String LEVEL = "level";
  public static final String MESSAGE = "message";
  public static final String SERVICE = "service";
  public static final String TRACE_ID = "trace_id";
  public static final String SPAN_ID = "span_id";
  public static final String PARENT_SPAN_ID = "parent_span_id";
  public static final String NAME = "name";
  public static final String DURATION = "duration";
  public static final String STATUS = "status";
  public static final String KIND = "kind";

  /** Default fields that carry a request correlation id besides the trace id. */
  public static final List<String> DEFAULT_CORRELATION_FIELDS = List.of("correlation_id", "request_id", "x-request-id");

  // Aliases are matched case-insensitively; ordinary field names are case-sensitive.
  private static final Map<String, String> ALIASES = Map.ofEntries(
      Map.entry("timestamp", TIMESTAMP),
      Map.entry("@timestamp", TIMESTAMP),
      Map.entry("level", LEVEL),
      Map.entry("severity", LEVEL),
      Map.entry("severity_text", LEVEL),
      Map.entry("message", MESSAGE),
      Map.entry("body", MESSAGE),
      Map.entry("service", SERVICE),
      Map.entry("service.name", SERVICE),
      Map.entry("resource.service.name", SERVICE),
      Map.entry("trace_id", TRACE_ID),
      Map.entry("traceid", TRACE_ID),
      Map.entry("span_id", SPAN_ID),
      Map.entry("spanid", SPAN_ID),
      Map.entry("parent_span_id", PARENT_SPAN_ID));

  private Fields() {}

  /** The canonical name of a field: well-known names and their aliases map to the constants above. */
  public static String canonical(String field) {
    String c = ALIASES.get(field.toLowerCase(Locale.ROOT));
    return c == null ? field : c;
  }

  /**
   * The value of a canonical field in a row, also looking under the field's aliases so that rows built
   * straight from a source (with {@code body} or {@code severity}) evaluate the same way.
   */
  public static Object lookup(Map<String, ?> row, String field) {
    Object v = row.get(field);
    if (v != null || !ALIASES.containsValue(field)) {
      return v;
    }
    for (Map.Entry<String, String> e : ALIASES.entrySet()) {
      if (e.getValue().equals(field) && !e.getKey().equals(field)) {
        v = row.get(e.getKey());
        if (v != null) {
          return v;
        }
      }
    }
    return null;
  }
}

package dev.sightline.ingest.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.model.Attributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes model values as JSON text (a structured OTLP log body, a JSON-typed field kept as text) and
 * flattens nested {@link Attributes} into dotted keys, as log records store them.
 */
public final class ValueJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ValueJson() {}

  public static String toJson(Object value) {
    try {
      return MAPPER.writeValueAsString(plain(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a model value as JSON", e); // values are plain by construction
    }
  }

  /** Puts {@code value} under {@code key}, or each leaf of a nested map under {@code key.sub.leaf}. */
  public static void flattenInto(AttributeLimiter target, String key, Object value) {
    if (value instanceof Attributes nested) {
      nested.forEach((k, v) -> flattenInto(target, key + "." + k, v));
    } else {
      target.put(key, value);
    }
  }

  private static Object plain(Object value) {
    if (value instanceof Attributes a) {
      Map<String, Object> m = new LinkedHashMap<>();
      a.forEach((k, v) -> m.put(k, plain(v)));
      return m;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(v -> out.add(plain(v)));
      return out;
    }
    return value;
  }
}

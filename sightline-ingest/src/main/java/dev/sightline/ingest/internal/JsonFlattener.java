package dev.sightline.ingest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Flattens a JSON object into dotted keys, in document order: {@code {"http":{"status":500}}} becomes
 * {@code http.status = 500L}. Strings, booleans, integers (as Long; beyond 64 bits as text) and floats
 * (as Double) are kept as such; an array of scalars becomes a list; an array holding objects or arrays is
 * kept as its JSON text (indexing every element would let one field explode into thousands); nulls and
 * empty objects are skipped. A later key replaces an earlier one that flattens to the same name.
 */
public final class JsonFlattener {
  private JsonFlattener() {}

  public static LinkedHashMap<String, Object> flatten(JsonNode object) {
    LinkedHashMap<String, Object> out = new LinkedHashMap<>();
    flatten("", object, out);
    return out;
  }

  public static void flatten(String prefix, JsonNode object, Map<String, Object> out) {
    for (Map.Entry<String, JsonNode> e : object.properties()) {
      String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      JsonNode v = e.getValue();
      if (v.isObject()) {
        flatten(key, v, out);
      } else {
        Object value = value(v);
        if (value != null) {
          out.remove(key); // keep the position of the last occurrence
          out.put(key, value);
        }
      }
    }
  }

  /** The model value of a non-object node, or null for JSON null. */
  public static Object value(JsonNode v) {
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isIntegralNumber()) {
      return v.canConvertToLong() ? (Object) v.longValue() : v.asText();
    }
    if (v.isNumber()) {
      return v.doubleValue();
    }
    if (v.isArray()) {
      List<Object> list = new ArrayList<>(v.size());
      for (JsonNode e : v) {
        if (e.isContainerNode()) {
          return v.toString();
        }
        Object o = value(e);
        if (o != null) {
          list.add(o);
        }
      }
      return list;
    }
    if (v.isObject()) {
      return v.toString();
    }
    return null;
  }
}

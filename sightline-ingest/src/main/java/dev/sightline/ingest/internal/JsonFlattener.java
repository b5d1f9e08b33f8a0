package dev.sightline.ingest.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

  /**
   * Flattens the object whose {@code START_OBJECT} the parser has just read, up to and including its
   * {@code END_OBJECT}, as {@link #flatten(String, JsonNode, Map)} would flatten its tree. Returns false,
   * having stopped early, when a key repeats within one object: the tree keeps the last value at the
   * first one's position (and drops what an earlier object value flattened to), which the token stream
   * cannot know in advance; the caller then flattens the tree instead. {@code arrays} reads an array
   * value as a tree (it must not require the input to end after it).
   */
  public static boolean flatten(ObjectReader arrays, JsonParser p, String prefix, Map<String, Object> out)
      throws IOException {
    Set<String> seen = null;
    for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
      String name = p.currentName();
      if (seen == null) {
        seen = new HashSet<>();
      }
      if (!seen.add(name)) {
        return false;
      }
      String key = prefix.isEmpty() ? name : prefix + "." + name;
      JsonToken v = p.nextToken();
      Object value;
      switch (v) {
        case START_OBJECT -> {
          if (!flatten(arrays, p, key, out)) {
            return false;
          }
          continue;
        }
        case START_ARRAY -> value = value((JsonNode) arrays.readTree(p));
        case VALUE_STRING -> value = p.getText();
        case VALUE_TRUE -> value = Boolean.TRUE;
        case VALUE_FALSE -> value = Boolean.FALSE;
        case VALUE_NUMBER_INT -> value = p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
            ? p.getBigIntegerValue().toString() : (Object) p.getLongValue();
        case VALUE_NUMBER_FLOAT -> value = p.getDoubleValue();
        case VALUE_NULL -> value = null;
        default -> throw new IllegalStateException("unexpected token " + v + " in an object");
      }
      if (value != null) {
        out.remove(key); // keep the position of the last occurrence
        out.put(key, value);
      }
    }
    return true;
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

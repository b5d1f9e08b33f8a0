package dev.sightline.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * An immutable, insertion-ordered set of key/value attributes, as OpenTelemetry defines them.
 *
 * <p>Values are one of: {@link String}, {@link Boolean}, {@link Long}, {@link Double}, an immutable
 * {@link List} of such values, or a nested {@link Attributes} (OTLP's {@code kvlistValue}). OTLP
 * {@code bytesValue} is carried as its base64 text, as OTLP/JSON writes it. Integers of any width are
 * widened to {@code Long} and floats to {@code Double} by {@link Builder#put(String, Object)}.
 */
public final class Attributes {
  private static final Attributes EMPTY = new Attributes(Map.of());

  private final Map<String, Object> values;

  private Attributes(Map<String, Object> values) {
    this.values = values;
  }

  public static Attributes empty() {
    return EMPTY;
  }

  /** Builds attributes from alternating keys and values: {@code of("http.method", "GET", "retries", 2L)}. */
  public static Attributes of(Object... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("expected key/value pairs, got an odd number of arguments");
    }
    Builder b = builder();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      b.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return b.build();
  }

  public static Attributes ofMap(Map<String, ?> map) {
    Builder b = builder();
    map.forEach(b::put);
    return b.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.values.putAll(values);
    return b;
  }

  public Object get(String key) {
    return values.get(key);
  }

  /** The value as text: strings as they are, other values by their canonical text; null when absent. */
  public String getString(String key) {
    Object v = values.get(key);
    return v == null ? null : valueToString(v);
  }

  public boolean containsKey(String key) {
    return values.containsKey(key);
  }

  public int size() {
    return values.size();
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** An unmodifiable view, in insertion order. */
  public Map<String, Object> asMap() {
    return values;
  }

  public void forEach(BiConsumer<String, Object> action) {
    values.forEach(action);
  }

  /** Canonical text of an attribute value: lists as {@code [a, b]}, nested attributes as {@code {k=v}}. */
  public static String valueToString(Object v) {
    if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
      return Long.toString(d.longValue()) + ".0";
    }
    return String.valueOf(v);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Attributes a && values.equals(a.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return values.toString();
  }

  /** Collects attributes; a later {@code put} of the same key replaces the earlier value. */
  public static final class Builder {
    private final LinkedHashMap<String, Object> values = new LinkedHashMap<>();

    private Builder() {}

    public Builder put(String key, Object value) {
      Objects.requireNonNull(key, "key");
      if (value == null) {
        return this;
      }
      values.put(key, normalize(value));
      return this;
    }

    public Builder putAll(Attributes other) {
      values.putAll(other.values);
      return this;
    }

    public Builder remove(String key) {
      values.remove(key);
      return this;
    }

    public int size() {
      return values.size();
    }

    public Attributes build() {
      return values.isEmpty() ? EMPTY : new Attributes(Collections.unmodifiableMap(new LinkedHashMap<>(values)));
    }
  }

  static Object normalize(Object value) {
    if (value instanceof String || value instanceof Boolean || value instanceof Long
        || value instanceof Double || value instanceof Attributes) {
      return value;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (Object o : list) {
        copy.add(normalize(Objects.requireNonNull(o, "null element in list attribute")));
      }
      return Collections.unmodifiableList(copy);
    }
    if (value instanceof Map<?, ?> map) {
      Builder b = builder();
      map.forEach((k, v) -> b.put(String.valueOf(k), v));
      return b.build();
    }
    if (value instanceof byte[] bytes) {
      return java.util.Base64.getEncoder().encodeToString(bytes);
    }
    throw new IllegalArgumentException("unsupported attribute value type: " + value.getClass().getName());
  }
}

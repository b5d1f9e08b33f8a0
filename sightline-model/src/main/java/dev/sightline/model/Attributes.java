package dev.sightline.model;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
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
  private static final Attributes EMPTY = new Attributes(new String[0], new Object[0]);
  /** Up to this many entries a lookup scans the keys; past it a hash index is built on first lookup. */
  private static final int SCAN_LIMIT = 8;

  // Two parallel arrays in insertion order, not a map: every span's attributes are built once and then
  // read through in order (redaction, lookup hashes, the codec), and arrays are a fifth of a
  // LinkedHashMap's memory and read without chasing a node per entry.
  private final String[] keys;
  private final Object[] values;
  private volatile Map<String, Integer> index; // built on first lookup, for large sets only
  private Map<String, Object> view; // racy but idempotent: the view holds only final fields

  private Attributes(String[] keys, Object[] values) {
    this.keys = keys;
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
    for (int i = 0; i < keys.length; i++) {
      b.values.put(keys[i], values[i]);
    }
    return b;
  }

  public Object get(String key) {
    int i = indexOf(key);
    return i < 0 ? null : values[i];
  }

  /** The value as text: strings as they are, other values by their canonical text; null when absent. */
  public String getString(String key) {
    Object v = get(key);
    return v == null ? null : valueToString(v);
  }

  public boolean containsKey(String key) {
    return indexOf(key) >= 0;
  }

  public int size() {
    return keys.length;
  }

  public boolean isEmpty() {
    return keys.length == 0;
  }

  /** The key of the {@code i}-th attribute in insertion order, {@code 0 <= i < size()}. */
  public String keyAt(int i) {
    return keys[i];
  }

  /** The value of the {@code i}-th attribute in insertion order, {@code 0 <= i < size()}. */
  public Object valueAt(int i) {
    return values[i];
  }

  /** An unmodifiable view, in insertion order. */
  public Map<String, Object> asMap() {
    Map<String, Object> v = view;
    if (v == null) {
      v = new MapView(this);
      view = v;
    }
    return v;
  }

  public void forEach(BiConsumer<String, Object> action) {
    for (int i = 0; i < keys.length; i++) {
      action.accept(keys[i], values[i]);
    }
  }

  private int indexOf(Object key) {
    if (keys.length <= SCAN_LIMIT) {
      for (int i = 0; i < keys.length; i++) {
        if (keys[i].equals(key)) {
          return i;
        }
      }
      return -1;
    }
    Map<String, Integer> idx = index;
    if (idx == null) {
      idx = new HashMap<>(keys.length * 2);
      for (int i = 0; i < keys.length; i++) {
        idx.put(keys[i], i);
      }
      index = idx;
    }
    Integer i = idx.get(key);
    return i == null ? -1 : i;
  }

  /** The attributes as an unmodifiable {@link Map}, in insertion order. */
  private static final class MapView extends AbstractMap<String, Object> {
    private final Attributes a;

    MapView(Attributes a) {
      this.a = a;
    }

    @Override public int size() { return a.keys.length; }
    @Override public boolean containsKey(Object key) { return key instanceof String && a.indexOf(key) >= 0; }
    @Override public Object get(Object key) { return key instanceof String s ? a.get(s) : null; }
    @Override public void forEach(BiConsumer<? super String, ? super Object> action) {
      for (int i = 0; i < a.keys.length; i++) {
        action.accept(a.keys[i], a.values[i]);
      }
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      return new AbstractSet<>() {
        @Override public int size() { return a.keys.length; }

        @Override
        public Iterator<Entry<String, Object>> iterator() {
          return new Iterator<>() {
            private int next;

            @Override public boolean hasNext() { return next < a.keys.length; }

            @Override
            public Entry<String, Object> next() {
              if (next >= a.keys.length) {
                throw new NoSuchElementException();
              }
              int i = next++;
              return new SimpleImmutableEntry<>(a.keys[i], a.values[i]);
            }
          };
        }
      };
    }
  }

  /** Canonical text of an attribute value: lists as {@code [a, b]}, nested attributes as {@code {k=v}}. */
  public static String valueToString(Object v) {
    if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
      return Long.toString(d.longValue()) + ".0";
    }
    return String.valueOf(v);
  }

  /** Equal when they hold the same keys with equal values, in any order (as {@link Map#equals}). */
  @Override
  public boolean equals(Object o) {
    if (o == this) {
      return true;
    }
    if (!(o instanceof Attributes a) || a.keys.length != keys.length) {
      return false;
    }
    for (int i = 0; i < keys.length; i++) {
      // the same order is the common case: compare in place before looking the key up
      Object other = keys[i].equals(a.keys[i]) ? a.values[i] : a.get(keys[i]);
      if (other == null || !other.equals(values[i])) {
        return false;
      }
    }
    return true;
  }

  /** As {@link Map#hashCode}: the sum of each entry's {@code key.hashCode() ^ value.hashCode()}. */
  @Override
  public int hashCode() {
    int h = 0;
    for (int i = 0; i < keys.length; i++) {
      h += keys[i].hashCode() ^ values[i].hashCode();
    }
    return h;
  }

  @Override
  public String toString() {
    return asMap().toString();
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
      for (int i = 0; i < other.keys.length; i++) {
        values.put(other.keys[i], other.values[i]);
      }
      return this;
    }

    public boolean containsKey(String key) {
      return values.containsKey(key);
    }

    public Builder remove(String key) {
      values.remove(key);
      return this;
    }

    public int size() {
      return values.size();
    }

    public Attributes build() {
      int n = values.size();
      if (n == 0) {
        return EMPTY;
      }
      String[] k = new String[n];
      Object[] v = new Object[n];
      int i = 0;
      for (Map.Entry<String, Object> e : values.entrySet()) {
        k[i] = e.getKey();
        v[i++] = e.getValue();
      }
      return new Attributes(k, v);
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

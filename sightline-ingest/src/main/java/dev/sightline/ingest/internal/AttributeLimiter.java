package dev.sightline.ingest.internal;

import dev.sightline.model.Attributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies count and value-length limits while attributes are collected, counting what it drops or
 * truncates into a {@link DecodeStats}. One instance collects one attribute set.
 */
public final class AttributeLimiter {
  private final Attributes.Builder builder = Attributes.builder();
  private final int maxCount;
  private final int maxValueLength;
  private final DecodeStats<?> stats;
  private int dropped;

  public AttributeLimiter(int maxCount, int maxValueLength, DecodeStats<?> stats) {
    this.maxCount = maxCount;
    this.maxValueLength = maxValueLength;
    this.stats = stats;
  }

  /** Adds one attribute unless the set is full; a null value is ignored (OTLP's empty AnyValue). */
  public AttributeLimiter put(String key, Object value) {
    if (value == null) {
      return this;
    }
    // A repeated key replaces the earlier value and does not use up another slot.
    if (builder.size() >= maxCount && !builder.containsKey(key)) {
      dropped++;
      return this;
    }
    builder.put(key, truncate(value));
    return this;
  }

  public boolean containsKey(String key) {
    return builder.containsKey(key);
  }

  public void remove(String key) {
    builder.remove(key);
  }

  public int size() {
    return builder.size();
  }

  /** Attributes dropped by the count limit so far (not counting those the sender already dropped). */
  public int dropped() {
    return dropped;
  }

  public Attributes build() {
    stats.droppedAttributes(dropped);
    return builder.build();
  }

  /** Truncates strings, also inside lists and nested maps, counting each truncation. */
  public Object truncate(Object value) {
    if (value instanceof String s) {
      if (s.length() > maxValueLength) {
        stats.truncatedValue();
        int end = maxValueLength;
        // Never split a surrogate pair: a lone high surrogate is not valid UTF-16 text.
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
          end--;
        }
        return s.substring(0, end);
      }
      return s;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object o : list) {
        out.add(truncate(o));
      }
      return out;
    }
    if (value instanceof Attributes nested) {
      Attributes.Builder b = Attributes.builder();
      nested.forEach((k, v) -> b.put(k, truncate(v)));
      return b.build();
    }
    return value;
  }
}

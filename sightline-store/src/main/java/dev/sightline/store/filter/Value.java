package dev.sightline.store.filter;

import java.util.Objects;

/**
 * A typed literal in a {@link Filter}: a string, a 64-bit integer, a double or a boolean.
 *
 * <p>Values are data, never code: a translation to another query language must pass them as typed
 * parameters or through that language's escaping API, never by concatenating them into query text.
 */
public sealed interface Value permits Value.StringValue, Value.LongValue, Value.DoubleValue, Value.BooleanValue {

  /** The value as a plain Java object: {@link String}, {@link Long}, {@link Double} or {@link Boolean}. */
  Object raw();

  static Value of(String v) {
    return new StringValue(v);
  }

  static Value of(long v) {
    return new LongValue(v);
  }

  static Value of(double v) {
    return new DoubleValue(v);
  }

  static Value of(boolean v) {
    return new BooleanValue(v);
  }

  /** A case-sensitive string; compared to other strings by Unicode code point (UTF-8 byte order). */
  record StringValue(String value) implements Value {
    public StringValue {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public Object raw() {
      return value;
    }
  }

  /** A 64-bit signed integer; compared numerically with any numeric field value. */
  record LongValue(long value) implements Value {
    @Override
    public Object raw() {
      return value;
    }
  }

  /** A double; compared numerically (exactly, not via rounding of the other side). NaN matches nothing. */
  record DoubleValue(double value) implements Value {
    @Override
    public Object raw() {
      return value;
    }
  }

  /** A boolean; only ever equal to boolean field values. */
  record BooleanValue(boolean value) implements Value {
    @Override
    public Object raw() {
      return value;
    }
  }
}

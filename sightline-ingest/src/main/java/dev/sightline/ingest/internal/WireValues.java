package dev.sightline.ingest.internal;

import static dev.sightline.ingest.internal.WireReader.I64;
import static dev.sightline.ingest.internal.WireReader.LEN;
import static dev.sightline.ingest.internal.WireReader.VARINT;

import dev.sightline.model.Attributes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Reads OTLP {@code KeyValue}s from the wire into the same model values {@link OtlpValues} makes of the
 * parsed messages. One instance serves one decode call (it reuses per-depth scratch state).
 */
public final class WireValues {
  // opentelemetry/proto/common/v1/common.proto
  private static final int KEY_VALUE_KEY = 1 << 3 | LEN;
  private static final int KEY_VALUE_VALUE = 2 << 3 | LEN;
  private static final int ANY_STRING = 1 << 3 | LEN;
  private static final int ANY_BOOL = 2 << 3 | VARINT;
  private static final int ANY_INT = 3 << 3 | VARINT;
  private static final int ANY_DOUBLE = 4 << 3 | I64;
  private static final int ANY_ARRAY = 5 << 3 | LEN;
  private static final int ANY_KVLIST = 6 << 3 | LEN;
  private static final int ANY_BYTES = 7 << 3 | LEN;
  private static final int VALUES = 1 << 3 | LEN; // ArrayValue.values and KeyValueList.values

  // Indexed by the depth of the message owning the value: one path through the tree uses each depth once.
  private final ValueState[] states = new ValueState[WireReader.MAX_DEPTH + 2];

  /**
   * Reads a {@code KeyValue} just tagged and puts it into {@code target}, which applies the limits; a null
   * target only checks that it is well formed (for a rejected span, a dropped event or link).
   */
  public void keyValue(WireReader in, AttributeLimiter target) throws IOException {
    ValueState value = state(in.depth() + 1);
    String key = keyValue(in, value);
    if (target != null) {
      target.put(key, value.result());
    }
  }

  private void keyValue(WireReader in, Attributes.Builder target) throws IOException {
    ValueState value = state(in.depth() + 1);
    String key = keyValue(in, value);
    target.put(key, value.result());
  }

  private String keyValue(WireReader in, ValueState value) throws IOException {
    int outer = in.enter();
    String key = "";
    for (int tag; (tag = in.readTag()) != 0; ) {
      switch (tag) {
        case KEY_VALUE_KEY -> key = in.readString();
        // A repeated singular message field is merged, so a second value continues the first.
        case KEY_VALUE_VALUE -> anyValue(in, value);
        default -> in.skipField(tag);
      }
    }
    in.exit(outer);
    return key;
  }

  private void anyValue(WireReader in, ValueState value) throws IOException {
    int outer = in.enter();
    for (int tag; (tag = in.readTag()) != 0; ) {
      switch (tag) {
        case ANY_STRING -> value.set(ANY_STRING, in.readString());
        case ANY_BOOL -> value.set(ANY_BOOL, in.readBool());
        case ANY_INT -> value.set(ANY_INT, in.readInt64());
        case ANY_DOUBLE -> value.set(ANY_DOUBLE, in.readDouble());
        case ANY_BYTES -> value.set(ANY_BYTES, base64(in.buffer(), in.slice()));
        case ANY_ARRAY -> arrayValue(in, value.array());
        case ANY_KVLIST -> kvlistValue(in, value.kvlist());
        default -> in.skipField(tag);
      }
    }
    in.exit(outer);
  }

  private void arrayValue(WireReader in, List<Object> target) throws IOException {
    int outer = in.enter();
    for (int tag; (tag = in.readTag()) != 0; ) {
      if (tag == VALUES) {
        ValueState element = state(in.depth() + 1);
        anyValue(in, element);
        Object v = element.result();
        if (v != null) { // an empty AnyValue is no value, as OtlpValues.value leaves it out
          target.add(v);
        }
      } else {
        in.skipField(tag);
      }
    }
    in.exit(outer);
  }

  private void kvlistValue(WireReader in, Attributes.Builder target) throws IOException {
    int outer = in.enter();
    for (int tag; (tag = in.readTag()) != 0; ) {
      if (tag == VALUES) {
        keyValue(in, target);
      } else {
        in.skipField(tag);
      }
    }
    in.exit(outer);
  }

  private ValueState state(int depth) {
    ValueState s = states[depth];
    if (s == null) {
      s = states[depth] = new ValueState();
    }
    s.reset();
    return s;
  }

  private static String base64(byte[] buffer, long slice) {
    int offset = WireReader.offset(slice);
    return Base64.getEncoder().encodeToString(Arrays.copyOfRange(buffer, offset, offset + WireReader.length(slice)));
  }

  /**
   * One AnyValue as protobuf-java's builder accumulates it: the last field set decides the case, and the
   * array and kvlist keep their contents for the builder's lifetime, so {@code [a]}, then a string, then
   * {@code [b]} ends as {@code [a, b]} (the generated code reuses the sub-builder it made for the first).
   */
  private static final class ValueState {
    private int valueCase; // the tag of the member set last, 0 for none
    private Object scalar;
    private List<Object> array;
    private Attributes.Builder kvlist;

    void reset() {
      valueCase = 0;
      scalar = null;
      array = null;
      kvlist = null;
    }

    void set(int valueCase, Object scalar) {
      this.valueCase = valueCase;
      this.scalar = scalar;
    }

    List<Object> array() {
      valueCase = ANY_ARRAY;
      if (array == null) {
        array = new ArrayList<>();
      }
      return array;
    }

    Attributes.Builder kvlist() {
      valueCase = ANY_KVLIST;
      if (kvlist == null) {
        kvlist = Attributes.builder();
      }
      return kvlist;
    }

    /** The model value, or null when no field was set (OTLP's empty value). */
    Object result() {
      return switch (valueCase) {
        case 0 -> null;
        case ANY_ARRAY -> array;
        case ANY_KVLIST -> kvlist.build();
        default -> scalar;
      };
    }
  }
}

package dev.sightline.store.internal;

import dev.sightline.model.Attributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Binary form of {@link Attributes}: a count, then key and tagged value per entry. Values nest (lists
 * and key/value lists), with a depth limit so hostile input cannot overflow the stack.
 */
public final class AttributesCodec {
  private static final int STRING = 0;
  private static final int TRUE = 1;
  private static final int FALSE = 2;
  private static final int LONG = 3;
  private static final int DOUBLE = 4;
  private static final int LIST = 5;
  private static final int NESTED = 6;
  static final int MAX_DEPTH = 32;

  private AttributesCodec() {}

  public static void write(EncodeBuffer out, Attributes attributes) {
    write(out, attributes, 0);
  }

  private static void write(EncodeBuffer out, Attributes attributes, int depth) {
    out.writeVarInt(attributes.size());
    for (int i = 0, n = attributes.size(); i < n; i++) {
      out.writeString(attributes.keyAt(i));
      writeValue(out, attributes.valueAt(i), depth);
    }
  }

  private static void writeValue(EncodeBuffer out, Object v, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("attribute values nest deeper than " + MAX_DEPTH + " levels");
    }
    switch (v) {
      case String s -> {
        out.writeByte(STRING);
        out.writeString(s);
      }
      case Boolean b -> out.writeByte(b ? TRUE : FALSE);
      case Long l -> {
        out.writeByte(LONG);
        out.writeSignedVarLong(l);
      }
      case Double d -> {
        out.writeByte(DOUBLE);
        out.writeFixedLong(Double.doubleToRawLongBits(d));
      }
      case List<?> list -> {
        out.writeByte(LIST);
        out.writeVarInt(list.size());
        for (Object o : list) {
          writeValue(out, o, depth + 1);
        }
      }
      case Attributes nested -> {
        out.writeByte(NESTED);
        write(out, nested, depth + 1);
      }
      default -> throw new IllegalArgumentException("unsupported attribute value type " + v.getClass().getName());
    }
  }

  public static Attributes read(DecodeBuffer in, String field) {
    return read(in, field, 0);
  }

  private static Attributes read(DecodeBuffer in, String field, int depth) {
    int count = in.readCount(field + " count");
    if (count == 0) {
      return Attributes.empty();
    }
    Attributes.Builder b = Attributes.builder();
    for (int i = 0; i < count; i++) {
      String key = in.readString(field + " key");
      b.put(key, readValue(in, field, depth));
    }
    return b.build();
  }

  private static Object readValue(DecodeBuffer in, String field, int depth) {
    if (depth > MAX_DEPTH) {
      throw in.malformed(field + " nest deeper than " + MAX_DEPTH + " levels");
    }
    int tag = in.readByte(field + " value type");
    return switch (tag) {
      case STRING -> in.readString(field + " value");
      case TRUE -> Boolean.TRUE;
      case FALSE -> Boolean.FALSE;
      case LONG -> in.readSignedVarLong(field + " value");
      case DOUBLE -> Double.longBitsToDouble(in.readFixedLong(field + " value"));
      case LIST -> {
        int n = in.readCount(field + " list size");
        List<Object> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          list.add(readValue(in, field, depth + 1));
        }
        yield Collections.unmodifiableList(list);
      }
      case NESTED -> read(in, field, depth + 1);
      default -> throw in.malformed("unknown " + field + " value type " + tag);
    };
  }
}

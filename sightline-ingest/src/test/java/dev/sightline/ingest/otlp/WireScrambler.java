package dev.sightline.ingest.otlp;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.WireFormat;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Re-encodes a message by hand with the freedoms of the wire format that generated serializers never use,
 * so that a decoder can be held to protobuf-java's reading of them. Works on any message by its descriptor.
 */
final class WireScrambler {
  enum Variation {
    /** Every message's fields in descending field-number order (repeated elements keep their order). */
    REVERSED,
    /** Fields interleaved at random, each repeated field's elements still in order. */
    SHUFFLED,
    /** A singular message field written as two or three occurrences that protobuf merges back into one. */
    SPLIT,
    /** An earlier occurrence of a singular field with another value (or another oneof member) first. */
    DECOYS,
    /** Unknown fields of every wire type, groups nested, inserted anywhere. */
    UNKNOWN_FIELDS,
    /** Known field numbers written with a wire type they do not have, which makes them unknown fields. */
    WRONG_WIRE_TYPES
  }

  private final Random random;
  private final Set<Variation> variations;

  WireScrambler(long seed, Set<Variation> variations) {
    this.random = new Random(seed);
    this.variations = EnumSet.copyOf(variations);
  }

  byte[] encode(Message message) {
    return concat(chunks(message));
  }

  /** One message's content as encoded field occurrences, in the order they will be written. */
  private List<byte[]> chunks(Message message) {
    List<List<byte[]>> fields = new ArrayList<>();
    for (Map.Entry<FieldDescriptor, Object> e : message.getAllFields().entrySet()) {
      fields.add(field(e.getKey(), e.getValue()));
    }
    if (variations.contains(Variation.REVERSED)) {
      Collections.reverse(fields);
    }
    if (variations.contains(Variation.UNKNOWN_FIELDS)) {
      for (int i = random.nextInt(3); i > 0; i--) {
        fields.add(random.nextInt(fields.size() + 1), List.of(unknownField(message.getDescriptorForType(), 2)));
      }
    }
    if (variations.contains(Variation.WRONG_WIRE_TYPES) && random.nextInt(3) == 0) {
      List<FieldDescriptor> known = message.getDescriptorForType().getFields();
      fields.add(random.nextInt(fields.size() + 1), List.of(wrongWireType(known.get(random.nextInt(known.size())))));
    }
    return variations.contains(Variation.SHUFFLED) ? interleave(fields) : flatten(fields);
  }

  @SuppressWarnings("unchecked")
  private List<byte[]> field(FieldDescriptor f, Object value) {
    List<byte[]> out = new ArrayList<>();
    if (f.isRepeated()) {
      for (Object element : (List<Object>) value) {
        out.add(occurrence(f, element instanceof Message m ? encode(m) : element));
      }
      return out;
    }
    if (variations.contains(Variation.DECOYS) && random.nextInt(3) == 0) {
      FieldDescriptor decoy = f.getContainingOneof() == null ? f
          : f.getContainingOneof().getFields().get(random.nextInt(f.getContainingOneof().getFieldCount()));
      out.add(occurrence(decoy, decoyValue(decoy)));
    }
    if (value instanceof Message m) {
      List<byte[]> content = chunks(m);
      if (variations.contains(Variation.SPLIT) && random.nextBoolean()) {
        // Cut the content into pieces; parsing them one after another rebuilds the message.
        int cut1 = random.nextInt(content.size() + 1);
        int cut2 = cut1 + random.nextInt(content.size() - cut1 + 1);
        out.add(occurrence(f, concat(content.subList(0, cut1))));
        out.add(occurrence(f, concat(content.subList(cut1, cut2))));
        if (cut2 < content.size() || random.nextBoolean()) {
          out.add(occurrence(f, concat(content.subList(cut2, content.size()))));
        }
      } else {
        out.add(occurrence(f, concat(content)));
      }
    } else {
      out.add(occurrence(f, value));
    }
    return out;
  }

  /** One occurrence of a field; a message value is given already encoded. */
  private static byte[] occurrence(FieldDescriptor f, Object value) {
    return write(out -> {
      int n = f.getNumber();
      switch (f.getType()) {
        case STRING -> out.writeString(n, (String) value);
        case BYTES -> out.writeBytes(n, (ByteString) value);
        case FIXED64 -> out.writeFixed64(n, (Long) value);
        case FIXED32 -> out.writeFixed32(n, (Integer) value);
        case UINT32 -> out.writeUInt32(n, (Integer) value);
        case INT64 -> out.writeInt64(n, (Long) value);
        case BOOL -> out.writeBool(n, (Boolean) value);
        case DOUBLE -> out.writeDouble(n, (Double) value);
        case ENUM -> out.writeEnum(n, value instanceof EnumValueDescriptor e ? e.getNumber() : (Integer) value);
        case MESSAGE -> out.writeByteArray(n, (byte[]) value);
        default -> throw new IllegalArgumentException("no OTLP trace field has type " + f.getType());
      }
    });
  }

  private Object decoyValue(FieldDescriptor f) {
    return switch (f.getType()) {
      case STRING -> "decoy";
      case BYTES -> ByteString.copyFrom(new byte[] {(byte) random.nextInt(), 7});
      case FIXED64, INT64 -> random.nextLong();
      case FIXED32, UINT32, ENUM -> random.nextInt(4);
      case BOOL -> random.nextBoolean();
      case DOUBLE -> random.nextDouble();
      case MESSAGE -> encode(decoyMessage(f.getMessageType()));
      default -> throw new IllegalArgumentException(f.getType().toString());
    };
  }

  // Merged into the real value rather than replaced by it: a message occurrence never resets the field.
  private static Message decoyMessage(Descriptor type) {
    AnyValue decoy = AnyValue.newBuilder().setStringValue("decoy").build();
    if (type.equals(ArrayValue.getDescriptor())) {
      return ArrayValue.newBuilder().addValues(decoy).build();
    }
    if (type.equals(KeyValueList.getDescriptor())) {
      return KeyValueList.newBuilder().addValues(KeyValue.newBuilder().setKey("decoy").setValue(decoy)).build();
    }
    if (type.equals(AnyValue.getDescriptor())) {
      return decoy;
    }
    return com.google.protobuf.DynamicMessage.getDefaultInstance(type);
  }

  private byte[] unknownField(Descriptor type, int groupDepth) {
    int n;
    do {
      n = 17 + random.nextInt(40);
    } while (type.findFieldByNumber(n) != null);
    int number = n;
    int wireType = random.nextInt(groupDepth > 0 ? 5 : 4);
    return write(out -> {
      switch (wireType) {
        case 0 -> out.writeUInt64(number, random.nextLong());
        case 1 -> out.writeFixed64(number, random.nextLong());
        case 2 -> out.writeByteArray(number, randomBytes(random.nextInt(12)));
        case 3 -> out.writeFixed32(number, random.nextInt());
        default -> {
          out.writeTag(number, WireFormat.WIRETYPE_START_GROUP);
          for (int i = random.nextInt(3); i > 0; i--) {
            out.writeRawBytes(unknownField(type, groupDepth - 1));
          }
          out.writeTag(number, WireFormat.WIRETYPE_END_GROUP);
        }
      }
    });
  }

  private byte[] wrongWireType(FieldDescriptor f) {
    int own = f.isPackable() && f.isRepeated() ? -1 : f.getLiteType().getWireType();
    return write(out -> {
      if (own == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        out.writeUInt64(f.getNumber(), random.nextLong());
      } else {
        out.writeByteArray(f.getNumber(), randomBytes(random.nextInt(5)));
      }
    });
  }

  private List<byte[]> interleave(List<List<byte[]>> fields) {
    List<byte[]> out = new ArrayList<>();
    List<List<byte[]>> left = new ArrayList<>();
    for (List<byte[]> f : fields) {
      left.add(new ArrayList<>(f));
    }
    left.removeIf(List::isEmpty);
    while (!left.isEmpty()) {
      int i = random.nextInt(left.size());
      out.add(left.get(i).remove(0));
      if (left.get(i).isEmpty()) {
        left.remove(i);
      }
    }
    return out;
  }

  private static List<byte[]> flatten(List<List<byte[]>> fields) {
    List<byte[]> out = new ArrayList<>();
    fields.forEach(out::addAll);
    return out;
  }

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  static byte[] concat(List<byte[]> chunks) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    chunks.forEach(out::writeBytes);
    return out.toByteArray();
  }

  interface Writer {
    void write(CodedOutputStream out) throws IOException;
  }

  static byte[] write(Writer writer) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      writer.write(out);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

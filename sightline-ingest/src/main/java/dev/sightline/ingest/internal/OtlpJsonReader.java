package dev.sightline.ingest.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.sightline.ingest.IngestLimits;
import dev.sightline.ingest.InvalidPayloadException;
import java.io.IOException;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads OTLP/JSON into the generated protobuf builders, walking the message descriptors with a
 * streaming parser. It follows the OTLP/JSON rules rather than proto3's canonical JSON mapping, which
 * differs in exactly the places that matter: trace and span ids are hex (not base64), enums may be
 * integers or names, 64-bit integers may be strings or numbers, keys are lowerCamelCase (the original
 * snake_case names are accepted too) and unknown fields are ignored. Other {@code bytes} fields
 * ({@code bytesValue}) stay base64. One reader serves traces, logs and metrics.
 */
public final class OtlpJsonReader {
  private static final Map<Descriptor, Map<String, FieldDescriptor>> FIELDS = new ConcurrentHashMap<>();
  private static final HexFormat HEX = HexFormat.of();

  private final JsonFactory factory;

  public OtlpJsonReader(IngestLimits limits) {
    this.factory = JsonFactories.factory(limits);
  }

  /** Merges one JSON object from {@code json} into {@code builder}; throws on any malformed input. */
  public void merge(byte[] json, Message.Builder builder) {
    try (JsonParser p = factory.createParser(json)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new InvalidPayloadException("empty body: expected an OTLP/JSON object");
      }
      readMessage(p, builder);
      if (p.nextToken() != null) {
        throw new InvalidPayloadException("unexpected content after the OTLP/JSON object at line "
            + p.currentLocation().getLineNr() + ", column " + p.currentLocation().getColumnNr());
      }
    } catch (JsonProcessingException e) {
      throw JsonFactories.invalid("OTLP/JSON", e);
    } catch (IOException e) {
      throw new InvalidPayloadException("unreadable OTLP/JSON: " + e.getMessage(), e);
    }
  }

  private void readMessage(JsonParser p, Message.Builder b) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw wrongType(p, "an object");
    }
    Map<String, FieldDescriptor> fields = FIELDS.computeIfAbsent(b.getDescriptorForType(), OtlpJsonReader::index);
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      FieldDescriptor f = fields.get(p.currentName());
      JsonToken value = p.nextToken();
      if (f == null) {
        p.skipChildren(); // unknown fields are ignored, as the OTLP spec requires
        continue;
      }
      if (value == JsonToken.VALUE_NULL) {
        continue; // null means the default value
      }
      if (f.isRepeated()) {
        if (value != JsonToken.START_ARRAY) {
          throw wrongType(p, "an array");
        }
        while (p.nextToken() != JsonToken.END_ARRAY) {
          b.addRepeatedField(f, readValue(p, f, b));
        }
      } else {
        b.setField(f, readValue(p, f, b));
      }
    }
  }

  private Object readValue(JsonParser p, FieldDescriptor f, Message.Builder parent) throws IOException {
    JsonToken t = p.currentToken();
    switch (f.getJavaType()) {
      case MESSAGE -> {
        Message.Builder sub = parent.newBuilderForField(f);
        readMessage(p, sub);
        return sub.build();
      }
      case STRING -> {
        if (t != JsonToken.VALUE_STRING) {
          throw wrongType(p, "a string");
        }
        return p.getText();
      }
      case BOOLEAN -> {
        if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
          return t == JsonToken.VALUE_TRUE;
        }
        throw wrongType(p, "true or false");
      }
      case INT -> {
        long v = readLong(p, f);
        boolean unsigned = f.getType() == FieldDescriptor.Type.UINT32 || f.getType() == FieldDescriptor.Type.FIXED32;
        if (unsigned ? (v < 0 || v > 0xFFFF_FFFFL) : (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)) {
          throw invalid(p, "integer out of range for a 32-bit field: " + v);
        }
        return (int) v;
      }
      case LONG -> {
        return readLong(p, f);
      }
      case DOUBLE, FLOAT -> {
        double d = readDouble(p);
        return f.getJavaType() == FieldDescriptor.JavaType.FLOAT ? (Object) (float) d : (Object) d;
      }
      case ENUM -> {
        return readEnum(p, f.getEnumType());
      }
      case BYTE_STRING -> {
        if (t != JsonToken.VALUE_STRING) {
          throw wrongType(p, "a string");
        }
        return isId(f) ? hex(p) : base64(p);
      }
      default -> throw invalid(p, "unsupported field type " + f.getJavaType());
    }
  }

  private static long readLong(JsonParser p, FieldDescriptor f) throws IOException {
    boolean unsigned = switch (f.getType()) {
      case UINT64, FIXED64, UINT32, FIXED32 -> true;
      default -> false;
    };
    JsonToken t = p.currentToken();
    String text;
    if (t == JsonToken.VALUE_NUMBER_INT) {
      text = p.getText();
    } else if (t == JsonToken.VALUE_STRING) {
      text = p.getText().trim();
    } else if (t == JsonToken.VALUE_NUMBER_FLOAT && p.getDoubleValue() == Math.rint(p.getDoubleValue())) {
      // proto3 JSON allows integral values written with an exponent or fraction, e.g. 1.5e9
      text = p.getDecimalValue().toBigIntegerExact().toString();
    } else {
      throw wrongType(p, "an integer (number or decimal string)");
    }
    try {
      return unsigned ? Long.parseUnsignedLong(text) : Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw invalid(p, "not a valid " + (unsigned ? "unsigned " : "") + "64-bit integer: '" + abbreviate(text) + "'");
    }
  }

  private static double readDouble(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
      return p.getDoubleValue();
    }
    if (t == JsonToken.VALUE_STRING) {
      String s = p.getText().trim();
      switch (s) {
        case "NaN": return Double.NaN;
        case "Infinity": return Double.POSITIVE_INFINITY;
        case "-Infinity": return Double.NEGATIVE_INFINITY;
        default:
          try {
            return Double.parseDouble(s);
          } catch (NumberFormatException e) {
            throw invalid(p, "not a number: '" + abbreviate(s) + "'");
          }
      }
    }
    throw wrongType(p, "a number");
  }

  private static EnumValueDescriptor readEnum(JsonParser p, EnumDescriptor type) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NUMBER_INT) {
      long n = p.getLongValue();
      if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
        throw invalid(p, "enum number out of range: " + n);
      }
      // proto3 enums are open: an unknown number is kept, and the mapping to the model decides.
      return type.findValueByNumberCreatingIfUnknown((int) n);
    }
    if (t == JsonToken.VALUE_STRING) {
      EnumValueDescriptor v = type.findValueByName(p.getText());
      if (v == null) {
        throw invalid(p, "unknown " + type.getName() + " name '" + abbreviate(p.getText()) + "'");
      }
      return v;
    }
    throw wrongType(p, "an enum number or name");
  }

  private static boolean isId(FieldDescriptor f) {
    String n = f.getName();
    return n.endsWith("trace_id") || n.endsWith("span_id");
  }

  private static ByteString hex(JsonParser p) throws IOException {
    String s = p.getText();
    try {
      return ByteString.copyFrom(HEX.parseHex(s));
    } catch (IllegalArgumentException e) {
      throw invalid(p, "not a hex id: '" + abbreviate(s) + "' (OTLP/JSON writes ids as hex, not base64)");
    }
  }

  private static ByteString base64(JsonParser p) throws IOException {
    String s = p.getText();
    try {
      return ByteString.copyFrom(Base64.getDecoder().decode(s));
    } catch (IllegalArgumentException e) {
      try {
        return ByteString.copyFrom(Base64.getUrlDecoder().decode(s));
      } catch (IllegalArgumentException e2) {
        throw invalid(p, "not base64: " + e.getMessage());
      }
    }
  }

  private static Map<String, FieldDescriptor> index(Descriptor d) {
    Map<String, FieldDescriptor> m = new HashMap<>();
    for (FieldDescriptor f : d.getFields()) {
      m.put(f.getName(), f);
      m.put(f.getJsonName(), f);
    }
    return Map.copyOf(m);
  }

  private static InvalidPayloadException wrongType(JsonParser p, String expected) {
    JsonToken t = p.currentToken();
    return invalid(p, "expected " + expected + ", got " + (t == null ? "end of input" : describe(t)));
  }

  private static String describe(JsonToken t) {
    return switch (t) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> t.asString() == null ? t.name() : t.asString();
    };
  }

  static InvalidPayloadException invalid(JsonParser p, String what) {
    return new InvalidPayloadException("invalid OTLP/JSON at " + JsonFactories.path(p.getParsingContext())
        + " (line " + p.currentTokenLocation().getLineNr() + "): " + what);
  }

  static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "...";
  }
}

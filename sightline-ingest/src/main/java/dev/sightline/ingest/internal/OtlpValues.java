package dev.sightline.ingest.internal;

import dev.sightline.model.Attributes;
import dev.sightline.model.InstrumentationScope;
import dev.sightline.model.Resource;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Maps OTLP's common messages (AnyValue, KeyValue lists, Resource, InstrumentationScope) to the model. */
public final class OtlpValues {
  private OtlpValues() {}

  /** The model value of an AnyValue, or null for an empty one (OTLP's "no value"). */
  public static Object value(AnyValue v) {
    return switch (v.getValueCase()) {
      case STRING_VALUE -> v.getStringValue();
      case BOOL_VALUE -> v.getBoolValue();
      case INT_VALUE -> v.getIntValue();
      case DOUBLE_VALUE -> v.getDoubleValue();
      case BYTES_VALUE -> Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray());
      case ARRAY_VALUE -> {
        List<Object> list = new ArrayList<>(v.getArrayValue().getValuesCount());
        for (AnyValue e : v.getArrayValue().getValuesList()) {
          Object o = value(e);
          if (o != null) {
            list.add(o);
          }
        }
        yield list;
      }
      case KVLIST_VALUE -> {
        Attributes.Builder b = Attributes.builder();
        for (KeyValue kv : v.getKvlistValue().getValuesList()) {
          b.put(kv.getKey(), value(kv.getValue()));
        }
        yield b.build();
      }
      case VALUE_NOT_SET -> null;
    };
  }

  /** Adds key/values to a limiter, which applies the count and length limits. */
  public static AttributeLimiter putAll(AttributeLimiter limiter, List<KeyValue> kvs) {
    for (KeyValue kv : kvs) {
      limiter.put(kv.getKey(), value(kv.getValue()));
    }
    return limiter;
  }

  public static Resource resource(io.opentelemetry.proto.resource.v1.Resource r, int maxAttributes,
                                  int maxValueLength, DecodeStats<?> stats) {
    if (r.getAttributesCount() == 0) {
      return Resource.empty();
    }
    return new Resource(putAll(new AttributeLimiter(maxAttributes, maxValueLength, stats), r.getAttributesList())
        .build());
  }

  public static InstrumentationScope scope(io.opentelemetry.proto.common.v1.InstrumentationScope s,
                                           int maxAttributes, int maxValueLength, DecodeStats<?> stats) {
    if (s.getName().isEmpty() && s.getVersion().isEmpty() && s.getAttributesCount() == 0) {
      return InstrumentationScope.empty();
    }
    return new InstrumentationScope(s.getName(), s.getVersion(),
        putAll(new AttributeLimiter(maxAttributes, maxValueLength, stats), s.getAttributesList()).build());
  }
}

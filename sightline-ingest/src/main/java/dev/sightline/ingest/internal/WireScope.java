package dev.sightline.ingest.internal;

import static dev.sightline.ingest.internal.WireReader.LEN;
import static dev.sightline.ingest.internal.WireReader.VARINT;

import dev.sightline.model.Attributes;
import dev.sightline.model.InstrumentationScope;
import java.io.IOException;

/**
 * Collects an OTLP {@code InstrumentationScope} from the wire into what {@link OtlpValues#scope} makes of
 * the parsed message; like {@link WireResource}, it may arrive in pieces that protobuf merges.
 */
public final class WireScope {
  // opentelemetry/proto/common/v1/common.proto
  private static final int NAME = 1 << 3 | LEN;
  private static final int VERSION = 2 << 3 | LEN;
  private static final int ATTRIBUTES = 3 << 3 | LEN;
  private static final int DROPPED_ATTRIBUTES_COUNT = 4 << 3 | VARINT;

  private final int maxAttributes;
  private final int maxValueLength;
  private final DecodeStats<?> stats;
  private String name = "";
  private String version = "";
  private AttributeLimiter attributes;
  private int count;

  public WireScope(int maxAttributes, int maxValueLength, DecodeStats<?> stats) {
    this.maxAttributes = maxAttributes;
    this.maxValueLength = maxValueLength;
    this.stats = stats;
  }

  /** Reads an {@code InstrumentationScope} message just tagged. */
  public void merge(WireReader in, WireValues values) throws IOException {
    int outer = in.enter();
    for (int tag; (tag = in.readTag()) != 0; ) {
      switch (tag) {
        case NAME -> name = in.readString();
        case VERSION -> version = in.readString();
        case ATTRIBUTES -> {
          if (attributes == null) {
            attributes = new AttributeLimiter(maxAttributes, maxValueLength, stats);
          }
          count++;
          values.keyValue(in, attributes);
        }
        case DROPPED_ATTRIBUTES_COUNT -> in.readUInt32();
        default -> in.skipField(tag);
      }
    }
    in.exit(outer);
  }

  public InstrumentationScope build() {
    if (name.isEmpty() && version.isEmpty() && count == 0) {
      return InstrumentationScope.empty();
    }
    return new InstrumentationScope(name, version, attributes == null ? Attributes.empty() : attributes.build());
  }
}

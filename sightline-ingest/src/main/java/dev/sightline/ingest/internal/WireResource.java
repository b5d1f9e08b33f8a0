package dev.sightline.ingest.internal;

import static dev.sightline.ingest.internal.WireReader.LEN;
import static dev.sightline.ingest.internal.WireReader.VARINT;

import dev.sightline.model.Resource;
import java.io.IOException;

/**
 * Collects an OTLP {@code Resource} from the wire into what {@link OtlpValues#resource} makes of the parsed
 * message. A singular message field written twice is merged by protobuf, so one resource may arrive in
 * several pieces: each {@link #merge} continues the same attribute list.
 */
public final class WireResource {
  // opentelemetry/proto/resource/v1/resource.proto
  private static final int ATTRIBUTES = 1 << 3 | LEN;
  private static final int DROPPED_ATTRIBUTES_COUNT = 2 << 3 | VARINT;
  private static final int ENTITY_REFS = 3 << 3 | LEN;
  // opentelemetry/proto/common/v1/common.proto, EntityRef
  private static final int ENTITY_REF_SCHEMA_URL = 1 << 3 | LEN;
  private static final int ENTITY_REF_TYPE = 2 << 3 | LEN;
  private static final int ENTITY_REF_ID_KEYS = 3 << 3 | LEN;
  private static final int ENTITY_REF_DESCRIPTION_KEYS = 4 << 3 | LEN;

  private final int maxAttributes;
  private final int maxValueLength;
  private final DecodeStats<?> stats;
  private AttributeLimiter attributes;
  private int count;

  public WireResource(int maxAttributes, int maxValueLength, DecodeStats<?> stats) {
    this.maxAttributes = maxAttributes;
    this.maxValueLength = maxValueLength;
    this.stats = stats;
  }

  /** Reads a {@code Resource} message just tagged. */
  public void merge(WireReader in, WireValues values) throws IOException {
    int outer = in.enter();
    for (int tag; (tag = in.readTag()) != 0; ) {
      switch (tag) {
        case ATTRIBUTES -> {
          if (attributes == null) {
            attributes = new AttributeLimiter(maxAttributes, maxValueLength, stats);
          }
          count++;
          values.keyValue(in, attributes);
        }
        case DROPPED_ATTRIBUTES_COUNT -> in.readUInt32();
        case ENTITY_REFS -> skipEntityRef(in);
        default -> in.skipField(tag);
      }
    }
    in.exit(outer);
  }

  /** The resource; an empty one when no attribute arrived, as for the parsed message. */
  public Resource build() {
    return count == 0 ? Resource.empty() : new Resource(attributes.build());
  }

  // Not kept, but its strings must be UTF-8 for the body to parse, so it is read rather than skipped.
  private static void skipEntityRef(WireReader in) throws IOException {
    int outer = in.enter();
    for (int tag; (tag = in.readTag()) != 0; ) {
      switch (tag) {
        case ENTITY_REF_SCHEMA_URL, ENTITY_REF_TYPE, ENTITY_REF_ID_KEYS, ENTITY_REF_DESCRIPTION_KEYS -> in.readString();
        default -> in.skipField(tag);
      }
    }
    in.exit(outer);
  }
}

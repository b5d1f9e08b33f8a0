package dev.sightline.ingest.otlp;

import static dev.sightline.ingest.internal.WireReader.I32;
import static dev.sightline.ingest.internal.WireReader.I64;
import static dev.sightline.ingest.internal.WireReader.LEN;
import static dev.sightline.ingest.internal.WireReader.VARINT;

import dev.sightline.ingest.internal.RecordChecks;
import dev.sightline.ingest.internal.WireReader;
import java.io.IOException;

/**
 * A span's own fields, read in a first pass over its bytes. Whether the span is kept depends on its ids
 * and times, which the wire may put after the attributes, events and links; those are only noted here
 * (and read in a second pass) so that a rejected span's attributes are neither kept nor counted.
 * One instance is reused for every span of a decode call.
 */
final class WireSpanFields {
  // opentelemetry/proto/trace/v1/trace.proto, Span
  static final int TRACE_ID = 1 << 3 | LEN;
  static final int SPAN_ID = 2 << 3 | LEN;
  static final int TRACE_STATE = 3 << 3 | LEN;
  static final int PARENT_SPAN_ID = 4 << 3 | LEN;
  static final int NAME = 5 << 3 | LEN;
  static final int KIND = 6 << 3 | VARINT;
  static final int START_TIME = 7 << 3 | I64;
  static final int END_TIME = 8 << 3 | I64;
  static final int ATTRIBUTES = 9 << 3 | LEN;
  static final int DROPPED_ATTRIBUTES_COUNT = 10 << 3 | VARINT;
  static final int EVENTS = 11 << 3 | LEN;
  static final int DROPPED_EVENTS_COUNT = 12 << 3 | VARINT;
  static final int LINKS = 13 << 3 | LEN;
  static final int DROPPED_LINKS_COUNT = 14 << 3 | VARINT;
  static final int STATUS = 15 << 3 | LEN;
  static final int FLAGS = 16 << 3 | I32;
  // Status
  private static final int STATUS_MESSAGE = 2 << 3 | LEN;
  private static final int STATUS_CODE = 3 << 3 | VARINT;

  long traceId; // slices of the reader's buffer, see WireReader.slice(); absent is length 0
  long spanId;
  long parentSpanId;
  String traceState;
  int flags;
  String name;
  int kind;
  long startNanos;
  long endNanos;
  int droppedAttributes;
  int droppedEvents;
  int droppedLinks;
  int statusCode;
  String statusMessage;
  /** Whether attributes, events or links were seen, so that the second pass can be skipped. */
  boolean hasChildren;

  /** Reads the fields of one span; {@code in} is positioned at its first field. */
  void read(WireReader in) throws IOException {
    reset();
    for (int tag; (tag = in.readTag()) != 0; ) {
      switch (tag) {
        case TRACE_ID -> traceId = in.slice();
        case SPAN_ID -> spanId = in.slice();
        case TRACE_STATE -> traceState = in.readString();
        case PARENT_SPAN_ID -> parentSpanId = in.slice();
        case NAME -> name = in.readString();
        case KIND -> kind = in.readEnum();
        case START_TIME -> startNanos = in.readFixed64();
        case END_TIME -> endNanos = in.readFixed64();
        case DROPPED_ATTRIBUTES_COUNT -> droppedAttributes = in.readUInt32();
        case DROPPED_EVENTS_COUNT -> droppedEvents = in.readUInt32();
        case DROPPED_LINKS_COUNT -> droppedLinks = in.readUInt32();
        case STATUS -> status(in);
        case FLAGS -> flags = in.readFixed32();
        case ATTRIBUTES, EVENTS, LINKS -> {
          in.slice();
          hasChildren = true;
        }
        default -> in.skipField(tag);
      }
    }
  }

  // Status written twice is merged: each field keeps the last value written.
  private void status(WireReader in) throws IOException {
    int outer = in.enter();
    for (int tag; (tag = in.readTag()) != 0; ) {
      switch (tag) {
        case STATUS_MESSAGE -> statusMessage = in.readString();
        case STATUS_CODE -> statusCode = in.readEnum();
        default -> in.skipField(tag);
      }
    }
    in.exit(outer);
  }

  /**
   * What makes the span unusable, as "field: problem", or null. The same rules in the same order as
   * {@code OtlpTraceDecoder.problem} applies to a parsed span, so that both paths give the same message.
   */
  String problem(byte[] buffer, RecordChecks checks) {
    String problem = idProblem(buffer, traceId, true, false, "traceId");
    if (problem == null) {
      problem = idProblem(buffer, spanId, false, false, "spanId");
    }
    if (problem == null) {
      problem = idProblem(buffer, parentSpanId, false, true, "parentSpanId");
    }
    if (problem == null) {
      String start = checks.start(startNanos);
      problem = start == null ? null : "startTimeUnixNano: " + start;
    }
    if (problem == null) {
      String end = checks.end(startNanos, endNanos);
      problem = end == null ? null : "endTimeUnixNano: " + end;
    }
    return problem;
  }

  private static String idProblem(byte[] buffer, long id, boolean trace, boolean optional, String field) {
    int length = WireReader.length(id);
    if (optional && length == 0) {
      return null;
    }
    int offset = WireReader.offset(id);
    String p = trace ? RecordChecks.traceIdBytes(buffer, offset, length) : RecordChecks.spanIdBytes(buffer, offset, length);
    return p == null ? null : field + ": " + p;
  }

  private void reset() {
    traceId = spanId = parentSpanId = 0;
    traceState = name = statusMessage = "";
    flags = kind = droppedAttributes = droppedEvents = droppedLinks = statusCode = 0;
    startNanos = endNanos = 0;
    hasChildren = false;
  }
}

package dev.sightline.store.internal;

import dev.sightline.model.Ids;
import dev.sightline.model.InstrumentationScope;
import dev.sightline.model.Resource;
import dev.sightline.model.Span;
import dev.sightline.model.SpanEvent;
import dev.sightline.model.SpanKind;
import dev.sightline.model.SpanLink;
import dev.sightline.model.Status;
import dev.sightline.model.StatusCode;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sightline's compact binary form of spans, for WAL records and the event store's stored field.
 *
 * <p>Layout (version 1): {@code [version][varint span count]} then each span. Strings are written once
 * per record and back-referenced after ({@link EncodeBuffer#writeString}); resources and scopes are
 * written once per record and referenced by index, so a batch from one SDK export carries its
 * resource once. Ids that are canonical lowercase hex travel as 16/8 raw bytes; anything else as text,
 * so decoding always gives back exactly what was encoded. A span's start time is a zigzag varint delta from
 * the previous span's start (from 0 for the first), its other times deltas from its start.
 */
public final class SpanCodec {
  static final int VERSION = 1;
  private static final SpanKind[] KINDS = SpanKind.values();
  private static final StatusCode[] CODES = StatusCode.values();

  private SpanCodec() {}

  public static byte[] encode(Span span) {
    return encode(List.of(span));
  }

  /**
   * The framed WAL record ({@link FramedRecord}) of the spans, each span's part byte for byte its
   * {@link #encode(Span)}, written straight into one buffer: encoding each span into its own array and
   * then copying them all into the frame allocated and copied every span's bytes twice. A batch's spans
   * share a few resources, whose attributes were most of the encoding work: each distinct resource (by
   * identity) is encoded once and its bytes copied, which a span's own encoding allows because it shares
   * no string table with anything.
   */
  public static byte[] encodeFramed(List<Span> spans) {
    EncodeBuffer out = new EncodeBuffer(16 + 512 * spans.size(), false); // false: each part stands alone
    out.writeByte(FramedRecord.MARKER);
    out.writeVarInt(spans.size());
    Map<Resource, byte[]> resources = new IdentityHashMap<>();
    for (Span s : spans) {
      byte[] resource = resources.computeIfAbsent(s.resource(), r -> {
        EncodeBuffer b = new EncodeBuffer(256, false);
        AttributesCodec.write(b, r.attributes());
        return b.toByteArray();
      });
      int lengthAt = out.beginLengthPrefixed();
      out.writeByte(VERSION);
      out.writeVarInt(1);
      writeSpan(out, s, 0, resource, null, null);
      out.endLengthPrefixed(lengthAt);
    }
    return out.toByteArray();
  }

  public static byte[] encode(List<Span> spans) {
    EncodeBuffer out = new EncodeBuffer(256 * Math.max(1, spans.size()), spans.size() > 1);
    out.writeByte(VERSION);
    out.writeVarInt(spans.size());
    // By identity: spans of one resource share its instance, and hashing a resource's attributes for
    // every span cost more than writing an equal copy now and then.
    Map<Resource, Integer> resources = new IdentityHashMap<>();
    Map<InstrumentationScope, Integer> scopes = new IdentityHashMap<>();
    long previousStart = 0;
    for (Span s : spans) {
      writeSpan(out, s, previousStart, null, resources, scopes);
      previousStart = s.startEpochNanos();
    }
    return out.toByteArray();
  }

  /** Decodes a record; throws {@link IllegalArgumentException} naming the problem when it is malformed. */
  public static List<Span> decode(byte[] bytes) {
    return decode(bytes, 0, bytes.length);
  }

  public static List<Span> decode(byte[] bytes, int offset, int length) {
    DecodeBuffer in = new DecodeBuffer(bytes, offset, length, "span record");
    int version = in.readByte("version");
    if (version != VERSION) {
      throw in.malformed("unknown span codec version " + version + " (this build reads " + VERSION + ")");
    }
    int count = in.readCount("span count");
    List<Span> spans = new ArrayList<>(count);
    List<Resource> resources = new ArrayList<>();
    List<InstrumentationScope> scopes = new ArrayList<>();
    long previousStart = 0;
    for (int i = 0; i < count; i++) {
      Span span = readSpan(in, previousStart, resources, scopes);
      spans.add(span);
      previousStart = span.startEpochNanos();
    }
    if (in.hasRemaining()) {
      throw in.malformed(in.remaining() + " unexpected bytes after the last span");
    }
    return spans;
  }

  /** Decodes a record that holds exactly one span. */
  public static Span decodeOne(byte[] bytes, int offset, int length) {
    List<Span> spans = decode(bytes, offset, length);
    if (spans.size() != 1) {
      throw new IllegalArgumentException("expected one span in the record, found " + spans.size());
    }
    return spans.get(0);
  }

  /**
   * {@code resourceBytes}: the resource's attributes already encoded, or null. {@code resources} and
   * {@code scopes} number those a batch has written so far; both null for a span written alone (its
   * resource and scope are then the first).
   */
  private static void writeSpan(EncodeBuffer out, Span s, long previousStart, byte[] resourceBytes,
                                Map<Resource, Integer> resources,
                                Map<InstrumentationScope, Integer> scopes) {
    writeId(out, s.traceId());
    writeId(out, s.spanId());
    writeId(out, s.parentSpanId());
    Integer r = resources == null ? null : resources.get(s.resource());
    out.writeVarInt(r != null ? r : resources == null ? 0 : resources.size());
    if (r == null) {
      if (resources != null) {
        resources.put(s.resource(), resources.size());
      }
      if (resourceBytes != null) {
        out.writeBytes(resourceBytes, 0, resourceBytes.length);
      } else {
        AttributesCodec.write(out, s.resource().attributes());
      }
    }
    Integer sc = scopes == null ? null : scopes.get(s.scope());
    out.writeVarInt(sc != null ? sc : scopes == null ? 0 : scopes.size());
    if (sc == null) {
      if (scopes != null) {
        scopes.put(s.scope(), scopes.size());
      }
      out.writeString(s.scope().name());
      out.writeString(s.scope().version());
      AttributesCodec.write(out, s.scope().attributes());
    }
    out.writeString(s.traceState());
    out.writeVarInt(s.flags());
    out.writeString(s.name());
    out.writeByte(s.kind().ordinal());
    long start = s.startEpochNanos();
    out.writeSignedVarLong(start - previousStart);
    out.writeSignedVarLong(s.endEpochNanos() - start);
    AttributesCodec.write(out, s.attributes());
    out.writeVarInt(s.events().size());
    for (SpanEvent e : s.events()) {
      out.writeSignedVarLong(e.epochNanos() - start);
      out.writeString(e.name());
      AttributesCodec.write(out, e.attributes());
      out.writeVarInt(e.droppedAttributesCount());
    }
    out.writeVarInt(s.links().size());
    for (SpanLink l : s.links()) {
      writeId(out, l.traceId());
      writeId(out, l.spanId());
      out.writeString(l.traceState());
      AttributesCodec.write(out, l.attributes());
      out.writeVarInt(l.droppedAttributesCount());
    }
    out.writeByte(s.status().code().ordinal());
    out.writeString(s.status().message());
    out.writeVarInt(s.droppedAttributesCount());
    out.writeVarInt(s.droppedEventsCount());
    out.writeVarInt(s.droppedLinksCount());
  }

  private static Span readSpan(DecodeBuffer in, long previousStart, List<Resource> resources,
                               List<InstrumentationScope> scopes) {
    Span.Builder b = Span.builder();
    b.traceId(readId(in, "trace id")).spanId(readId(in, "span id")).parentSpanId(readId(in, "parent span id"));
    int r = in.readVarInt("resource index");
    if (r == resources.size()) {
      resources.add(new Resource(AttributesCodec.read(in, "resource attributes")));
    } else if (r > resources.size()) {
      throw in.malformed("resource index " + r + " but only " + resources.size() + " resources were seen");
    }
    b.resource(resources.get(r));
    int sc = in.readVarInt("scope index");
    if (sc == scopes.size()) {
      scopes.add(new InstrumentationScope(in.readString("scope name"), in.readString("scope version"),
          AttributesCodec.read(in, "scope attributes")));
    } else if (sc > scopes.size()) {
      throw in.malformed("scope index " + sc + " but only " + scopes.size() + " scopes were seen");
    }
    b.scope(scopes.get(sc));
    b.traceState(in.readString("trace state")).flags(in.readVarInt("flags")).name(in.readString("span name"));
    int kind = in.readByte("span kind");
    if (kind >= KINDS.length) {
      throw in.malformed("unknown span kind " + kind);
    }
    b.kind(KINDS[kind]);
    long start = previousStart + in.readSignedVarLong("start time");
    b.startEpochNanos(start).endEpochNanos(start + in.readSignedVarLong("end time"));
    b.attributes(AttributesCodec.read(in, "span attributes"));
    int events = in.readCount("event count");
    List<SpanEvent> eventList = new ArrayList<>(events);
    for (int i = 0; i < events; i++) {
      long t = start + in.readSignedVarLong("event time");
      eventList.add(new SpanEvent(t, in.readString("event name"), AttributesCodec.read(in, "event attributes"),
          in.readVarInt("event dropped attributes")));
    }
    b.events(eventList);
    int links = in.readCount("link count");
    List<SpanLink> linkList = new ArrayList<>(links);
    for (int i = 0; i < links; i++) {
      linkList.add(new SpanLink(readId(in, "link trace id"), readId(in, "link span id"),
          in.readString("link trace state"), AttributesCodec.read(in, "link attributes"),
          in.readVarInt("link dropped attributes")));
    }
    b.links(linkList);
    int code = in.readByte("status code");
    if (code >= CODES.length) {
      throw in.malformed("unknown status code " + code);
    }
    b.status(new Status(CODES[code], in.readString("status message")));
    b.droppedAttributesCount(in.readVarInt("dropped attributes"));
    b.droppedEventsCount(in.readVarInt("dropped events"));
    b.droppedLinksCount(in.readVarInt("dropped links"));
    return b.build();
  }

  private static final int ID_EMPTY = 0;
  private static final int ID_RAW = 1;
  private static final int ID_TEXT = 2;
  private static final int ID_REF = 3;

  private static void writeId(EncodeBuffer out, String id) {
    int ref;
    if (id.isEmpty()) {
      out.writeByte(ID_EMPTY);
    } else if ((ref = out.stringRef(id)) >= 0) { // spans of one trace repeat its id: 2 bytes, not 18
      out.writeByte(ID_REF);
      out.writeVarInt(ref);
    } else if ((id.length() == 32 || id.length() == 16) && writeRawId(out, id)) {
      out.remember(id);
    } else {
      out.writeByte(ID_TEXT);
      out.writeString(id);
    }
  }

  private static String readId(DecodeBuffer in, String field) {
    int tag = in.readByte(field);
    return switch (tag) {
      case ID_EMPTY -> "";
      case ID_RAW -> {
        int n = in.readByte(field + " length");
        if (n != 16 && n != 8) {
          throw in.malformed(field + " of " + n + " bytes (expected 16 or 8)");
        }
        String id = Ids.toHex(in.readBytes(n, field));
        in.remember(id);
        yield id;
      }
      case ID_REF -> in.stringAt(in.readVarInt(field), field);
      case ID_TEXT -> in.readString(field);
      default -> throw in.malformed("unknown " + field + " encoding " + tag);
    };
  }

  /**
   * Writes a lowercase hex id of 16 or 32 digits as its bytes; returns false, having written nothing,
   * when it is not one. Every span has two or three ids, so this reads each digit once, through a table.
   */
  private static boolean writeRawId(EncodeBuffer out, String id) {
    boolean trace = id.length() == 32;
    long a = hex8(id, 0);
    long b = hex8(id, 8);
    long c = trace ? hex8(id, 16) : 0;
    long d = trace ? hex8(id, 24) : 0;
    if ((a | b | c | d) < 0) {
      return false;
    }
    out.writeByte(ID_RAW);
    out.writeByte(id.length() / 2);
    out.writeFixedLong(a << 32 | b); // big-endian: the first two digits are the first byte
    if (trace) {
      out.writeFixedLong(c << 32 | d);
    }
    return true;
  }

  /** The eight digits {@code s[from, from + 8)} as a number, or -1 when one is not a lowercase hex digit. */
  private static long hex8(String s, int from) {
    long v = 0;
    int bad = 0;
    for (int i = from; i < from + 8; i++) {
      char ch = s.charAt(i);
      int digit = ch < 128 ? LOWER_HEX[ch] : -1;
      bad |= digit;
      v = v << 4 | (digit & 0xF);
    }
    return bad < 0 ? -1 : v;
  }

  /** Digit values of {@code 0-9a-f}, -1 for any other ASCII character (Character.digit's tables are slower). */
  private static final byte[] LOWER_HEX = new byte[128];

  static {
    java.util.Arrays.fill(LOWER_HEX, (byte) -1);
    for (int i = 0; i < 16; i++) {
      LOWER_HEX["0123456789abcdef".charAt(i)] = (byte) i;
    }
  }
}

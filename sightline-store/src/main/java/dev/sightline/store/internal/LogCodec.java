package dev.sightline.store.internal;

import dev.sightline.model.Ids;
import dev.sightline.model.InstrumentationScope;
import dev.sightline.model.LogRecord;
import dev.sightline.model.Resource;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The compact binary form of log records, for WAL records and the stored field of the {@code logs}
 * dataset; the log counterpart of {@code SpanCodec}, with the same conventions (strings back-referenced,
 * resources and scopes written once per record, canonical hex ids as raw bytes).
 *
 * <p>Layout (version 1): {@code [version][varint count]} then per record: resource index (inline the first
 * time), scope index (inline the first time), time as a zigzag delta from the previous record's, observed
 * time as a delta from the time, severity number, severity text, body, attributes, trace id, span id, flags.
 */
public final class LogCodec {
  public static final int VERSION = 1;
  private static final int ID_EMPTY = 0;
  private static final int ID_RAW = 1;
  private static final int ID_TEXT = 2;

  private LogCodec() {}

  public static byte[] encode(List<LogRecord> records) {
    EncodeBuffer out = new EncodeBuffer(128 * Math.max(1, records.size()), records.size() > 1);
    out.writeByte(VERSION);
    out.writeVarInt(records.size());
    Map<Resource, Integer> resources = new IdentityHashMap<>(); // by identity, as SpanCodec
    Map<InstrumentationScope, Integer> scopes = new IdentityHashMap<>();
    long previous = 0;
    for (LogRecord r : records) {
      Integer ri = resources.get(r.resource());
      out.writeVarInt(ri == null ? resources.size() : ri);
      if (ri == null) {
        resources.put(r.resource(), resources.size());
        AttributesCodec.write(out, r.resource().attributes());
      }
      Integer si = scopes.get(r.scope());
      out.writeVarInt(si == null ? scopes.size() : si);
      if (si == null) {
        scopes.put(r.scope(), scopes.size());
        out.writeString(r.scope().name());
        out.writeString(r.scope().version());
        AttributesCodec.write(out, r.scope().attributes());
      }
      out.writeSignedVarLong(r.epochNanos() - previous);
      out.writeSignedVarLong(r.observedEpochNanos() - r.epochNanos());
      previous = r.epochNanos();
      out.writeVarInt(r.severityNumber());
      out.writeString(r.severityText());
      out.writeString(r.body());
      AttributesCodec.write(out, r.attributes());
      writeId(out, r.traceId());
      writeId(out, r.spanId());
      out.writeVarInt(r.flags());
    }
    return out.toByteArray();
  }

  /** Decodes a record; throws {@link IllegalArgumentException} naming the problem when it is malformed. */
  public static List<LogRecord> decode(byte[] bytes, int offset, int length) {
    DecodeBuffer in = new DecodeBuffer(bytes, offset, length, "log record");
    int version = in.readByte("version");
    if (version != VERSION) {
      throw in.malformed("unknown log codec version " + version + " (this build reads " + VERSION + ")");
    }
    int count = in.readCount("log record count");
    List<LogRecord> out = new ArrayList<>(count);
    List<Resource> resources = new ArrayList<>();
    List<InstrumentationScope> scopes = new ArrayList<>();
    long previous = 0;
    for (int i = 0; i < count; i++) {
      LogRecord.Builder b = LogRecord.builder();
      int ri = in.readVarInt("resource index");
      if (ri == resources.size()) {
        resources.add(new Resource(AttributesCodec.read(in, "resource attributes")));
      } else if (ri > resources.size()) {
        throw in.malformed("resource index " + ri + " but only " + resources.size() + " resources were seen");
      }
      b.resource(resources.get(ri));
      int si = in.readVarInt("scope index");
      if (si == scopes.size()) {
        scopes.add(new InstrumentationScope(in.readString("scope name"), in.readString("scope version"),
            AttributesCodec.read(in, "scope attributes")));
      } else if (si > scopes.size()) {
        throw in.malformed("scope index " + si + " but only " + scopes.size() + " scopes were seen");
      }
      b.scope(scopes.get(si));
      long time = previous + in.readSignedVarLong("time");
      previous = time;
      b.epochNanos(time).observedEpochNanos(time + in.readSignedVarLong("observed time"));
      b.severityNumber(in.readVarInt("severity number")).severityText(in.readString("severity text"));
      b.body(in.readString("body")).attributes(AttributesCodec.read(in, "attributes"));
      b.traceId(readId(in, "trace id")).spanId(readId(in, "span id")).flags(in.readVarInt("flags"));
      out.add(b.build());
    }
    if (in.hasRemaining()) {
      throw in.malformed(in.remaining() + " unexpected bytes after the last log record");
    }
    return out;
  }

  private static void writeId(EncodeBuffer out, String id) {
    if (id.isEmpty()) {
      out.writeByte(ID_EMPTY);
    } else if ((id.length() == 32 || id.length() == 16) && isLowerHex(id)) {
      out.writeByte(ID_RAW);
      out.writeByte(id.length() / 2);
      byte[] raw = Ids.fromHex(id);
      out.writeBytes(raw, 0, raw.length);
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
        yield Ids.toHex(in.readBytes(n, field));
      }
      case ID_TEXT -> in.readString(field);
      default -> throw in.malformed("unknown " + field + " encoding " + tag);
    };
  }

  private static boolean isLowerHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }
}

package dev.sightline.store.internal;

import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.util.BytesRef;

/**
 * The WAL record of an event store batch: each event's stored form (its codec form) in a
 * frame, {@code [0x7F][vInt count]} then {@code [vInt length][bytes]} per event. The documents' stored
 * fields are slices of the record, so an event is encoded once for the WAL and the index. Records written
 * before framing start with their codec's version byte (1), which is never {@value #MARKER}.
 */
public final class FramedRecord {
  public static final int MARKER = 0x7F;

  private FramedRecord() {}

  /** The record framing {@code sources}. */
  public static byte[] frame(byte[][] sources) {
    int size = 1 + 5;
    for (byte[] s : sources) {
      size += 5 + s.length;
    }
    byte[] out = new byte[size];
    out[0] = (byte) MARKER;
    int at = writeVInt(out, 1, sources.length);
    for (byte[] s : sources) {
      at = writeVInt(out, at, s.length);
      System.arraycopy(s, 0, out, at, s.length);
      at += s.length;
    }
    return at == out.length ? out : java.util.Arrays.copyOf(out, at);
  }

  public static boolean isFramed(byte[] record) {
    return record.length > 0 && (record[0] & 0xFF) == MARKER;
  }

  /** The events' stored forms, as slices of {@code record}; throws naming the problem when malformed. */
  public static List<BytesRef> split(byte[] record) {
    if (!isFramed(record)) {
      throw new IllegalArgumentException("not a framed event record");
    }
    int[] at = {1};
    int count = readVInt(record, at, "event count");
    if (count > record.length) {
      throw new IllegalArgumentException("framed record of " + record.length + " bytes claims " + count + " events");
    }
    List<BytesRef> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int length = readVInt(record, at, "length of event " + i);
      if (length > record.length - at[0]) {
        throw new IllegalArgumentException("event " + i + " of a framed record is " + length + " bytes but only "
            + (record.length - at[0]) + " remain");
      }
      out.add(new BytesRef(record, at[0], length));
      at[0] += length;
    }
    if (at[0] != record.length) {
      throw new IllegalArgumentException((record.length - at[0]) + " unexpected bytes after the last framed event");
    }
    return out;
  }

  /** Writes {@code v} as an unsigned LEB128 varint at {@code out[at]}; returns where it ends. */
  public static int writeVInt(byte[] out, int at, int v) {
    while ((v & ~0x7F) != 0) {
      out[at++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out[at++] = (byte) v;
    return at;
  }

  private static int readVInt(byte[] in, int[] at, String what) {
    int v = 0;
    for (int shift = 0; shift < 32; shift += 7) {
      if (at[0] >= in.length) {
        throw new IllegalArgumentException("framed record ends inside the " + what);
      }
      byte b = in[at[0]++];
      v |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        if (v < 0) {
          break;
        }
        return v;
      }
    }
    throw new IllegalArgumentException("framed record has a malformed " + what);
  }
}

package dev.sightline.store.chunk;

import dev.sightline.store.internal.DecodeBuffer;
import dev.sightline.store.internal.EncodeBuffer;
import java.util.List;

/**
 * The records of one chunk, uncompressed: for each, its timestamp, its sequence (WAL sequence * 2^24 +
 * position in the batch: unique, and the same when recovery re-reads it), the 32-bit hashes of its
 * lookup values ({@link LookupValues}) and its codec form. A head's records also carry their events
 * already decoded.
 *
 * <p>Body layout: {@code [vInt count]} then per record {@code [long ts][long seq][vInt n][int hash]*n
 * [vInt length][bytes]}.
 */
final class Records {
  final int count;
  final long[] ts;
  final long[] seq;
  /** Record i's hashes are {@code hashes[hashFrom[i] .. hashFrom[i + 1])}. */
  final int[] hashFrom;
  final int[] hashes;
  final byte[] raw;
  final int[] offset;
  final int[] length;
  /** Decoded events (a head's), or null. */
  final Object[] events;

  Records(int count, long[] ts, long[] seq, int[] hashFrom, int[] hashes, byte[] raw, int[] offset, int[] length,
          Object[] events) {
    this.count = count;
    this.ts = ts;
    this.seq = seq;
    this.hashFrom = hashFrom;
    this.hashes = hashes;
    this.raw = raw;
    this.offset = offset;
    this.length = length;
    this.events = events;
  }

  /** The event of record {@code i}, decoded when it is not at hand. */
  @SuppressWarnings("unchecked")
  <T> T event(RecordType<T> type, int i) {
    return events != null ? (T) events[i] : type.decode(raw, offset[i], length[i]);
  }

  /** True when record {@code i} holds one hash of every alternative ({@link LookupValues#required}). */
  boolean holdsAll(int i, List<long[]> required) {
    for (long[] any : required) {
      boolean found = false;
      for (long h : any) {
        int want = (int) h;
        for (int j = hashFrom[i]; j < hashFrom[i + 1]; j++) {
          if (hashes[j] == want) {
            found = true;
            break;
          }
        }
        if (found) {
          break;
        }
      }
      if (!found) {
        return false;
      }
    }
    return true;
  }

  /** Encodes the body of a chunk of these records. */
  byte[] encodeBody() {
    int size = 5;
    for (int i = 0; i < count; i++) {
      size += 16 + 5 + 4 * (hashFrom[i + 1] - hashFrom[i]) + 5 + length[i];
    }
    EncodeBuffer out = new EncodeBuffer(size, false);
    out.writeVarInt(count);
    for (int i = 0; i < count; i++) {
      out.writeFixedLong(ts[i]);
      out.writeFixedLong(seq[i]);
      out.writeVarInt(hashFrom[i + 1] - hashFrom[i]);
      for (int j = hashFrom[i]; j < hashFrom[i + 1]; j++) {
        int h = hashes[j];
        out.writeByte(h >>> 24);
        out.writeByte(h >>> 16);
        out.writeByte(h >>> 8);
        out.writeByte(h);
      }
      out.writeVarInt(length[i]);
      out.writeBytes(raw, offset[i], length[i]);
    }
    return out.toByteArray();
  }

  /** Parses a body; throws {@link IllegalArgumentException} naming what is malformed. */
  static Records parse(byte[] body, int expectedCount) {
    DecodeBuffer in = new DecodeBuffer(body, 0, body.length, "chunk body");
    int count = in.readCount("record count");
    if (count != expectedCount) {
      throw in.malformed("the body holds " + count + " records but its header says " + expectedCount);
    }
    long[] ts = new long[count];
    long[] seq = new long[count];
    int[] hashFrom = new int[count + 1];
    int[] offset = new int[count];
    int[] length = new int[count];
    int[] hashes = new int[Math.max(4, count * 4)];
    int h = 0;
    for (int i = 0; i < count; i++) {
      ts[i] = in.readFixedLong("timestamp");
      seq[i] = in.readFixedLong("sequence");
      int n = in.readCount("hash count");
      if (h + n > hashes.length) {
        hashes = java.util.Arrays.copyOf(hashes, Math.max(h + n, hashes.length * 2));
      }
      byte[] b = in.readBytes(4 * n, "hashes");
      for (int j = 0; j < n; j++) {
        hashes[h++] = (b[4 * j] & 0xFF) << 24 | (b[4 * j + 1] & 0xFF) << 16 | (b[4 * j + 2] & 0xFF) << 8
            | (b[4 * j + 3] & 0xFF);
      }
      hashFrom[i + 1] = h;
      length[i] = in.readCount("record length");
      offset[i] = body.length - in.remaining();
      in.skip(length[i], "record");
    }
    if (in.hasRemaining()) {
      throw in.malformed(in.remaining() + " bytes after the last record");
    }
    return new Records(count, ts, seq, hashFrom, hashes, body, offset, length, null);
  }
}

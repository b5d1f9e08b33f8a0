package dev.sightline.store.chunk;

import dev.sightline.store.internal.DecodeBuffer;
import dev.sightline.store.internal.FramedRecord;
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
  /** At least the length {@link #encodeBody(byte[])} writes. */
  int bodyBound() {
    int size = 5;
    for (int i = 0; i < count; i++) {
      size += 16 + 5 + 4 * (hashFrom[i + 1] - hashFrom[i]) + 5 + length[i];
    }
    return size;
  }

  /** Writes the body into {@code out} (of at least {@link #bodyBound()} bytes); returns its length. */
  int encodeBody(byte[] out) {
    int at = FramedRecord.writeVInt(out, 0, count);
    for (int i = 0; i < count; i++) {
      at = putLong(out, at, ts[i]);
      at = putLong(out, at, seq[i]);
      at = FramedRecord.writeVInt(out, at, hashFrom[i + 1] - hashFrom[i]);
      for (int j = hashFrom[i]; j < hashFrom[i + 1]; j++) {
        int h = hashes[j];
        out[at++] = (byte) (h >>> 24);
        out[at++] = (byte) (h >>> 16);
        out[at++] = (byte) (h >>> 8);
        out[at++] = (byte) h;
      }
      at = FramedRecord.writeVInt(out, at, length[i]);
      System.arraycopy(raw, offset[i], out, at, length[i]);
      at += length[i];
    }
    return at;
  }

  /** Big-endian, as {@code EncodeBuffer.writeFixedLong}. */
  private static int putLong(byte[] out, int at, long v) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      out[at++] = (byte) (v >>> shift);
    }
    return at;
  }

  /** Parses a body; throws {@link IllegalArgumentException} naming what is malformed. */
  static Records parse(byte[] body, int expectedCount) {
    Cursor in = new Cursor(body, body.length, expectedCount);
    int count = expectedCount;
    long[] ts = new long[count];
    long[] seq = new long[count];
    int[] hashFrom = new int[count + 1];
    int[] offset = new int[count];
    int[] length = new int[count];
    int[] hashes = new int[Math.max(4, count * 4)];
    int h = 0;
    for (int i = 0; in.next(); i++) {
      ts[i] = in.ts;
      seq[i] = in.seq;
      if (h + in.hashCount > hashes.length) {
        hashes = java.util.Arrays.copyOf(hashes, Math.max(h + in.hashCount, hashes.length * 2));
      }
      for (int j = 0; j < in.hashCount; j++) {
        hashes[h++] = in.hash(j);
      }
      hashFrom[i + 1] = h;
      offset[i] = in.offset;
      length[i] = in.length;
    }
    return new Records(count, ts, seq, hashFrom, hashes, body, offset, length, null);
  }

  /**
   * Walks a body record by record without copying anything: {@link #parse} builds on it, and an id
   * lookup reads a chunk through it, decoding only the records whose hashes match. Each {@link #next}
   * checks the record it steps over, so a malformed body throws {@link IllegalArgumentException} naming
   * what is wrong, whichever reader meets it.
   */
  static final class Cursor {
    private final byte[] body;
    private final DecodeBuffer in;
    private int left;
    long ts;
    long seq;
    int hashCount;
    private int hashAt;
    /** Where the current record's codec form is in the body, and its length. */
    int offset;
    int length;

    /** The body is {@code body[0, bodyLength)}; its record count must be {@code expectedCount}. */
    Cursor(byte[] body, int bodyLength, int expectedCount) {
      this.body = body;
      this.in = new DecodeBuffer(body, 0, bodyLength, "chunk body");
      left = in.readCount("record count");
      if (left != expectedCount) {
        throw in.malformed("the body holds " + left + " records but its header says " + expectedCount);
      }
    }

    /** Steps to the next record; false after the last one. */
    boolean next() {
      if (left == 0) {
        if (in.hasRemaining()) {
          throw in.malformed(in.remaining() + " bytes after the last record");
        }
        return false;
      }
      left--;
      ts = in.readFixedLong("timestamp");
      seq = in.readFixedLong("sequence");
      hashCount = in.readCount("hash count");
      hashAt = in.position();
      in.skip(4 * hashCount, "hashes");
      length = in.readCount("record length");
      offset = in.position();
      in.skip(length, "record");
      return true;
    }

    /** The current record's hash {@code j}. */
    int hash(int j) {
      int at = hashAt + 4 * j;
      return (body[at] & 0xFF) << 24 | (body[at + 1] & 0xFF) << 16 | (body[at + 2] & 0xFF) << 8 | (body[at + 3] & 0xFF);
    }

    /** As {@link Records#holdsAll}, for the current record. */
    boolean holdsAll(List<long[]> required) {
      for (long[] any : required) {
        if (!holdsAny(any)) {
          return false;
        }
      }
      return true;
    }

    private boolean holdsAny(long[] any) {
      for (long h : any) {
        for (int j = 0; j < hashCount; j++) {
          if (hash(j) == (int) h) {
            return true;
          }
        }
      }
      return false;
    }
  }
}

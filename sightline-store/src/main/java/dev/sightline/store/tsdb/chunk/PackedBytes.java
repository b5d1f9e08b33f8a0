package dev.sightline.store.tsdb.chunk;

import java.util.Arrays;

/**
 * A growable byte array with LEB128 varints (the writer), and a bounds-checked cursor over one (the
 * reader); the byte-level half of {@link PackedChunk}. Reading past the end or an over-long varint throws
 * {@link CorruptChunkException}, never an index exception.
 */
final class PackedBytes {
  private byte[] buf;
  private int pos;
  private final int limit;

  /** A writer. */
  PackedBytes(int initial) {
    buf = new byte[Math.max(16, initial)];
    limit = Integer.MAX_VALUE;
  }

  /** A reader over {@code buf[offset, offset + length)}. */
  PackedBytes(byte[] buf, int offset, int length) {
    this.buf = buf;
    this.pos = offset;
    this.limit = offset + length;
  }

  private void ensure(int more) {
    if (pos + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(pos + more, buf.length * 2));
    }
  }

  void writeByte(int b) {
    ensure(1);
    buf[pos++] = (byte) b;
  }

  void writeUvarint(long v) {
    ensure(10);
    while ((v & ~0x7fL) != 0) {
      buf[pos++] = (byte) ((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    buf[pos++] = (byte) v;
  }

  void writeVarint(long v) {
    writeUvarint(zigzag(v));
  }

  void writeInt(int v) {
    ensure(4);
    buf[pos++] = (byte) (v >>> 24);
    buf[pos++] = (byte) (v >>> 16);
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) v;
  }

  void writeLong(long v) {
    ensure(8);
    for (int s = 56; s >= 0; s -= 8) {
      buf[pos++] = (byte) (v >>> s);
    }
  }

  void write(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, pos, len);
    pos += len;
  }

  /** Bytes written (writer) or the read position (reader). */
  int position() {
    return pos;
  }

  /** The backing array; a writer's first {@link #position()} bytes are its content. */
  byte[] array() {
    return buf;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, pos);
  }

  int remaining() {
    return limit - pos;
  }

  int readByte() {
    if (pos >= limit) {
      throw new CorruptChunkException("packed chunk truncated at byte " + pos);
    }
    return buf[pos++] & 0xff;
  }

  long readUvarint() {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = readByte();
      v |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new CorruptChunkException("packed chunk: varint longer than 10 bytes at byte " + pos);
  }

  long readVarint() {
    long u = readUvarint();
    return (u >>> 1) ^ -(u & 1);
  }

  /** An unsigned varint in [0, max]; {@code what} names it in the error. */
  int readCount(String what, int max) {
    long v = readUvarint();
    if (v < 0 || v > max) {
      throw new CorruptChunkException("packed chunk: " + what + " " + v + " out of range [0, " + max + "]");
    }
    return (int) v;
  }

  int readInt() {
    if (remaining() < 4) {
      throw new CorruptChunkException("packed chunk truncated at byte " + pos + ", expected 4 bytes");
    }
    int v = ((buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16) | ((buf[pos + 2] & 0xff) << 8)
        | (buf[pos + 3] & 0xff);
    pos += 4;
    return v;
  }

  long readLong() {
    if (remaining() < 8) {
      throw new CorruptChunkException("packed chunk truncated at byte " + pos + ", expected 8 bytes");
    }
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (buf[pos++] & 0xff);
    }
    return v;
  }

  /** Skips {@code n} bytes, returning the offset where they start. */
  int skip(int n) {
    if (n < 0 || n > remaining()) {
      throw new CorruptChunkException("packed chunk: " + n + " bytes declared, " + remaining() + " left at byte " + pos);
    }
    int start = pos;
    pos += n;
    return start;
  }

  static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  /** Bytes of {@code v}'s unsigned varint. */
  static int uvarintSize(long v) {
    return v == 0 ? 1 : (63 - Long.numberOfLeadingZeros(v)) / 7 + 1;
  }
}

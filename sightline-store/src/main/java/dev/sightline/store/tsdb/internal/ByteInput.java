package dev.sightline.store.tsdb.internal;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;

/**
 * Reads what {@link ByteOutput} wrote, bounds-checked: every malformed or truncated input ends in a
 * {@link CorruptDataException} that says what was being read and where, never an index exception.
 */
final class ByteInput {
  private final byte[] buf;
  private final String what;
  private int pos;
  private final int limit;

  ByteInput(byte[] buf, String what) {
    this(buf, 0, buf.length, what);
  }

  ByteInput(byte[] buf, int offset, int length, String what) {
    this.buf = buf;
    this.pos = offset;
    this.limit = offset + length;
    this.what = what;
  }

  CorruptDataException corrupt(String message) {
    return new CorruptDataException(what + ": " + message + " at byte " + pos);
  }

  boolean hasRemaining() {
    return pos < limit;
  }

  int remaining() {
    return limit - pos;
  }

  int readByte() {
    if (pos >= limit) {
      throw corrupt("truncated, expected a byte");
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
    throw corrupt("varint longer than 10 bytes");
  }

  long readVarint() {
    long u = readUvarint();
    return (u >>> 1) ^ -(u & 1);
  }

  /** An unsigned varint that must lie in [0, max]; {@code field} names it in the error. */
  int readCount(String field, int max) {
    long v = readUvarint();
    if (v < 0 || v > max) {
      throw corrupt(field + " " + v + " out of range [0, " + max + "]");
    }
    return (int) v;
  }

  long readLong() {
    if (remaining() < 8) {
      throw corrupt("truncated, expected 8 bytes");
    }
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (buf[pos++] & 0xff);
    }
    return v;
  }

  byte[] readBytes(String field) {
    long declared = readUvarint(); // read before measuring what is left, so the varint is not counted
    if (declared < 0 || declared > remaining()) {
      throw corrupt(field + " length " + declared + " exceeds the " + remaining() + " bytes left");
    }
    int len = (int) declared;
    byte[] out = new byte[len];
    System.arraycopy(buf, pos, out, 0, len);
    pos += len;
    return out;
  }

  String readString(String field) {
    byte[] b = readBytes(field);
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
    } catch (CharacterCodingException e) {
      throw corrupt(field + " is not valid UTF-8");
    }
  }
}

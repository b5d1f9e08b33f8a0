package dev.sightline.store.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what {@link EncodeBuffer} wrote. Every read is bounds-checked: malformed or truncated input
 * raises {@link IllegalArgumentException} naming the offset and what was expected, never an
 * {@link ArrayIndexOutOfBoundsException} or an attempt to allocate a hostile length.
 */
public final class DecodeBuffer {
  private final byte[] bytes;
  private final int end;
  private int pos;
  private final String what;
  private final List<String> strings = new ArrayList<>();

  /** {@code what} names the input in error messages ("span record"). */
  public DecodeBuffer(byte[] bytes, int offset, int length, String what) {
    if (offset < 0 || length < 0 || offset + length > bytes.length) {
      throw new IllegalArgumentException("bad slice of " + bytes.length + " bytes: " + offset + "+" + length);
    }
    this.bytes = bytes;
    this.pos = offset;
    this.end = offset + length;
    this.what = what;
  }

  public IllegalArgumentException malformed(String problem) {
    return new IllegalArgumentException("malformed " + what + " at offset " + pos + ": " + problem);
  }

  private void need(long n, String field) {
    if (n < 0 || n > end - pos) {
      throw malformed("truncated while reading " + field + " (need " + n + " bytes, " + (end - pos) + " left)");
    }
  }

  public boolean hasRemaining() {
    return pos < end;
  }

  /** The offset in the array of the next byte to read. */
  public int position() {
    return pos;
  }

  public int remaining() {
    return end - pos;
  }

  public int readByte(String field) {
    need(1, field);
    return bytes[pos++] & 0xFF;
  }

  public byte[] readBytes(int n, String field) {
    need(n, field);
    byte[] out = new byte[n];
    System.arraycopy(bytes, pos, out, 0, n);
    pos += n;
    return out;
  }

  /** Skips {@code n} bytes, checking that they are there. */
  public void skip(int n, String field) {
    need(n, field);
    pos += n;
  }

  public long readVarLong(String field) {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = readByte(field);
      result |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
    }
    throw malformed("varint longer than 10 bytes in " + field);
  }

  public int readVarInt(String field) {
    long v = readVarLong(field);
    if (v > 0xFFFFFFFFL) {
      throw malformed(field + " does not fit 32 bits: " + v);
    }
    return (int) v;
  }

  /** A count of items that each take at least one byte, checked against the bytes left. */
  public int readCount(String field) {
    long v = readVarLong(field);
    if (v > end - pos) {
      throw malformed(field + " of " + v + " exceeds the " + (end - pos) + " bytes left");
    }
    return (int) v;
  }

  public long readSignedVarLong(String field) {
    long v = readVarLong(field);
    return (v >>> 1) ^ -(v & 1);
  }

  public long readFixedLong(String field) {
    need(8, field);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (bytes[pos++] & 0xFF);
    }
    return v;
  }

  public String readString(String field) {
    int ref = readVarInt(field);
    if (ref > 0) {
      return stringAt(ref - 1, field);
    }
    int length = readCount(field + " length");
    String s = new String(bytes, pos, length, StandardCharsets.UTF_8);
    pos += length;
    strings.add(s);
    return s;
  }

  /** The string-table entry written earlier ({@link EncodeBuffer#stringRef}). */
  public String stringAt(int index, String field) {
    if (index < 0 || index >= strings.size()) {
      throw malformed(field + " refers to string #" + (index + 1) + " but only " + strings.size() + " were seen");
    }
    return strings.get(index);
  }

  /** Mirrors {@link EncodeBuffer#remember}; the encoder adds a string only when it was not there yet. */
  public void remember(String s) {
    strings.add(s);
  }
}

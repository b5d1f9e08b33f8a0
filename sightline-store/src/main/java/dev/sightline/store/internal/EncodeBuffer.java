package dev.sightline.store.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A growable byte buffer with the primitives of Sightline's binary codecs: varints, fixed longs and a
 * per-buffer string table, so a repeated string (an attribute key, a service name) costs one varint
 * after its first occurrence.
 */
public final class EncodeBuffer {
  private byte[] bytes;
  private int size;
  /** Null when strings are not shared: every string is written inline (see {@link #EncodeBuffer(int, boolean)}). */
  private final Map<String, Integer> strings;

  public EncodeBuffer(int initialCapacity) {
    this(initialCapacity, true);
  }

  /**
   * With {@code shareStrings} false no string is back-referenced: for a single event, whose strings
   * rarely repeat, hashing every string into a table cost more than the few bytes it saved (and the
   * stored field is compressed anyway). Decoders need not know: they read inline strings either way.
   */
  public EncodeBuffer(int initialCapacity, boolean shareStrings) {
    bytes = new byte[Math.max(16, initialCapacity)];
    strings = shareStrings ? new HashMap<>() : null;
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }

  public void writeByte(int b) {
    ensure(1);
    bytes[size++] = (byte) b;
  }

  public void writeBytes(byte[] b, int offset, int length) {
    ensure(length);
    System.arraycopy(b, offset, bytes, size, length);
    size += length;
  }

  /** Unsigned LEB128. */
  public void writeVarLong(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      bytes[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    bytes[size++] = (byte) v;
  }

  public void writeVarInt(int v) {
    writeVarLong(v & 0xFFFFFFFFL);
  }

  /** Zigzag then LEB128, so small negative numbers stay small. */
  public void writeSignedVarLong(long v) {
    writeVarLong((v << 1) ^ (v >> 63));
  }

  public void writeFixedLong(long v) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      bytes[size++] = (byte) (v >>> shift);
    }
  }

  /** A string as a back-reference to an earlier identical string, or inline UTF-8 the first time. */
  public void writeString(String s) {
    Integer ref = strings == null ? null : strings.get(s);
    if (ref != null) {
      writeVarInt(ref + 1);
      return;
    }
    writeVarInt(0);
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    writeVarInt(utf8.length);
    writeBytes(utf8, 0, utf8.length);
    if (strings != null) {
      strings.put(s, strings.size());
    }
  }

  /** The index of an earlier string in the table, or -1. */
  public int stringRef(String s) {
    Integer ref = strings == null ? null : strings.get(s);
    return ref == null ? -1 : ref;
  }

  /** Adds a string written in another form (a raw id) to the table, as the decoder will. */
  public void remember(String s) {
    if (strings != null) {
      strings.putIfAbsent(s, strings.size());
    }
  }

  public int size() {
    return size;
  }

  /**
   * Starts a part prefixed by its length as a varint (unknown until the part is written): leaves room
   * for a two-byte length and returns where it is, for {@link #endLengthPrefixed}.
   */
  public int beginLengthPrefixed() {
    ensure(2);
    size += 2;
    return size - 2;
  }

  /** Writes the length of the part begun at {@code prefixAt}, moving the part when it needs other than two bytes. */
  public void endLengthPrefixed(int prefixAt) {
    int bodyAt = prefixAt + 2;
    int length = size - bodyAt;
    int needed = varIntSize(length);
    if (needed != 2) { // under 128 bytes, or 16 KiB and over: rare
      ensure(needed - 2);
      System.arraycopy(bytes, bodyAt, bytes, prefixAt + needed, length);
      size += needed - 2;
    }
    FramedRecord.writeVInt(bytes, prefixAt, length);
  }

  private static int varIntSize(int v) {
    int n = 1;
    while ((v & ~0x7F) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }
}

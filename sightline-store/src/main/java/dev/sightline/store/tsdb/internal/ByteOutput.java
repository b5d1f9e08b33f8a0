package dev.sightline.store.tsdb.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte array with the varint and string encodings the WAL and block index share. */
final class ByteOutput {
  private byte[] buf;
  private int n;

  ByteOutput(int initial) {
    buf = new byte[Math.max(16, initial)];
  }

  private void ensure(int more) {
    if (n + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(n + more, buf.length * 2));
    }
  }

  void writeByte(int b) {
    ensure(1);
    buf[n++] = (byte) b;
  }

  void writeUvarint(long v) {
    ensure(10);
    while ((v & ~0x7fL) != 0) {
      buf[n++] = (byte) ((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    buf[n++] = (byte) v;
  }

  void writeVarint(long v) {
    writeUvarint((v << 1) ^ (v >> 63)); // zigzag, so small negatives stay small
  }

  void writeLong(long v) {
    ensure(8);
    for (int i = 56; i >= 0; i -= 8) {
      buf[n++] = (byte) (v >>> i);
    }
  }

  void writeBytesRaw(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, n, b.length);
    n += b.length;
  }

  void writeInt(int v) {
    ensure(4);
    for (int i = 24; i >= 0; i -= 8) {
      buf[n++] = (byte) (v >>> i);
    }
  }

  void writeBytes(byte[] b) {
    writeUvarint(b.length);
    ensure(b.length);
    System.arraycopy(b, 0, buf, n, b.length);
    n += b.length;
  }

  void writeString(String s) {
    writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }

  int size() {
    return n;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, n);
  }
}

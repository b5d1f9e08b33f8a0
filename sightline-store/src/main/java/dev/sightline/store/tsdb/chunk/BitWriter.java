package dev.sightline.store.tsdb.chunk;

import java.util.Arrays;

/** Appends bits, most significant first, to a growable byte array; the encoder side of a chunk. */
final class BitWriter {
  private byte[] buf;
  private long bitLength;

  BitWriter(int initialBytes) {
    buf = new byte[Math.max(1, initialBytes)];
  }

  void writeBit(boolean bit) {
    writeBits(bit ? 1 : 0, 1);
  }

  /** Writes the low {@code n} bits of {@code value} (0 ≤ n ≤ 64), most significant first. */
  void writeBits(long value, int n) {
    if (n < 0 || n > 64) {
      throw new IllegalArgumentException("bit count out of range: " + n);
    }
    while (n > 0) {
      int byteIndex = (int) (bitLength >>> 3);
      if (byteIndex >= buf.length) {
        // Grow by half: chunks are small, so a doubling would waste up to a chunk's size per series.
        buf = Arrays.copyOf(buf, buf.length + Math.max(8, buf.length >>> 1));
      }
      int free = 8 - (int) (bitLength & 7);
      int take = Math.min(free, n);
      int bits = (int) ((value >>> (n - take)) & ((1L << take) - 1));
      buf[byteIndex] |= (byte) (bits << (free - take));
      bitLength += take;
      n -= take;
    }
  }

  long bitLength() {
    return bitLength;
  }

  int byteLength() {
    return (int) ((bitLength + 7) >>> 3);
  }

  /** Bytes allocated, for memory accounting. */
  int capacity() {
    return buf.length;
  }

  /** The live buffer, for reading in place; bytes past {@link #byteLength()} are zero. */
  byte[] buffer() {
    return buf;
  }

  /** Copies the written bytes into {@code dst} at {@code offset}. */
  void copyTo(byte[] dst, int offset) {
    System.arraycopy(buf, 0, dst, offset, byteLength());
  }
}

package dev.sightline.store.tsdb.chunk;

/** Reads bits written by {@link BitWriter}; reading past the end throws {@link CorruptChunkException}. */
final class BitReader {
  private final byte[] buf;
  private final long limitBits;
  private long position;

  BitReader(byte[] buf, int offsetBytes, int lengthBytes) {
    this.buf = buf;
    this.position = (long) offsetBytes * 8;
    this.limitBits = (long) (offsetBytes + lengthBytes) * 8;
  }

  boolean readBit() {
    return readBits(1) != 0;
  }

  /** Reads {@code n} bits (0 ≤ n ≤ 64) as an unsigned value. */
  long readBits(int n) {
    if (position + n > limitBits) {
      throw new CorruptChunkException("chunk truncated: need " + n + " bits at bit "
          + position + " of " + limitBits);
    }
    long v = 0;
    while (n > 0) {
      int avail = 8 - (int) (position & 7);
      int take = Math.min(avail, n);
      int b = buf[(int) (position >>> 3)] & 0xff;
      int bits = (b >>> (avail - take)) & ((1 << take) - 1);
      v = (v << take) | bits;
      position += take;
      n -= take;
    }
    return v;
  }
}

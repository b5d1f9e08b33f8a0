package dev.sightline.store.tsdb.chunk;

/**
 * The open, appendable end of a series: encodes samples as {@link XorChunk} describes. Not thread-safe;
 * the owning series guards it. Timestamps must strictly increase.
 */
public final class ChunkEncoder {
  private final BitWriter out = new BitWriter(32);
  private int numSamples;
  private long minTime;
  private long lastTime;
  private long lastDelta;
  private long lastValueBits;
  // The previous XOR's window; leading < 0 means no window yet.
  private int leading = -1;
  private int trailing;

  public void append(long t, double v) {
    long bits = Double.doubleToRawLongBits(v);
    if (numSamples == 0) {
      out.writeBits(t, 64);
      out.writeBits(bits, 64);
      minTime = t;
    } else {
      if (t <= lastTime) {
        throw new IllegalArgumentException("timestamp " + t + " not after last " + lastTime);
      }
      if (numSamples == XorChunk.MAX_SAMPLES) {
        throw new IllegalStateException("chunk full at " + XorChunk.MAX_SAMPLES + " samples");
      }
      long delta = t - lastTime;
      writeDeltaOfDelta(delta - lastDelta);
      lastDelta = delta;
      writeValue(bits);
    }
    lastTime = t;
    lastValueBits = bits;
    numSamples++;
  }

  private void writeDeltaOfDelta(long dod) {
    if (dod == 0) {
      out.writeBit(false);
    } else if (fits(dod, 14)) {
      out.writeBits(0b10, 2);
      out.writeBits(dod, 14);
    } else if (fits(dod, 17)) {
      out.writeBits(0b110, 3);
      out.writeBits(dod, 17);
    } else if (fits(dod, 20)) {
      out.writeBits(0b1110, 4);
      out.writeBits(dod, 20);
    } else {
      out.writeBits(0b1111, 4);
      out.writeBits(dod, 64);
    }
  }

  private static boolean fits(long v, int bits) {
    return v >= -(1L << (bits - 1)) && v < (1L << (bits - 1));
  }

  private void writeValue(long bits) {
    long xor = bits ^ lastValueBits;
    if (xor == 0) {
      out.writeBit(false);
      return;
    }
    out.writeBit(true);
    int lead = Math.min(31, Long.numberOfLeadingZeros(xor)); // 5 bits hold at most 31
    int trail = Long.numberOfTrailingZeros(xor);
    if (leading >= 0 && lead >= leading && trail >= trailing) {
      out.writeBit(false);
      out.writeBits(xor >>> trailing, 64 - leading - trailing);
      return;
    }
    int significant = 64 - lead - trail;
    out.writeBit(true);
    out.writeBits(lead, 5);
    out.writeBits(significant & 63, 6); // 64 does not fit in 6 bits; it is written as 0
    out.writeBits(xor >>> trail, significant);
    leading = lead;
    trailing = trail;
  }

  public int numSamples() {
    return numSamples;
  }

  public boolean isEmpty() {
    return numSamples == 0;
  }

  public long minTime() {
    return minTime;
  }

  public long maxTime() {
    return lastTime;
  }

  /** Bytes held by this encoder (its buffer), for memory accounting. */
  public int memoryBytes() {
    return out.capacity() + 64;
  }

  /** Encoded bytes so far, header included. */
  public int encodedBytes() {
    return XorChunk.HEADER_BYTES + out.byteLength();
  }

  /** Iterates what was appended so far without copying; valid until the next {@code append}. */
  public ChunkIterator iterator() {
    return new ChunkIterator(out.buffer(), 0, out.byteLength(), numSamples);
  }

  /** An immutable copy of what was appended so far; the encoder stays usable. */
  public XorChunk toChunk() {
    if (numSamples == 0) {
      throw new IllegalStateException("empty chunk");
    }
    byte[] bytes = new byte[encodedBytes()];
    bytes[0] = (byte) (numSamples >>> 8);
    bytes[1] = (byte) numSamples;
    out.copyTo(bytes, XorChunk.HEADER_BYTES);
    return new XorChunk(bytes, numSamples, minTime, lastTime);
  }
}

package dev.sightline.store.tsdb.chunk;

/**
 * Decodes a {@link XorChunk} sample by sample: {@code while (it.next()) use(it.timestamp(), it.value())}.
 * Throws {@link CorruptChunkException} when the bytes end before the declared sample count.
 */
public final class ChunkIterator {
  private final BitReader in;
  private final int numSamples;
  private int read;
  private long t;
  private long delta;
  private long valueBits;
  private int leading = -1; // no window yet
  private int trailing;

  ChunkIterator(byte[] bytes, int numSamples) {
    this(bytes, XorChunk.HEADER_BYTES, bytes.length - XorChunk.HEADER_BYTES, numSamples);
  }

  ChunkIterator(byte[] bits, int offset, int length, int numSamples) {
    this.in = new BitReader(bits, offset, length);
    this.numSamples = numSamples;
  }

  public boolean next() {
    if (read >= numSamples) {
      return false;
    }
    if (read == 0) {
      t = in.readBits(64);
      valueBits = in.readBits(64);
    } else {
      delta += readDeltaOfDelta();
      t += delta;
      readValue();
    }
    read++;
    return true;
  }

  private long readDeltaOfDelta() {
    if (!in.readBit()) {
      return 0;
    }
    if (!in.readBit()) {
      return signExtend(in.readBits(14), 14);
    }
    if (!in.readBit()) {
      return signExtend(in.readBits(17), 17);
    }
    if (!in.readBit()) {
      return signExtend(in.readBits(20), 20);
    }
    return in.readBits(64);
  }

  private static long signExtend(long v, int bits) {
    return (v << (64 - bits)) >> (64 - bits);
  }

  private void readValue() {
    if (!in.readBit()) {
      return;
    }
    if (in.readBit()) {
      leading = (int) in.readBits(5);
      int significant = (int) in.readBits(6);
      if (significant == 0) {
        significant = 64;
      }
      trailing = 64 - leading - significant;
      if (trailing < 0) {
        throw new CorruptChunkException("chunk value window invalid: leading " + leading
            + " + significant " + significant + " > 64 at sample " + read);
      }
    } else if (leading < 0) {
      throw new CorruptChunkException("chunk reuses a value window before one was written");
    }
    int significant = 64 - leading - trailing;
    valueBits ^= in.readBits(significant) << trailing;
  }

  public long timestamp() {
    return t;
  }

  public double value() {
    return Double.longBitsToDouble(valueBits);
  }
}

package dev.sightline.store.tsdb.chunk;

/**
 * An immutable Gorilla-compressed chunk of samples (Pelkonen et al., "Gorilla: A Fast, Scalable,
 * In-Memory Time Series Database", VLDB 2015): timestamps as delta-of-delta in milliseconds, values as
 * the XOR with the previous value. Every double round-trips bit for bit, NaN payloads included, so the
 * Prometheus staleness marker survives.
 *
 * <p>Layout: a 2-byte big-endian sample count, then the bit stream. Sample 0 is 64 bits of timestamp and
 * 64 bits of value. Each later timestamp writes {@code dod = delta - previousDelta} (the first delta
 * against 0) as {@code 0}, {@code 10}+14 bits, {@code 110}+17 bits, {@code 1110}+20 bits or
 * {@code 1111}+64 bits, signed. Each later value writes {@code 0} when equal to the previous one, else
 * {@code 1} then either {@code 0} + the meaningful bits inside the previous leading/trailing-zero window,
 * or {@code 1} + 5 bits of leading zeros + 6 bits of length (0 meaning 64) + the meaningful bits.
 */
public final class XorChunk {
  static final int HEADER_BYTES = 2;
  /** The largest count the header can hold. */
  public static final int MAX_SAMPLES = 0xffff;

  private final byte[] bytes;
  private final int numSamples;
  private final long minTime;
  private final long maxTime;

  XorChunk(byte[] bytes, int numSamples, long minTime, long maxTime) {
    this.bytes = bytes;
    this.numSamples = numSamples;
    this.minTime = minTime;
    this.maxTime = maxTime;
  }

  /**
   * Wraps bytes read from disk; {@code minTime}/{@code maxTime} come from the index. Throws
   * {@link CorruptChunkException} when the header is missing or claims no samples.
   */
  public static XorChunk wrap(byte[] bytes, long minTime, long maxTime) {
    if (bytes.length < HEADER_BYTES + 16) {
      throw new CorruptChunkException("chunk too short: " + bytes.length + " bytes, need at least "
          + (HEADER_BYTES + 16));
    }
    int n = ((bytes[0] & 0xff) << 8) | (bytes[1] & 0xff);
    if (n == 0) {
      throw new CorruptChunkException("chunk header claims 0 samples");
    }
    if (minTime > maxTime) {
      throw new CorruptChunkException("chunk minTime " + minTime + " > maxTime " + maxTime);
    }
    return new XorChunk(bytes, n, minTime, maxTime);
  }

  /** The encoded form, header included; the caller must not modify it. */
  public byte[] bytes() {
    return bytes;
  }

  public int numSamples() {
    return numSamples;
  }

  public long minTime() {
    return minTime;
  }

  public long maxTime() {
    return maxTime;
  }

  public ChunkIterator iterator() {
    return new ChunkIterator(bytes, numSamples);
  }

  @Override
  public String toString() {
    return "XorChunk{samples=" + numSamples + ", bytes=" + bytes.length + ", time=[" + minTime + ", "
        + maxTime + "]}";
  }
}

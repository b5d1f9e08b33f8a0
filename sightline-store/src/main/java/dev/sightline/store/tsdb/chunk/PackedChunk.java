package dev.sightline.store.tsdb.chunk;

import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The chunk of a persisted block (block format 2): a run of one series' samples encoded column by column
 * and then compressed with zstd, decoded whole in one call. The head keeps {@link XorChunk}s, which can
 * be appended to sample by sample; a block is written once and read many times, so it can afford to look
 * at all its samples before choosing an encoding, as VictoriaMetrics does for its parts.
 *
 * <p>Every double round-trips bit for bit (NaN payloads including the staleness marker, -0.0, ±Inf).
 *
 * <p>Layout: a format byte ({@code 1}), the sample count (uvarint), then two sections — timestamps,
 * values — each as {@code rawLength} (uvarint), a codec byte ({@code 0} stored, {@code 1} zstd frame),
 * {@code storedLength} (uvarint) and the bytes; then a CRC32 of everything before it, so a damaged chunk
 * is reported rather than decoded into wrong samples. Varints are LEB128, signed ones zig-zag.
 *
 * <ul>
 *   <li><b>Timestamps:</b> {@code t0} (signed varint), and when there are more, a step {@code S} (the
 *       median interval) and for each later sample its distance from the grid {@code anchor + j·S}
 *       (signed varint); the anchor moves to a sample whose distance exceeds {@code S/16}, so a scrape
 *       missed or a restart costs one large residual, while scrape jitter of a few ms costs a few bits.
 *   <li><b>Values:</b> a mode byte. {@code 0} (integers): all values but a few exceptions are
 *       {@code m / 10^e} for integers {@code |m| ≤ 2^53} and one {@code e} in [0, 15], checked to give back
 *       the same double; then {@code e}, the difference order {@code k} (1: deltas, 2: deltas of deltas),
 *       {@code m0} (signed varint), a common divisor {@code G} of the differences (uvarint) and the
 *       {@code n-1} differences divided by {@code G} (signed varints); then the exceptions — values that
 *       are not such numbers (NaN, stale markers, -0.0, ±Inf, fractions) — as a count, and per exception
 *       its index (gap from the previous one, uvarint) and its 64 raw bits; the integer column repeats the
 *       previous mantissa at an exception. {@code 1} (floats): each value's raw bits XOR the previous
 *       one's, stored byte plane by byte plane (all the high bytes first), so that zstd sees the long
 *       runs of zeros and repeats.
 * </ul>
 */
public final class PackedChunk {
  /** Samples a chunk may hold; block writers split longer runs evenly. */
  public static final int MAX_SAMPLES = 2048;
  static final int FORMAT = 1;
  static final int CODEC_STORED = 0;
  static final int CODEC_ZSTD = 1;
  static final int MODE_INTEGER = 0;
  static final int MODE_FLOAT = 1;
  static final int MAX_EXPONENT = 15;
  private static final double[] POW10 = new double[MAX_EXPONENT + 1];
  private static final double MAX_EXACT = 0x1p53;
  /** Per-thread decompressor and buffers, so that decoding a chunk allocates nothing but its result. */
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
  private static final ZstdCompressor COMPRESSOR = new ZstdCompressor();

  static {
    double p = 1;
    for (int i = 0; i <= MAX_EXPONENT; i++) {
      POW10[i] = p; // exact: 10^15 < 2^53
      p *= 10;
    }
  }

  private final long[] timestamps;
  private final double[] values;

  private PackedChunk(long[] timestamps, double[] values) {
    this.timestamps = timestamps;
    this.values = values;
  }

  /** Decoded timestamps, strictly increasing; owned by the caller. */
  public long[] timestamps() {
    return timestamps;
  }

  /** Decoded values, same length as {@link #timestamps()}; owned by the caller. */
  public double[] values() {
    return values;
  }

  public int numSamples() {
    return timestamps.length;
  }

  /**
   * Encodes samples {@code [from, to)} of {@code t}/{@code v}; timestamps must strictly increase and
   * {@code 1 ≤ to - from ≤ MAX_SAMPLES}.
   */
  public static byte[] encode(long[] t, double[] v, int from, int to) {
    int n = to - from;
    if (n < 1 || n > MAX_SAMPLES) {
      throw new IllegalArgumentException("a packed chunk holds 1.." + MAX_SAMPLES + " samples, got " + n);
    }
    for (int i = from + 1; i < to; i++) {
      if (t[i] <= t[i - 1]) {
        throw new IllegalArgumentException("timestamp " + t[i] + " not after " + t[i - 1]);
      }
    }
    PackedBytes out = new PackedBytes(64 + n * 3);
    out.writeByte(FORMAT);
    out.writeUvarint(n);
    // Each column both ways (varints for zstd, or packed digits), keeping the smaller section.
    writeSmaller(out, encodeTimestamps(t, from, to, true), encodeTimestamps(t, from, to, false));
    writeSmaller(out, encodeValues(v, from, to, true), encodeValues(v, from, to, false));
    CRC32 crc = new CRC32();
    crc.update(out.array(), 0, out.position());
    out.writeInt((int) crc.getValue());
    return out.toByteArray();
  }

  private static void writeSmaller(PackedBytes out, PackedBytes a, PackedBytes b) {
    PackedBytes sa = section(a);
    PackedBytes sb = section(b);
    PackedBytes best = sa.position() <= sb.position() ? sa : sb;
    out.write(best.array(), 0, best.position());
  }

  static PackedBytes section(PackedBytes raw) {
    PackedBytes out = new PackedBytes(raw.position() + 16);
    int rawLen = raw.position();
    out.writeUvarint(rawLen);
    byte[] packed = new byte[COMPRESSOR.maxCompressedLength(rawLen)];
    int packedLen = COMPRESSOR.compress(raw.array(), 0, rawLen, packed, 0, packed.length);
    if (packedLen < rawLen) {
      out.writeByte(CODEC_ZSTD);
      out.writeUvarint(packedLen);
      out.write(packed, 0, packedLen);
    } else {
      out.writeByte(CODEC_STORED);
      out.writeUvarint(rawLen);
      out.write(raw.array(), 0, rawLen);
    }
    return out;
  }

  static PackedBytes encodeTimestamps(long[] t, int from, int to, boolean packed) {
    int n = to - from;
    PackedBytes out = new PackedBytes(n + 16);
    out.writeVarint(t[from]);
    if (n == 1) {
      return out;
    }
    long[] deltas = new long[n - 1];
    for (int i = 1; i < n; i++) {
      deltas[i - 1] = t[from + i] - t[from + i - 1];
    }
    Arrays.sort(deltas);
    long step = deltas[deltas.length / 2];
    out.writeUvarint(step);
    long anchor = t[from];
    long anchorIndex = 0;
    long threshold = step >>> 4;
    long[] residuals = new long[n - 1];
    for (int i = 1; i < n; i++) {
      long residual = t[from + i] - (anchor + (i - anchorIndex) * step);
      residuals[i - 1] = residual;
      if (residual > threshold || residual < -threshold) {
        anchor = t[from + i];
        anchorIndex = i;
      }
    }
    IntColumn.write(out, residuals, packed);
    return out;
  }

  static PackedBytes encodeValues(double[] v, int from, int to, boolean packed) {
    int n = to - from;
    boolean[] exception = new boolean[n];
    int exceptions = 0;
    int exp = 0;
    for (int i = 0; i < n; i++) {
      int e = exponentFor(v[from + i], exp);
      if (e < 0) {
        exception[i] = true;
        exceptions++;
      } else {
        exp = e;
      }
    }
    long[] m = new long[n];
    long prev = 0;
    for (int i = 0; i < n && exceptions <= n / 4; i++) {
      if (!exception[i]) {
        long mi = mantissa(v[from + i], exp);
        if (mi == Long.MIN_VALUE) {
          exception[i] = true; // exact at a smaller exponent only (not expected, but checked)
          exceptions++;
        } else {
          prev = mi;
        }
      }
      m[i] = prev;
    }
    if (exceptions > n / 4) {
      return encodeFloats(v, from, to);
    }
    // Leading exceptions take the first integer's mantissa, so they cost nothing in the differences.
    int firstInt = 0;
    while (firstInt < n && exception[firstInt]) {
      firstInt++;
    }
    for (int i = 0; i < firstInt && firstInt < n; i++) {
      m[i] = m[firstInt];
    }
    long[] d1 = new long[Math.max(0, n - 1)];
    long[] d2 = new long[d1.length];
    long cost1 = 0;
    long cost2 = 0;
    for (int i = 1; i < n; i++) {
      d1[i - 1] = m[i] - m[i - 1];
      d2[i - 1] = i == 1 ? d1[0] : d1[i - 1] - d1[i - 2];
      cost1 += PackedBytes.uvarintSize(PackedBytes.zigzag(d1[i - 1]));
      cost2 += PackedBytes.uvarintSize(PackedBytes.zigzag(d2[i - 1]));
    }
    int order = cost2 < cost1 ? 2 : 1;
    long[] diffs = order == 1 ? d1 : d2;
    long g = 0;
    for (long d : diffs) {
      g = gcd(g, Math.abs(d));
    }
    if (g == 0) {
      g = 1;
    }
    PackedBytes out = new PackedBytes(n * 2 + 32);
    out.writeByte(MODE_INTEGER);
    out.writeByte(exp);
    out.writeByte(order);
    out.writeVarint(m[0]);
    out.writeUvarint(g);
    for (int i = 0; i < diffs.length; i++) {
      diffs[i] /= g;
    }
    IntColumn.write(out, diffs, packed);
    out.writeUvarint(exceptions);
    int last = 0;
    for (int i = 0; i < n; i++) {
      if (exception[i]) {
        out.writeUvarint(i - last);
        out.writeLong(Double.doubleToRawLongBits(v[from + i]));
        last = i;
      }
    }
    return out;
  }

  private static PackedBytes encodeFloats(double[] v, int from, int to) {
    int n = to - from;
    PackedBytes out = new PackedBytes(n * 8 + 1);
    out.writeByte(MODE_FLOAT);
    long[] x = new long[n];
    long prev = 0;
    for (int i = 0; i < n; i++) {
      long bits = Double.doubleToRawLongBits(v[from + i]);
      x[i] = bits ^ prev;
      prev = bits;
    }
    for (int shift = 56; shift >= 0; shift -= 8) {
      for (int i = 0; i < n; i++) {
        out.writeByte((int) (x[i] >>> shift));
      }
    }
    return out;
  }

  /**
   * The smallest exponent {@code e ≥ atLeast} (≤ {@link #MAX_EXPONENT}) with {@code v == m / 10^e} for an
   * integer {@code |m| ≤ 2^53}, or -1 when there is none (NaN, ±Inf, -0.0, too many digits).
   */
  static int exponentFor(double v, int atLeast) {
    if (v == 0) {
      return Double.doubleToRawLongBits(v) == 0 ? atLeast : -1;
    }
    if (!(Math.abs(v) < MAX_EXACT)) {
      return -1;
    }
    for (int e = atLeast; e <= MAX_EXPONENT; e++) {
      if (mantissa(v, e) != Long.MIN_VALUE) {
        return e;
      }
    }
    return -1;
  }

  /** {@code m} with {@code m / 10^e == v} bit for bit and {@code |m| ≤ 2^53}, or Long.MIN_VALUE. */
  static long mantissa(double v, int e) {
    double scaled = v * POW10[e];
    if (!(Math.abs(scaled) <= MAX_EXACT)) {
      return Long.MIN_VALUE;
    }
    long m = Math.round(scaled);
    double back = e == 0 ? (double) m : m / POW10[e];
    return Double.doubleToRawLongBits(back) == Double.doubleToRawLongBits(v) ? m : Long.MIN_VALUE;
  }

  private static long gcd(long a, long b) {
    while (b != 0) {
      long r = a % b;
      a = b;
      b = r;
    }
    return a;
  }

  /**
   * Where the bytes of one chunk go, for tools that measure the format: its total length, its samples,
   * the bytes of the timestamp and value sections as stored (zstd frame or raw), everything else
   * (format byte, count, section lengths, checksum), and whether the values took the float mode.
   */
  public record Layout(int length, int samples, int timestampBytes, int valueBytes, int otherBytes,
      boolean floatValues) {}

  /** The layout of the chunk starting at {@code buf[offset]} (chunks are self-delimiting); see {@link Layout}. */
  public static Layout layout(byte[] buf, int offset, int available) {
    PackedBytes in = new PackedBytes(buf, offset, available);
    if (in.readByte() != FORMAT) {
      throw new CorruptChunkException("packed chunk: unknown format byte at " + offset);
    }
    int n = in.readCount("sample count", MAX_SAMPLES);
    int[] stored = new int[2];
    int mode = -1;
    for (int s = 0; s < 2; s++) {
      int rawLen = in.readCount("section length", 32 * n + 256);
      int codec = in.readByte();
      stored[s] = in.readCount("stored section length", in.remaining());
      int at = in.skip(stored[s]);
      if (s == 1) {
        byte[] raw = new byte[rawLen];
        if (codec == CODEC_ZSTD) {
          SCRATCH.get().zstd.decompress(buf, at, stored[s], raw, 0, rawLen);
        } else {
          System.arraycopy(buf, at, raw, 0, rawLen);
        }
        mode = rawLen == 0 ? -1 : raw[0];
      }
    }
    int length = in.position() - offset + 4;
    return new Layout(length, n, stored[0], stored[1], length - stored[0] - stored[1], mode == MODE_FLOAT);
  }

  /** The sample count in a chunk's header, without decoding it. */
  public static int numSamples(byte[] chunk) {
    PackedBytes in = new PackedBytes(chunk, 0, chunk.length);
    if (in.readByte() != FORMAT) {
      throw new CorruptChunkException("packed chunk: unknown format byte " + (chunk[0] & 0xff));
    }
    return in.readCount("sample count", MAX_SAMPLES);
  }

  /**
   * Decodes a whole chunk. Throws {@link CorruptChunkException} when the bytes are truncated, fail their
   * checksum or contradict themselves; never returns samples that were not written.
   */
  public static PackedChunk decode(byte[] chunk) {
    int n = numSamples(chunk);
    long[] t = new long[n];
    double[] v = new double[n];
    decodeInto(chunk, t, v, 0);
    return new PackedChunk(t, v);
  }

  /**
   * Decodes a whole chunk into {@code t[offset, offset + n)} and {@code v[offset, offset + n)}, where
   * {@code n} is {@link #numSamples(byte[])}, and returns {@code n}; as {@link #decode(byte[])}, without
   * allocating. The arrays must have room; on an exception their content in that range is undefined.
   */
  public static int decodeInto(byte[] chunk, long[] t, double[] v, int offset) {
    if (chunk.length < 6) {
      throw new CorruptChunkException("packed chunk too short: " + chunk.length + " bytes");
    }
    CRC32 crc = new CRC32();
    crc.update(chunk, 0, chunk.length - 4);
    PackedBytes trailer = new PackedBytes(chunk, chunk.length - 4, 4);
    if ((int) crc.getValue() != trailer.readInt()) {
      throw new CorruptChunkException("packed chunk checksum mismatch (" + chunk.length + " bytes)");
    }
    PackedBytes in = new PackedBytes(chunk, 0, chunk.length - 4);
    int format = in.readByte();
    if (format != FORMAT) {
      throw new CorruptChunkException("packed chunk: unknown format byte " + format);
    }
    int n = in.readCount("sample count", MAX_SAMPLES);
    if (n == 0) {
      throw new CorruptChunkException("packed chunk claims 0 samples");
    }
    if (offset < 0 || offset + n > t.length || offset + n > v.length) {
      throw new IllegalArgumentException("no room for " + n + " samples at " + offset);
    }
    Scratch scratch = SCRATCH.get();
    // Generous bounds on a section's decoded size (the worst encodings need about 16 bytes a sample),
    // so that a damaged length cannot make us allocate gigabytes.
    PackedBytes ts = readSection(in, chunk, 32 * n + 256, scratch, 0);
    PackedBytes vs = readSection(in, chunk, 32 * n + 256, scratch, 1);
    if (in.remaining() != 0) {
      throw new CorruptChunkException("packed chunk: " + in.remaining() + " trailing bytes");
    }
    decodeTimestamps(ts, n, t, offset, scratch.ints);
    decodeValues(vs, n, v, offset, scratch.ints);
    return n;
  }

  private static final class Scratch {
    final ZstdDecompressor zstd = new ZstdDecompressor();
    final byte[][] sections = {new byte[4096], new byte[4096]};
    final long[] ints = new long[MAX_SAMPLES];

    byte[] section(int which, int len) {
      if (sections[which].length < len) {
        sections[which] = new byte[Math.max(len, sections[which].length * 2)];
      }
      return sections[which];
    }
  }

  private static PackedBytes readSection(PackedBytes in, byte[] chunk, int maxRaw, Scratch scratch, int which) {
    int rawLen = in.readCount("section length", maxRaw);
    int codec = in.readByte();
    int storedLen = in.readCount("stored section length", in.remaining());
    int at = in.skip(storedLen);
    if (codec == CODEC_STORED) {
      if (storedLen != rawLen) {
        throw new CorruptChunkException("packed chunk: stored section of " + storedLen + " bytes, declared " + rawLen);
      }
      return new PackedBytes(chunk, at, storedLen);
    }
    if (codec != CODEC_ZSTD) {
      throw new CorruptChunkException("packed chunk: unknown codec " + codec);
    }
    byte[] raw = scratch.section(which, rawLen);
    int got;
    try {
      got = scratch.zstd.decompress(chunk, at, storedLen, raw, 0, rawLen);
    } catch (RuntimeException e) { // MalformedInputException and bounds errors on damaged frames
      throw new CorruptChunkException("packed chunk: zstd section does not decompress: " + e.getMessage());
    }
    if (got != rawLen) {
      throw new CorruptChunkException("packed chunk: zstd section gave " + got + " bytes, declared " + rawLen);
    }
    return new PackedBytes(raw, 0, rawLen);
  }

  private static void decodeTimestamps(PackedBytes in, int n, long[] t, int off, long[] residuals) {
    long first = in.readVarint();
    t[off] = first;
    if (n > 1) {
      long step = in.readUvarint();
      long anchor = first;
      long anchorIndex = 0;
      long threshold = step >>> 4;
      IntColumn.read(in, n - 1, residuals);
      long prev = first;
      for (int i = 1; i < n; i++) {
        long residual = residuals[i - 1];
        long ti = anchor + (i - anchorIndex) * step + residual;
        if (ti <= prev) {
          throw new CorruptChunkException("packed chunk: timestamp " + ti + " not after " + prev + " at sample " + i);
        }
        t[off + i] = ti;
        prev = ti;
        if (residual > threshold || residual < -threshold) {
          anchor = ti;
          anchorIndex = i;
        }
      }
    }
    if (in.remaining() != 0) {
      throw new CorruptChunkException("packed chunk: " + in.remaining() + " bytes after the timestamps");
    }
  }

  private static void decodeValues(PackedBytes in, int n, double[] v, int off, long[] x) {
    int mode = in.readByte();
    if (mode == MODE_FLOAT) {
      if (in.remaining() != 8 * n) {
        throw new CorruptChunkException("packed chunk: float column of " + in.remaining() + " bytes for " + n + " samples");
      }
      Arrays.fill(x, 0, n, 0L);
      for (int shift = 56; shift >= 0; shift -= 8) {
        for (int i = 0; i < n; i++) {
          x[i] |= (long) in.readByte() << shift;
        }
      }
      long prev = 0;
      for (int i = 0; i < n; i++) {
        prev ^= x[i];
        v[off + i] = Double.longBitsToDouble(prev);
      }
      return;
    }
    if (mode != MODE_INTEGER) {
      throw new CorruptChunkException("packed chunk: unknown value mode " + mode);
    }
    int exp = in.readByte();
    int order = in.readByte();
    if (exp > MAX_EXPONENT || order < 1 || order > 2) {
      throw new CorruptChunkException("packed chunk: exponent " + exp + " or difference order " + order + " invalid");
    }
    long m = in.readVarint();
    long g = in.readUvarint();
    double scale = POW10[exp];
    v[off] = exp == 0 ? (double) m : m / scale;
    long d = 0;
    IntColumn.read(in, n - 1, x);
    for (int i = 1; i < n; i++) {
      long dx = x[i - 1] * g;
      d = order == 1 ? dx : d + dx;
      m += d;
      v[off + i] = exp == 0 ? (double) m : m / scale;
    }
    int exceptions = in.readCount("exception count", n);
    int at = 0;
    for (int k = 0; k < exceptions; k++) {
      int gap = in.readCount("exception gap", n);
      at += gap;
      if (at >= n || (k > 0 && gap == 0)) {
        throw new CorruptChunkException("packed chunk: exception index " + at + " outside " + n + " samples");
      }
      v[off + at] = Double.longBitsToDouble(in.readLong());
    }
    if (in.remaining() != 0) {
      throw new CorruptChunkException("packed chunk: " + in.remaining() + " bytes after the values");
    }
  }
}

package dev.sightline.store.tsdb.chunk;

import java.util.Arrays;

/**
 * A column of longs inside a {@link PackedChunk} section, in one of two packings chosen by the writer:
 * {@code 0} zig-zag varints (which zstd then compresses well when most values are equal), or {@code 1}
 * frame of reference: {@code lo}, {@code span = hi - lo}, a list of patches (values outside
 * {@code [lo, hi]}, as index gap and value), and every value's {@code x - lo} as digits of base
 * {@code span + 1} packed into 64-bit words (bit-packed with {@code bitLength(span)} bits when the span
 * exceeds 2^20). Base-{@code R} words cost {@code log2 R} bits a value, so three equally likely
 * values cost 1.6 bits, which neither whole bits nor an LZ compressor reach on short columns.
 */
final class IntColumn {
  static final int VARINTS = 0;
  static final int PACKED = 1;
  private static final long MAX_WORD_SPAN = 1 << 20;

  private IntColumn() {}

  static void write(PackedBytes out, long[] x, boolean packed) {
    int n = x.length;
    if (!packed || n == 0) {
      out.writeByte(VARINTS);
      for (long v : x) {
        out.writeVarint(v);
      }
      return;
    }
    long[] s = x.clone();
    Arrays.sort(s);
    long bestLo = s[0];
    long bestHi = s[n - 1];
    double bestCost = Double.MAX_VALUE;
    for (int c = 0; c <= n / 8; c = c == 0 ? 1 : c * 2) {
      long lo = s[c];
      long hi = s[n - 1 - c];
      long span = hi - lo;
      if (span < 0 || span > Long.MAX_VALUE / 4) {
        continue; // overflowing or huge spans: patches would cost as much
      }
      double cost = n * (Math.log(span + 1.0) / Math.log(2)) + 2 * c * 40.0;
      if (cost < bestCost) {
        bestCost = cost;
        bestLo = lo;
        bestHi = hi;
      }
    }
    long span = bestHi - bestLo;
    if (span < 0 || span > Long.MAX_VALUE / 4) {
      write(out, x, false);
      return;
    }
    out.writeByte(PACKED);
    out.writeVarint(bestLo);
    out.writeUvarint(span);
    int patches = 0;
    for (long v : x) {
      if (v < bestLo || v > bestHi) {
        patches++;
      }
    }
    out.writeUvarint(patches);
    int last = 0;
    for (int i = 0; i < n; i++) {
      if (x[i] < bestLo || x[i] > bestHi) {
        out.writeUvarint(i - last);
        out.writeVarint(x[i]);
        last = i;
      }
    }
    if (span == 0) {
      return;
    }
    if (span < MAX_WORD_SPAN) {
      long radix = span + 1;
      int k = digitsPerWord(radix);
      for (int w = 0; w < n; w += k) {
        long word = 0;
        for (int i = Math.min(n, w + k) - 1; i >= w; i--) {
          long v = x[i];
          long digit = v < bestLo || v > bestHi ? 0 : v - bestLo;
          word = word * radix + digit;
        }
        out.writeLong(word);
      }
    } else {
      int bits = 64 - Long.numberOfLeadingZeros(span);
      BitWriter bw = new BitWriter((int) (((long) n * bits + 7) / 8));
      for (long v : x) {
        bw.writeBits(v < bestLo || v > bestHi ? 0 : v - bestLo, bits);
      }
      int at = reserve(out, bw.byteLength()); // may grow the array, so before out.array()
      bw.copyTo(out.array(), at);
    }
  }

  private static int reserve(PackedBytes out, int len) {
    int at = out.position();
    out.write(new byte[len], 0, len);
    return at;
  }

  /** How many base-{@code radix} digits fit in a non-negative long. */
  static int digitsPerWord(long radix) {
    int k = 0;
    long p = 1;
    while (p <= Long.MAX_VALUE / radix) {
      p *= radix;
      k++;
    }
    return k;
  }

  static long[] read(PackedBytes in, int n) {
    long[] x = new long[n];
    read(in, n, x);
    return x;
  }

  /** Reads {@code n} values into {@code x[0, n)}. */
  static void read(PackedBytes in, int n, long[] x) {
    int packing = in.readByte();
    if (packing == VARINTS) {
      for (int i = 0; i < n; i++) {
        x[i] = in.readVarint();
      }
      return;
    }
    if (packing != PACKED) {
      throw new CorruptChunkException("packed chunk: unknown column packing " + packing);
    }
    long lo = in.readVarint();
    long span = in.readUvarint();
    if (span > Long.MAX_VALUE / 4) {
      throw new CorruptChunkException("packed chunk: column span " + Long.toUnsignedString(span) + " too large");
    }
    int patches = in.readCount("patch count", n);
    int[] patchAt = new int[patches];
    long[] patchValue = new long[patches];
    int at = 0;
    for (int p = 0; p < patches; p++) {
      int gap = in.readCount("patch gap", n);
      at += gap;
      if (at >= n || (p > 0 && gap == 0)) {
        throw new CorruptChunkException("packed chunk: patch index " + at + " outside " + n + " values");
      }
      patchAt[p] = at;
      patchValue[p] = in.readVarint();
    }
    if (span == 0) {
      Arrays.fill(x, 0, n, lo);
    } else if (span < MAX_WORD_SPAN) {
      long radix = span + 1;
      int k = digitsPerWord(radix);
      for (int w = 0; w < n; w += k) {
        long word = in.readLong();
        if (word < 0) {
          throw new CorruptChunkException("packed chunk: negative digit word");
        }
        for (int i = w; i < Math.min(n, w + k); i++) {
          x[i] = lo + word % radix;
          word /= radix;
        }
      }
    } else {
      int bits = 64 - Long.numberOfLeadingZeros(span);
      int len = (int) (((long) n * bits + 7) / 8);
      int start = in.skip(len);
      BitReader br = new BitReader(in.array(), start, len);
      for (int i = 0; i < n; i++) {
        x[i] = lo + br.readBits(bits);
      }
    }
    for (int p = 0; p < patches; p++) {
      x[patchAt[p]] = patchValue[p];
    }
  }
}

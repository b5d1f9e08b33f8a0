package dev.sightline.store.tsdb.internal;

import dev.sightline.store.tsdb.chunk.ChunkIterator;
import dev.sightline.store.tsdb.chunk.CorruptChunkException;
import dev.sightline.store.tsdb.chunk.PackedChunk;
import dev.sightline.store.tsdb.chunk.XorChunk;
import java.util.Arrays;

/** Decoded samples of one series, collected from chunks in time order. */
final class SampleBuffer {
  long[] t = new long[16];
  double[] v = new double[16];
  int n;

  void add(long ts, double value) {
    if (n == t.length) {
      t = Arrays.copyOf(t, n * 2);
      v = Arrays.copyOf(v, n * 2);
    }
    t[n] = ts;
    v[n] = value;
    n++;
  }

  /** Adds the samples of {@code it} inside [mint, maxt]. */
  void addRange(ChunkIterator it, long mint, long maxt) {
    while (it.next()) {
      long ts = it.timestamp();
      if (ts > maxt) {
        return;
      }
      if (ts >= mint) {
        add(ts, it.value());
      }
    }
  }

  /**
   * Decodes a packed chunk straight into this buffer and keeps its samples inside [mint, maxt]; the
   * chunk's first and last timestamps must be {@code chunkMin}/{@code chunkMax} (from the block index).
   */
  void addPacked(byte[] chunk, long chunkMin, long chunkMax, long mint, long maxt) {
    int k = PackedChunk.numSamples(chunk);
    if (n + k > t.length) {
      int cap = Math.max(n + k, t.length * 2);
      t = Arrays.copyOf(t, cap);
      v = Arrays.copyOf(v, cap);
    }
    PackedChunk.decodeInto(chunk, t, v, n);
    if (t[n] != chunkMin || t[n + k - 1] != chunkMax) {
      throw new CorruptChunkException("chunk spans [" + t[n] + ", " + t[n + k - 1] + "], the index says ["
          + chunkMin + ", " + chunkMax + "]");
    }
    int lo = n;
    int hi = n + k;
    while (lo < hi && t[lo] < mint) {
      lo++;
    }
    while (hi > lo && t[hi - 1] > maxt) {
      hi--;
    }
    if (lo > n) {
      System.arraycopy(t, lo, t, n, hi - lo);
      System.arraycopy(v, lo, v, n, hi - lo);
    }
    n += hi - lo;
  }

  void addRange(XorChunk c, long mint, long maxt) {
    if (c.maxTime() >= mint && c.minTime() <= maxt) {
      addRange(c.iterator(), mint, maxt);
    }
  }

  /**
   * Appends {@code other}; when it overlaps (a block and the head racing a cut), merges by timestamp and
   * keeps the first sample of a timestamp.
   */
  void addAll(SampleBuffer other) {
    if (other.n == 0) {
      return;
    }
    if (n == 0 || other.t[0] > t[n - 1]) {
      if (n + other.n > t.length) {
        int cap = Math.max(n + other.n, t.length * 2);
        t = Arrays.copyOf(t, cap);
        v = Arrays.copyOf(v, cap);
      }
      System.arraycopy(other.t, 0, t, n, other.n);
      System.arraycopy(other.v, 0, v, n, other.n);
      n += other.n;
      return;
    }
    long[] mt = new long[n + other.n];
    double[] mv = new double[n + other.n];
    int i = 0;
    int j = 0;
    int k = 0;
    while (i < n || j < other.n) {
      if (j >= other.n || (i < n && t[i] <= other.t[j])) {
        if (j < other.n && i < n && t[i] == other.t[j]) {
          j++;
        }
        mt[k] = t[i];
        mv[k++] = v[i++];
      } else {
        mt[k] = other.t[j];
        mv[k++] = other.v[j++];
      }
    }
    t = mt;
    v = mv;
    n = k;
  }

  /** The last timestamp, or Long.MIN_VALUE when empty. */
  long lastTime() {
    return n == 0 ? Long.MIN_VALUE : t[n - 1];
  }

  /** The timestamps, exactly {@code n} long; the buffer's own array when it is already that size. */
  long[] timestamps() {
    return t.length == n ? t : Arrays.copyOf(t, n);
  }

  /** The values, exactly {@code n} long; the buffer's own array when it is already that size. */
  double[] values() {
    return v.length == n ? v : Arrays.copyOf(v, n);
  }
}

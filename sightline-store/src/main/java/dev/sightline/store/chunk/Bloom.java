package dev.sightline.store.chunk;

/**
 * A Bloom filter over 64-bit hashes, as a bare {@code long[]} of bits. A chunk's filter has
 * {@value #BITS_PER_VALUE} bits and {@value #PROBES} probes a distinct value (a false-positive rate near
 * 1e-4, so a lookup over tens of thousands of chunks opens only a few it need not); a group's filter,
 * checked before its chunks', has half the bits and probes (near 1e-2: a false hit costs only the
 * probes of the group's chunk filters).
 */
final class Bloom {
  static final int BITS_PER_VALUE = 20;
  static final int PROBES = 14;
  static final int GROUP_BITS_PER_VALUE = 10;
  static final int GROUP_PROBES = 7;

  private Bloom() {}

  /** A chunk filter holding the distinct values of {@code hashes}. */
  static long[] of(long[] hashes) {
    return ofDistinct(distinct(hashes), BITS_PER_VALUE, PROBES);
  }

  /** A filter of {@code bitsPerValue} bits and {@code probes} probes a distinct value of {@code hashes}. */
  static long[] of(long[] hashes, int bitsPerValue, int probes) {
    return ofDistinct(distinct(hashes), bitsPerValue, probes);
  }

  /** The distinct values of {@code hashes}, sorted. */
  static long[] distinct(long[] hashes) {
    long[] sorted = hashes.clone();
    java.util.Arrays.sort(sorted);
    int n = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (i == 0 || sorted[i] != sorted[n - 1]) {
        sorted[n++] = sorted[i];
      }
    }
    return n == sorted.length ? sorted : java.util.Arrays.copyOf(sorted, n);
  }

  /**
   * A filter holding {@code distinct} (no value twice: a chunk's records repeat their service and trace
   * ids, and probing a value again sets no new bit, so only distinct values are probed).
   */
  static long[] ofDistinct(long[] distinct, int bitsPerValue, int probes) {
    long[] bits = new long[Math.max(1, (int) ((distinct.length * (long) bitsPerValue + 63) / 64))];
    for (long h : distinct) {
      probe(bits, h, probes, true);
    }
    return bits;
  }

  static boolean mayContain(long[] bits, long hash) {
    return probe(bits, hash, PROBES, false);
  }

  /** True when the chunk filter may hold one value of each alternative. */
  static boolean mayContainAll(long[] bits, java.util.List<long[]> required) {
    return mayContainAll(bits, PROBES, required);
  }

  /** True when the filter, probed {@code probes} times a value, may hold one value of each alternative. */
  static boolean mayContainAll(long[] bits, int probes, java.util.List<long[]> required) {
    for (long[] any : required) {
      boolean found = false;
      for (long h : any) {
        if (probe(bits, h, probes, false)) {
          found = true;
          break;
        }
      }
      if (!found) {
        return false;
      }
    }
    return true;
  }

  /**
   * Double hashing from the two halves of the hash, bit i at {@code (h1 + i * h2) mod m}, stepped by
   * addition (one division a value, not one a probe); sets the bits when {@code set}.
   */
  private static boolean probe(long[] bits, long hash, int probes, boolean set) {
    long m = bits.length * 64L;
    long bit = Math.floorMod((long) (int) hash, m);
    long step = Math.floorMod((long) ((int) (hash >>> 32) | 1), m);
    for (int i = 0; i < probes; i++) {
      int word = (int) (bit >>> 6);
      long mask = 1L << bit;
      if (set) {
        bits[word] |= mask;
      } else if ((bits[word] & mask) == 0) {
        return false;
      }
      bit += step;
      if (bit >= m) {
        bit -= m;
      }
    }
    return true;
  }
}

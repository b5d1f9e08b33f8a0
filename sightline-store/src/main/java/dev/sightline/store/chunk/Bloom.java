package dev.sightline.store.chunk;

/**
 * A Bloom filter over 64-bit hashes, as a bare {@code long[]} of bits: {@value #BITS_PER_VALUE} bits and
 * {@value #PROBES} probes a distinct value (a false-positive rate near 1e-4, so a lookup over tens of
 * thousands of chunks opens only a few it need not).
 */
final class Bloom {
  static final int BITS_PER_VALUE = 20;
  static final int PROBES = 14;

  private Bloom() {}

  /** A filter holding the distinct values of {@code hashes}. */
  static long[] of(long[] hashes) {
    long[] sorted = hashes.clone();
    java.util.Arrays.sort(sorted);
    int distinct = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        distinct++;
      }
    }
    long[] bits = new long[Math.max(1, (int) ((distinct * (long) BITS_PER_VALUE + 63) / 64))];
    for (long h : sorted) {
      probe(bits, h, true);
    }
    return bits;
  }

  static boolean mayContain(long[] bits, long hash) {
    return probe(bits, hash, false);
  }

  /** True when the filter may hold one value of each alternative. */
  static boolean mayContainAll(long[] bits, java.util.List<long[]> required) {
    for (long[] any : required) {
      boolean found = false;
      for (long h : any) {
        if (mayContain(bits, h)) {
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

  /** Double hashing from the two halves of the hash; sets the bits when {@code set}. */
  private static boolean probe(long[] bits, long hash, boolean set) {
    long m = bits.length * 64L;
    int h1 = (int) hash;
    int h2 = (int) (hash >>> 32) | 1;
    for (int i = 0; i < PROBES; i++) {
      long bit = Math.floorMod(h1 + (long) i * h2, m);
      int word = (int) (bit >>> 6);
      long mask = 1L << bit;
      if (set) {
        bits[word] |= mask;
      } else if ((bits[word] & mask) == 0) {
        return false;
      }
    }
    return true;
  }
}

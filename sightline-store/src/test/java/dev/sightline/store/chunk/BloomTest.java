package dev.sightline.store.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The Bloom filters of chunks and groups: no false negatives, the false-positive rates they claim. */
class BloomTest {
  private static long[] hashes(SplittableRandom rnd, int n) {
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = LookupValues.hash("id-" + rnd.nextLong());
    }
    return out;
  }

  @Test
  void everyValueAddedIsFoundAndFewOthersAre() {
    SplittableRandom rnd = new SplittableRandom(5);
    long[] members = hashes(rnd, 20_000);
    long[] chunk = Bloom.of(members);
    long[] group = Bloom.of(members, Bloom.GROUP_BITS_PER_VALUE, Bloom.GROUP_PROBES);
    for (long h : members) {
      assertThat(Bloom.mayContain(chunk, h)).isTrue();
      assertThat(Bloom.mayContainAll(group, Bloom.GROUP_PROBES, List.<long[]>of(new long[] {h}))).isTrue();
    }
    int chunkHits = 0;
    int groupHits = 0;
    for (long h : hashes(rnd, 200_000)) {
      chunkHits += Bloom.mayContain(chunk, h) ? 1 : 0;
      groupHits += Bloom.mayContainAll(group, Bloom.GROUP_PROBES, List.<long[]>of(new long[] {h})) ? 1 : 0;
    }
    assertThat(chunkHits / 200_000.0).as("chunk filter false positives").isLessThan(5e-4);
    assertThat(groupHits / 200_000.0).as("group filter false positives").isLessThan(2e-2);
  }

  /** Filters already on disk were written with bit i at (h1 + i * h2) mod m: the probe must keep that. */
  @Test
  void bitsAreWhereTheFileFormatSaysTheyAre() {
    SplittableRandom rnd = new SplittableRandom(9);
    for (int n : new int[] {1, 3, 64, 1000}) {
      long[] members = hashes(rnd, n);
      long[] expected = new long[Math.max(1, (n * Bloom.BITS_PER_VALUE + 63) / 64)];
      long m = expected.length * 64L;
      for (long h : members) {
        int h1 = (int) h;
        int h2 = (int) (h >>> 32) | 1;
        for (int i = 0; i < Bloom.PROBES; i++) {
          long bit = Math.floorMod(h1 + (long) i * h2, m);
          expected[(int) (bit >>> 6)] |= 1L << bit;
        }
      }
      assertThat(Bloom.of(members)).as("%d values", n).containsExactly(expected);
    }
  }

  @Test
  void anEmptyFilterHoldsNothingAndAnEmptyRequirementAlwaysHolds() {
    long[] empty = Bloom.of(new long[0]);
    assertThat(Bloom.mayContain(empty, LookupValues.hash("anything-at-all"))).isFalse();
    assertThat(Bloom.mayContainAll(empty, List.of())).isTrue();
  }
}

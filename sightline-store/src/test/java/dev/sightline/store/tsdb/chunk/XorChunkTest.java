package dev.sightline.store.tsdb.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.store.metrics.StaleMarker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class XorChunkTest {
  private static final double[] SPECIAL = {
      Double.NaN, StaleMarker.STALE_NAN, Double.longBitsToDouble(0x7ff8dead0000beefL),
      Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, Double.MIN_VALUE,
      -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 1.0, -1.0, 0.1, 1e300};

  private static void assertRoundTrip(long[] ts, double[] vs) {
    ChunkEncoder enc = new ChunkEncoder();
    for (int i = 0; i < ts.length; i++) {
      enc.append(ts[i], vs[i]);
    }
    XorChunk chunk = enc.toChunk();
    assertThat(chunk.numSamples()).isEqualTo(ts.length);
    assertThat(chunk.minTime()).isEqualTo(ts[0]);
    assertThat(chunk.maxTime()).isEqualTo(ts[ts.length - 1]);
    // Also through the on-disk path: bytes plus the times an index would hold.
    XorChunk reread = XorChunk.wrap(chunk.bytes().clone(), chunk.minTime(), chunk.maxTime());
    for (XorChunk c : List.of(chunk, reread)) {
      ChunkIterator it = c.iterator();
      for (int i = 0; i < ts.length; i++) {
        assertThat(it.next()).as("sample %d present", i).isTrue();
        assertThat(it.timestamp()).as("timestamp %d", i).isEqualTo(ts[i]);
        assertThat(Double.doubleToRawLongBits(it.value())).as("value bits %d", i)
            .isEqualTo(Double.doubleToRawLongBits(vs[i]));
      }
      assertThat(it.next()).isFalse();
    }
  }

  @Test
  void singleSample() {
    assertRoundTrip(new long[] {1_700_000_000_000L}, new double[] {42.5});
  }

  @Test
  void specialDoublesRoundTripBitForBit() {
    long[] ts = new long[SPECIAL.length * 2];
    double[] vs = new double[ts.length];
    for (int i = 0; i < ts.length; i++) {
      ts[i] = 1000L * i;
      vs[i] = SPECIAL[i % SPECIAL.length];
    }
    assertRoundTrip(ts, vs);
    // Each special value after every other one, so each appears after any window state.
    List<Double> seq = new ArrayList<>();
    for (double a : SPECIAL) {
      for (double b : SPECIAL) {
        seq.add(a);
        seq.add(b);
      }
    }
    long[] ts2 = new long[seq.size()];
    double[] vs2 = new double[seq.size()];
    for (int i = 0; i < ts2.length; i++) {
      ts2[i] = i;
      vs2[i] = seq.get(i);
    }
    assertRoundTrip(ts2, vs2);
  }

  @Test
  void staleMarkerKeepsItsBitPattern() {
    ChunkEncoder enc = new ChunkEncoder();
    enc.append(1, Double.NaN);
    enc.append(2, StaleMarker.STALE_NAN);
    ChunkIterator it = enc.toChunk().iterator();
    it.next();
    assertThat(StaleMarker.isStale(it.value())).isFalse();
    it.next();
    assertThat(StaleMarker.isStale(it.value())).isTrue();
  }

  @Test
  void timestampDeltasInEveryBucketIncludingExtremes() {
    long[] deltas = {1, 2, 8191, 8192, 8193, 65535, 65536, 65537, 524287, 524288, 524289,
        15_000, 15_000, 15_001, 14_999, 1L << 40, 1, Long.MAX_VALUE / 4, 3};
    long[] ts = new long[deltas.length + 1];
    ts[0] = Long.MIN_VALUE / 2;
    for (int i = 0; i < deltas.length; i++) {
      ts[i + 1] = ts[i] + deltas[i];
    }
    double[] vs = new double[ts.length];
    Arrays.fill(vs, 1.0);
    assertRoundTrip(ts, vs);
  }

  @Test
  void negativeAndZeroTimestamps() {
    assertRoundTrip(new long[] {-5000, -1, 0, 1, 7}, new double[] {1, 2, 3, 4, 5});
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void randomSeriesRoundTrip(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    for (int round = 0; round < 50; round++) {
      int n = 1 + r.nextInt(400);
      long[] ts = new long[n];
      double[] vs = new double[n];
      ts[0] = r.nextLong(-1L << 50, 1L << 50);
      double counter = r.nextDouble() * 1000;
      int style = r.nextInt(5);
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          long jitter = r.nextInt(10) == 0 ? r.nextLong(1, 1L << 33) : 15_000 + r.nextInt(-50, 50);
          ts[i] = ts[i - 1] + jitter;
        }
        vs[i] = switch (style) {
          case 0 -> Double.longBitsToDouble(r.nextLong()); // any bit pattern, NaN payloads included
          case 1 -> counter += r.nextInt(10);
          case 2 -> r.nextInt(3) == 0 ? SPECIAL[r.nextInt(SPECIAL.length)] : r.nextGaussian();
          case 3 -> 7.0;
          default -> Math.round(r.nextDouble() * 100) / 10.0;
        };
      }
      assertRoundTrip(ts, vs);
    }
  }

  @Test
  void regularScrapesCompressWell() {
    ChunkEncoder enc = new ChunkEncoder();
    for (int i = 0; i < 120; i++) {
      enc.append(1_700_000_000_000L + i * 15_000L, 100 + i);
    }
    // Raw would be 16 bytes a sample; Gorilla on a steady counter is a few bits per sample.
    assertThat(enc.toChunk().bytes().length).isLessThan(120 * 3);
  }

  @Test
  void rejectsNonIncreasingTimestamps() {
    ChunkEncoder enc = new ChunkEncoder();
    enc.append(10, 1);
    assertThatThrownBy(() -> enc.append(10, 2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not after last 10");
    assertThatThrownBy(() -> enc.append(9, 2)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void truncatedChunkFailsWithClearError() {
    ChunkEncoder enc = new ChunkEncoder();
    for (int i = 0; i < 50; i++) {
      enc.append(i * 1000L, Math.sin(i));
    }
    byte[] full = enc.toChunk().bytes();
    XorChunk cut = XorChunk.wrap(Arrays.copyOf(full, full.length / 2), 0, 49_000);
    ChunkIterator it = cut.iterator();
    assertThatThrownBy(() -> {
      while (it.next()) {
        // drain
      }
    }).isInstanceOf(CorruptChunkException.class).hasMessageContaining("chunk truncated");
  }

  @Test
  void malformedHeadersAreRejected() {
    assertThatThrownBy(() -> XorChunk.wrap(new byte[3], 0, 0))
        .isInstanceOf(CorruptChunkException.class).hasMessageContaining("too short");
    assertThatThrownBy(() -> XorChunk.wrap(new byte[40], 0, 0))
        .isInstanceOf(CorruptChunkException.class).hasMessageContaining("0 samples");
    byte[] b = new byte[40];
    b[1] = 1;
    assertThatThrownBy(() -> XorChunk.wrap(b, 5, 4))
        .isInstanceOf(CorruptChunkException.class).hasMessageContaining("minTime 5 > maxTime 4");
  }

  @Test
  void hostileCountNeverReadsOutOfBounds() {
    SplittableRandom r = new SplittableRandom(99);
    for (int i = 0; i < 2000; i++) {
      byte[] junk = new byte[18 + r.nextInt(40)];
      for (int j = 0; j < junk.length; j++) {
        junk[j] = (byte) r.nextInt(256);
      }
      junk[0] = (byte) 0xff; // claims up to 65k samples
      ChunkIterator it = XorChunk.wrap(junk, 0, 0).iterator();
      try {
        while (it.next()) {
          // decoding garbage may produce garbage, but must end in a clear exception, not AIOOBE
        }
      } catch (CorruptChunkException expected) {
        assertThat(expected.getMessage()).startsWith("chunk");
      }
    }
  }

  @Test
  void encoderStaysUsableAfterSnapshot() {
    ChunkEncoder enc = new ChunkEncoder();
    enc.append(1, 1);
    XorChunk first = enc.toChunk();
    enc.append(2, 2);
    assertThat(first.numSamples()).isEqualTo(1);
    assertThat(enc.toChunk().numSamples()).isEqualTo(2);
  }
}

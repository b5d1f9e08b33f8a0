package dev.sightline.store.tsdb.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.store.metrics.StaleMarker;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PackedChunkTest {
  private static final double[] SPECIAL = {
      Double.NaN, StaleMarker.STALE_NAN, Double.longBitsToDouble(0x7ff8dead0000beefL),
      Double.longBitsToDouble(0xfff0000000000001L), Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
      -0.0, 0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 1.0, -1.0, 0.1,
      1e300, 0x1p53, -0x1p53, 0x1p53 + 2, 0.30000000000000004, 1e-15, 123456789.123456};

  private static byte[] assertRoundTrip(long[] ts, double[] vs) {
    byte[] bytes = PackedChunk.encode(ts, vs, 0, ts.length);
    assertThat(PackedChunk.numSamples(bytes)).isEqualTo(ts.length);
    PackedChunk c = PackedChunk.decode(bytes.clone());
    assertThat(c.numSamples()).isEqualTo(ts.length);
    assertThat(c.timestamps()).containsExactly(ts);
    for (int i = 0; i < ts.length; i++) {
      assertThat(Double.doubleToRawLongBits(c.values()[i])).as("value bits %d of %s", i, vs[i])
          .isEqualTo(Double.doubleToRawLongBits(vs[i]));
    }
    return bytes;
  }

  private static long[] scrapes(int n, long start, long step, SplittableRandom r, int jitter) {
    long[] t = new long[n];
    for (int i = 0; i < n; i++) {
      t[i] = start + i * step + (jitter == 0 ? 0 : r.nextInt(jitter + 1));
    }
    return t;
  }

  @Test
  void singleSampleAndTinyChunks() {
    assertRoundTrip(new long[] {1_700_000_000_000L}, new double[] {42.5});
    assertRoundTrip(new long[] {-5}, new double[] {Double.NaN});
    assertRoundTrip(new long[] {1, 2}, new double[] {-0.0, 0.0});
    assertRoundTrip(new long[] {1, 2, 3}, new double[] {1, StaleMarker.STALE_NAN, 3});
  }

  @Test
  void specialDoublesRoundTripBitForBitInEveryPosition() {
    for (int shift = 0; shift < SPECIAL.length; shift++) {
      double[] vs = new double[SPECIAL.length * 3];
      long[] ts = new long[vs.length];
      for (int i = 0; i < vs.length; i++) {
        ts[i] = 15_000L * i;
        vs[i] = SPECIAL[(i + shift) % SPECIAL.length];
      }
      assertRoundTrip(ts, vs);
    }
  }

  @Test
  void aFewExceptionsInsideAnIntegerSeries() {
    SplittableRandom r = new SplittableRandom(3);
    long[] ts = scrapes(480, 1_767_225_600_000L, 15_000, r, 2);
    double[] vs = new double[ts.length];
    double c = 1000;
    for (int i = 0; i < vs.length; i++) {
      c += r.nextInt(300);
      vs[i] = c;
    }
    vs[0] = StaleMarker.STALE_NAN;
    vs[17] = -0.0;
    vs[100] = Double.POSITIVE_INFINITY;
    vs[479] = StaleMarker.STALE_NAN;
    assertRoundTrip(ts, vs);
  }

  @Test
  void decimalsUseTheirExponentAndStayExact() {
    SplittableRandom r = new SplittableRandom(5);
    long[] ts = scrapes(720, 0, 10_000, r, 0);
    double[] cpu = new double[ts.length];
    double c = 12.34;
    for (int i = 0; i < cpu.length; i++) {
      c = Math.round((c + r.nextDouble() * 3) * 100) / 100.0;
      cpu[i] = c;
    }
    byte[] bytes = assertRoundTrip(ts, cpu);
    assertThat(bytes.length).as("hundredths cost about two bytes, not eight").isLessThan(2 * ts.length);
    double[] mixed = new double[ts.length];
    for (int i = 0; i < mixed.length; i++) {
      mixed[i] = i % 3 == 0 ? 0.1 * i : i % 3 == 1 ? 1e-7 * i : -i;
    }
    assertRoundTrip(ts, mixed);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void randomSeriesRoundTrip(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    for (int round = 0; round < 20; round++) {
      int n = 1 + r.nextInt(PackedChunk.MAX_SAMPLES);
      long[] ts = new long[n];
      double[] vs = new double[n];
      long t = r.nextLong() / 4;
      long counter = r.nextLong(1L << 40);
      int kind = r.nextInt(6);
      for (int i = 0; i < n; i++) {
        t += 1 + switch (round % 4) {
          case 0 -> 15_000 + r.nextInt(3);
          case 1 -> r.nextInt(1 << 20);
          case 2 -> r.nextInt(10) == 0 ? r.nextLong(1L << 40) : 30_000;
          default -> r.nextInt(2);
        };
        ts[i] = t;
        counter += r.nextInt(10) == 0 ? -counter : r.nextInt(1000);
        vs[i] = switch (kind) {
          case 0 -> counter;
          case 1 -> Double.longBitsToDouble(r.nextLong());
          case 2 -> r.nextDouble() * 1e6;
          case 3 -> SPECIAL[r.nextInt(SPECIAL.length)];
          case 4 -> r.nextInt(20) == 0 ? SPECIAL[r.nextInt(SPECIAL.length)] : counter / 100.0;
          default -> -counter * 4096.0;
        };
      }
      assertRoundTrip(ts, vs);
    }
  }

  @Test
  void extremeTimestampsRoundTrip() {
    assertRoundTrip(new long[] {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE}, new double[] {1, 2, 3, 4});
    assertRoundTrip(new long[] {Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1, Long.MAX_VALUE},
        new double[] {Long.MAX_VALUE, Long.MIN_VALUE, 0x1p53, -0x1p53});
  }

  @Test
  void jitteredScrapesCompressFarBelowGorilla() {
    SplittableRandom r = new SplittableRandom(42);
    long[] ts = scrapes(480, 1_767_225_600_000L, 15_000, r, 2);
    double[] vs = new double[ts.length];
    double c = 0;
    ChunkEncoder xor = new ChunkEncoder();
    for (int i = 0; i < vs.length; i++) {
      c += 100 + r.nextInt(50);
      vs[i] = c;
      xor.append(ts[i], vs[i]);
    }
    byte[] packed = assertRoundTrip(ts, vs);
    assertThat(packed.length).isLessThan(xor.encodedBytes() / 3);
  }

  @Test
  void layoutAccountsForEveryByteOfBackToBackChunks() {
    byte[] a = sample(0);
    byte[] b = sample(1);
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    PackedChunk.Layout la = PackedChunk.layout(both, 0, both.length);
    PackedChunk.Layout lb = PackedChunk.layout(both, a.length, b.length);
    assertThat(la.length()).isEqualTo(a.length);
    assertThat(lb.length()).isEqualTo(b.length);
    assertThat(la.timestampBytes() + la.valueBytes() + la.otherBytes()).isEqualTo(a.length);
    assertThat(la.samples()).isEqualTo(300);
    assertThat(la.floatValues()).isFalse();
    assertThat(lb.floatValues()).as("uniform random doubles").isTrue();
  }

  @Test
  void decodeIntoWritesAtAnOffsetAndNeedsRoom() {
    byte[] bytes = sample(2);
    PackedChunk whole = PackedChunk.decode(bytes);
    long[] t = new long[310];
    double[] v = new double[310];
    assertThat(PackedChunk.decodeInto(bytes, t, v, 10)).isEqualTo(300);
    assertThat(Arrays.copyOfRange(t, 10, 310)).containsExactly(whole.timestamps());
    for (int i = 0; i < 300; i++) {
      assertThat(Double.doubleToRawLongBits(v[10 + i])).isEqualTo(Double.doubleToRawLongBits(whole.values()[i]));
    }
    assertThatThrownBy(() -> PackedChunk.decodeInto(bytes, t, v, 11)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsBadInput() {
    assertThatThrownBy(() -> PackedChunk.encode(new long[] {2, 2}, new double[] {1, 1}, 0, 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PackedChunk.encode(new long[0], new double[0], 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    long[] big = new long[PackedChunk.MAX_SAMPLES + 1];
    Arrays.setAll(big, i -> i);
    assertThatThrownBy(() -> PackedChunk.encode(big, new double[big.length], 0, big.length))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static byte[] sample(int kind) {
    SplittableRandom r = new SplittableRandom(kind);
    long[] ts = scrapes(300, 1_767_225_600_000L, 15_000, r, 2);
    double[] vs = new double[ts.length];
    for (int i = 0; i < vs.length; i++) {
      vs[i] = kind == 0 ? i * 7 : kind == 1 ? r.nextDouble() : i % 50 == 0 ? Double.NaN : i / 100.0;
    }
    return PackedChunk.encode(ts, vs, 0, ts.length);
  }

  @Test
  void everyTruncationFailsWithACorruptChunkError() {
    for (int kind = 0; kind < 3; kind++) {
      byte[] bytes = sample(kind);
      for (int len = 0; len < bytes.length; len++) {
        byte[] cut = Arrays.copyOf(bytes, len);
        assertThatThrownBy(() -> PackedChunk.decode(cut)).as("kind %s cut at %d", kind, len)
            .isInstanceOf(CorruptChunkException.class).hasMessageContaining("packed chunk");
      }
    }
  }

  @Test
  void everyFlippedByteFailsTheChecksum() {
    byte[] bytes = sample(0);
    for (int i = 0; i < bytes.length; i++) {
      byte[] bad = bytes.clone();
      bad[i] ^= (byte) (1 << (i % 8));
      assertThatThrownBy(() -> PackedChunk.decode(bad)).isInstanceOf(CorruptChunkException.class);
    }
  }

  /** Damaged bytes that still carry a valid checksum (a bug, not a disk error) decode or fail cleanly. */
  @Test
  void garbageWithAValidChecksumNeverEscapesAsAnotherException() {
    SplittableRandom r = new SplittableRandom(11);
    byte[][] seeds = {sample(0), sample(1), sample(2)};
    for (int round = 0; round < 20_000; round++) {
      byte[] base = seeds[round % 3];
      byte[] body = Arrays.copyOf(base, base.length - 4);
      int flips = 1 + r.nextInt(4);
      for (int f = 0; f < flips; f++) {
        body[r.nextInt(body.length)] = (byte) r.nextInt(256);
      }
      if (r.nextInt(4) == 0) {
        body = Arrays.copyOf(body, r.nextInt(body.length + 1));
      }
      byte[] withCrc = withChecksum(body);
      try {
        PackedChunk c = PackedChunk.decode(withCrc);
        assertThat(c.timestamps()).hasSameSizeAs(c.values());
        for (int i = 1; i < c.numSamples(); i++) {
          assertThat(c.timestamps()[i]).isGreaterThan(c.timestamps()[i - 1]);
        }
      } catch (CorruptChunkException expected) {
        // the clean failure
      }
    }
  }

  @Test
  void unknownFormatAndHeaderFieldsAreNamed() {
    byte[] bytes = sample(0);
    byte[] body = Arrays.copyOf(bytes, bytes.length - 4);
    body[0] = 9;
    assertThatThrownBy(() -> PackedChunk.decode(withChecksum(body)))
        .isInstanceOf(CorruptChunkException.class).hasMessageContaining("unknown format byte 9");
    assertThatThrownBy(() -> PackedChunk.decode(withChecksum(new byte[] {1, 0})))
        .isInstanceOf(CorruptChunkException.class).hasMessageContaining("0 samples");
  }

  private static byte[] withChecksum(byte[] body) {
    CRC32 crc = new CRC32();
    crc.update(body);
    byte[] out = Arrays.copyOf(body, body.length + 4);
    int v = (int) crc.getValue();
    out[body.length] = (byte) (v >>> 24);
    out[body.length + 1] = (byte) (v >>> 16);
    out[body.length + 2] = (byte) (v >>> 8);
    out[body.length + 3] = (byte) v;
    return out;
  }

  @Test
  void intColumnPacksSmallRangesInFractionalBits() {
    SplittableRandom r = new SplittableRandom(1);
    long[] x = new long[1000];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextInt(3) - 1;
    }
    x[500] = 1L << 40; // one outlier becomes a patch instead of widening every value
    PackedBytes out = new PackedBytes(16);
    IntColumn.write(out, x, true);
    assertThat(out.position()).isLessThan(1000 * 17 / 80 + 40);
    assertThat(IntColumn.read(new PackedBytes(out.array(), 0, out.position()), x.length)).containsExactly(x);
    long[] wide = {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, 1L << 62};
    PackedBytes w = new PackedBytes(16);
    IntColumn.write(w, wide, true);
    assertThat(IntColumn.read(new PackedBytes(w.array(), 0, w.position()), wide.length)).containsExactly(wide);
    long[] bits = new long[100];
    for (int i = 0; i < bits.length; i++) {
      bits[i] = r.nextLong(1L << 30);
    }
    PackedBytes b = new PackedBytes(16);
    IntColumn.write(b, bits, true);
    assertThat(IntColumn.read(new PackedBytes(b.array(), 0, b.position()), bits.length)).containsExactly(bits);
  }
}

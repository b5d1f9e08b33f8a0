package dev.sightline.store.tsdb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.model.metric.Labels;
import dev.sightline.store.metrics.StaleMarker;
import dev.sightline.store.tsdb.chunk.ChunkEncoder;
import dev.sightline.store.tsdb.chunk.XorChunk;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** WAL records round-trip, and malformed, truncated or hostile records fail with a clear message. */
class WalCodecTest {
  private final List<String> seen = new ArrayList<>();
  private final WalCodec.Visitor recorder = new WalCodec.Visitor() {
    @Override
    public void series(int id, Labels labels) {
      seen.add("series " + id + " " + labels);
    }

    @Override
    public void sample(int id, long t, double v) {
      seen.add("sample " + id + " " + t + " " + Long.toHexString(Double.doubleToRawLongBits(v)));
    }

    @Override
    public void chunk(int id, XorChunk chunk) {
      seen.add("chunk " + id + " " + chunk.minTime() + ".." + chunk.maxTime() + " n=" + chunk.numSamples());
    }
  };

  @Test
  void recordsRoundTrip() {
    MemSeries s = new MemSeries(7, Labels.of("__name__", "up", "job", "ä\u00e9\uD83D\uDE00"));
    WalCodec.decode(WalCodec.series(List.of(s)), recorder);
    WalCodec.decode(WalCodec.samples(new int[] {7, 7, 8}, new long[] {-5, 1_700_000_000_000L, 3},
        new double[] {StaleMarker.STALE_NAN, -0.0, 1}, 3), recorder);
    ChunkEncoder enc = new ChunkEncoder();
    enc.append(10, 1);
    enc.append(20, 2);
    WalCodec.decode(WalCodec.chunks(new int[] {7}, List.of(enc.toChunk())), recorder);
    assertThat(seen).containsExactly(
        "series 7 up{job=\"ä\u00e9\uD83D\uDE00\"}",
        "sample 7 -5 7ff0000000000002",
        "sample 7 1700000000000 8000000000000000",
        "sample 8 3 3ff0000000000000",
        "chunk 7 10..20 n=2");
  }

  @Test
  void unknownTypeAndEmptyRecordAreRejected() {
    assertThatThrownBy(() -> WalCodec.decode(new byte[] {9}, recorder))
        .isInstanceOf(CorruptDataException.class).hasMessageContaining("unknown type 9");
    assertThatThrownBy(() -> WalCodec.decode(new byte[0], recorder))
        .isInstanceOf(CorruptDataException.class).hasMessageContaining("truncated");
  }

  @Test
  void everyTruncationOfAValidRecordFailsCleanly() {
    MemSeries s = new MemSeries(300, Labels.of("__name__", "up", "job", "api"));
    List<byte[]> records = List.of(WalCodec.series(List.of(s)),
        WalCodec.samples(new int[] {300, 300}, new long[] {1, 2}, new double[] {1, 2}, 2));
    for (byte[] full : records) {
      for (int len = 0; len < full.length; len++) {
        byte[] cut = Arrays.copyOf(full, len);
        assertThatThrownBy(() -> WalCodec.decode(cut, recorder)).as("length %d", len)
            .isInstanceOf(CorruptDataException.class).hasMessageStartingWith("WAL record");
      }
    }
  }

  @Test
  void trailingBytesAreRejected() {
    byte[] ok = WalCodec.samples(new int[] {1}, new long[] {1}, new double[] {1}, 1);
    byte[] longer = Arrays.copyOf(ok, ok.length + 3);
    assertThatThrownBy(() -> WalCodec.decode(longer, recorder)).hasMessageContaining("3 trailing bytes");
  }

  @Test
  void hostileCountsDoNotAllocate() {
    // type 2, count = 2^62: must be refused before any allocation or loop.
    byte[] hostile = {2, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
        (byte) 0xff, 0x3f};
    assertThatThrownBy(() -> WalCodec.decode(hostile, recorder)).hasMessageContaining("sample count")
        .hasMessageContaining("out of range");
    byte[] longVarint = {1, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
        (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 1};
    assertThatThrownBy(() -> WalCodec.decode(longVarint, recorder)).hasMessageContaining("varint longer than 10 bytes");
  }

  @Test
  void invalidUtf8AndEmptyLabelNamesAreRejected() {
    byte[] badUtf8 = {1, 1, 5, 1, 2, (byte) 0xc3, 0x28, 1, 'x'};
    assertThatThrownBy(() -> WalCodec.decode(badUtf8, recorder)).hasMessageContaining("label name is not valid UTF-8");
    byte[] emptyName = {1, 1, 5, 1, 0, 1, 'x'};
    assertThatThrownBy(() -> WalCodec.decode(emptyName, recorder)).hasMessageContaining("empty label name");
  }

  @Test
  void randomBytesNeverEscapeAsAnotherException() {
    SplittableRandom r = new SplittableRandom(5);
    for (int i = 0; i < 20_000; i++) {
      byte[] junk = new byte[1 + r.nextInt(40)];
      for (int j = 0; j < junk.length; j++) {
        junk[j] = (byte) r.nextInt(256);
      }
      junk[0] = (byte) (1 + r.nextInt(3));
      try {
        WalCodec.decode(junk, recorder);
      } catch (CorruptDataException expected) {
        assertThat(expected.getMessage()).startsWith("WAL record");
      }
    }
  }
}

package dev.sightline.store.tsdb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.model.metric.Labels;
import dev.sightline.store.metrics.StaleMarker;
import dev.sightline.store.tsdb.chunk.ChunkEncoder;
import dev.sightline.store.tsdb.chunk.PackedChunk;
import dev.sightline.store.tsdb.chunk.XorChunk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Block format 2 (packed chunks, compressed index) round trips, reads format 1, and fails loudly when damaged. */
class BlockFormatTest {
  private static final long MIN = 1_767_225_600_000L;
  private static final long MAX = MIN + 6 * 3_600_000L;

  @TempDir
  Path dir;

  /** Series i: {@code 1 + 1500 * i} samples (so some need several chunks), with special values sprinkled in. */
  private static TreeMap<Labels, SampleBuffer> data(int series) {
    SplittableRandom r = new SplittableRandom(7);
    TreeMap<Labels, SampleBuffer> out = new TreeMap<>();
    for (int i = 0; i < series; i++) {
      SampleBuffer b = new SampleBuffer();
      long t = MIN + r.nextInt(15_000);
      double c = 0;
      for (int k = 0; k < 1 + 1500 * i && t < MAX; k++) {
        c += r.nextInt(100);
        double v = switch (i % 3) {
          case 0 -> c;
          case 1 -> r.nextDouble() * 1e3;
          default -> c / 100;
        };
        b.add(t, k % 97 == 5 ? StaleMarker.STALE_NAN : k % 101 == 7 ? -0.0 : v);
        t += 5_000 + r.nextInt(3);
      }
      out.put(Labels.of("__name__", "m" + (i % 2), "i", Integer.toString(i)), b);
    }
    return out;
  }

  private static BlockWriter.SeriesSource source(TreeMap<Labels, SampleBuffer> data) {
    var it = data.entrySet().iterator();
    return () -> {
      if (!it.hasNext()) {
        return null;
      }
      var e = it.next();
      return new BlockWriter.SeriesSamples(e.getKey(), e.getValue().t, e.getValue().v, e.getValue().n);
    };
  }

  private static void assertSameSamples(SampleBuffer actual, SampleBuffer expected, long mint, long maxt) {
    List<Long> et = new ArrayList<>();
    List<Long> ev = new ArrayList<>();
    for (int i = 0; i < expected.n; i++) {
      if (expected.t[i] >= mint && expected.t[i] <= maxt) {
        et.add(expected.t[i]);
        ev.add(Double.doubleToRawLongBits(expected.v[i]));
      }
    }
    List<Long> at = new ArrayList<>();
    List<Long> av = new ArrayList<>();
    for (int i = 0; i < actual.n; i++) {
      at.add(actual.t[i]);
      av.add(Double.doubleToRawLongBits(actual.v[i]));
    }
    assertThat(at).isEqualTo(et);
    assertThat(av).isEqualTo(ev);
  }

  private Block writeV2(TreeMap<Labels, SampleBuffer> data) throws IOException {
    Files.createDirectories(dir);
    BlockMeta meta = BlockWriter.write(dir, "b1", MIN, MAX, 2, MAX - MIN, source(data));
    return Block.open(dir.resolve(meta.id()));
  }

  @Test
  void formatTwoRoundTripsEverySampleBitForBit() throws IOException {
    TreeMap<Labels, SampleBuffer> data = data(4);
    Block b = writeV2(data);
    try {
      assertThat(b.format()).isEqualTo(2);
      assertThat(b.numSeries()).isEqualTo(4);
      assertThat(b.meta().numChunks()).as("1, 1501, 3001 and 4320 samples: 1 + 1 + 2 + 3 chunks")
          .isEqualTo(1 + 1 + 2 + 3);
      int ord = 0;
      for (var e : data.entrySet()) {
        assertThat(b.labels(ord)).isEqualTo(e.getKey());
        for (long[] range : new long[][] {{Long.MIN_VALUE, Long.MAX_VALUE}, {MIN + 3_600_000, MIN + 7_200_000},
            {MAX, Long.MAX_VALUE}}) {
          SampleBuffer got = new SampleBuffer();
          b.read(ord, range[0], range[1], got);
          assertSameSamples(got, e.getValue(), range[0], range[1]);
        }
        ord++;
      }
      assertThat(b.postings("__name__", "m1")).as("m0 sorts first").containsExactly(2, 3);
    } finally {
      b.release();
    }
  }

  /** Format 1 as the previous writer produced it: Gorilla chunks of 120, offsets in the index, no zstd. */
  private Path writeV1(TreeMap<Labels, SampleBuffer> data) throws IOException {
    Path blockDir = dir.resolve("old");
    Files.createDirectories(blockDir);
    ByteOutput chunks = new ByteOutput(1 << 16);
    chunks.writeBytesRaw(BlockWriter.CHUNKS_MAGIC);
    ByteOutput body = new ByteOutput(1 << 16);
    body.writeUvarint(data.size());
    Map<String, TreeMap<String, List<Integer>>> postings = new TreeMap<>();
    int ord = 0;
    long samples = 0;
    long numChunks = 0;
    for (var e : data.entrySet()) {
      int o = ord++;
      WalCodec.writeLabels(body, e.getKey());
      e.getKey().forEach((n, v) -> postings.computeIfAbsent(n, k -> new TreeMap<>())
          .computeIfAbsent(v, k -> new ArrayList<>()).add(o));
      SampleBuffer s = e.getValue();
      List<XorChunk> list = new ArrayList<>();
      for (int from = 0; from < s.n; from += 120) {
        ChunkEncoder enc = new ChunkEncoder();
        for (int i = from; i < Math.min(s.n, from + 120); i++) {
          enc.append(s.t[i], s.v[i]);
        }
        list.add(enc.toChunk());
      }
      body.writeUvarint(list.size());
      for (XorChunk c : list) {
        body.writeVarint(c.minTime());
        body.writeUvarint(c.maxTime() - c.minTime());
        body.writeUvarint(chunks.size());
        body.writeUvarint(c.bytes().length);
        chunks.writeBytesRaw(c.bytes());
        samples += c.numSamples();
        numChunks++;
      }
    }
    body.writeUvarint(postings.size());
    postings.forEach((name, values) -> {
      body.writeString(name);
      body.writeUvarint(values.size());
      values.forEach((value, ords) -> {
        body.writeString(value);
        body.writeUvarint(ords.size());
        int prev = 0;
        for (int x : ords) {
          body.writeUvarint(x - prev);
          prev = x;
        }
      });
    });
    ByteOutput index = new ByteOutput(body.size() + 16);
    index.writeBytesRaw(BlockWriter.INDEX_MAGIC);
    index.writeBytesRaw(body.toByteArray());
    CRC32 crc = new CRC32();
    crc.update(index.toByteArray());
    index.writeInt((int) crc.getValue());
    Files.write(blockDir.resolve("chunks"), chunks.toByteArray());
    Files.write(blockDir.resolve("index"), index.toByteArray());
    Files.writeString(blockDir.resolve("meta.json"),
        new BlockMeta("old", MIN, MAX, data.size(), samples, numChunks, 1).toJson());
    return blockDir;
  }

  @Test
  void formatOneBlocksStillReadAndRewriteAsFormatTwo() throws IOException {
    TreeMap<Labels, SampleBuffer> data = data(3);
    Block old = Block.open(writeV1(data));
    try {
      assertThat(old.format()).isEqualTo(1);
      // What the compactor does: read each series of the old block and write it anew.
      TreeMap<Labels, SampleBuffer> reread = new TreeMap<>();
      for (int ord = 0; ord < old.numSeries(); ord++) {
        SampleBuffer got = new SampleBuffer();
        old.read(ord, Long.MIN_VALUE, Long.MAX_VALUE, got);
        assertSameSamples(got, data.get(old.labels(ord)), Long.MIN_VALUE, Long.MAX_VALUE);
        reread.put(old.labels(ord), got);
      }
      Block upgraded = writeV2(reread);
      try {
        assertThat(upgraded.format()).isEqualTo(2);
        assertThat(upgraded.sizeBytes()).isLessThan(old.sizeBytes());
        for (int ord = 0; ord < upgraded.numSeries(); ord++) {
          SampleBuffer got = new SampleBuffer();
          upgraded.read(ord, Long.MIN_VALUE, Long.MAX_VALUE, got);
          assertSameSamples(got, data.get(upgraded.labels(ord)), Long.MIN_VALUE, Long.MAX_VALUE);
        }
      } finally {
        upgraded.release();
      }
    } finally {
      old.release();
    }
  }

  @Test
  void aDamagedChunkIsAnErrorNamingBlockAndSeries() throws IOException {
    Block b = writeV2(data(2));
    Path chunks = b.dir().resolve("chunks");
    b.release();
    byte[] bytes = Files.readAllBytes(chunks);
    bytes[bytes.length - 10] ^= 0x40;
    Files.write(chunks, bytes);
    Block damaged = Block.open(dir.resolve("b1"));
    try {
      SampleBuffer got = new SampleBuffer();
      assertThatThrownBy(() -> damaged.read(1, Long.MIN_VALUE, Long.MAX_VALUE, got))
          .isInstanceOf(IOException.class).hasMessageContaining("block ").hasMessageContaining("i=\"1\"")
          .hasMessageContaining("checksum");
    } finally {
      damaged.release();
    }
  }

  @Test
  void aTruncatedChunksFileOrDamagedIndexFailsOnOpen() throws IOException {
    Block b = writeV2(data(2));
    Path blockDir = b.dir();
    b.release();
    Path chunks = blockDir.resolve("chunks");
    byte[] chunkBytes = Files.readAllBytes(chunks);
    Files.write(chunks, java.util.Arrays.copyOf(chunkBytes, chunkBytes.length - 1));
    assertThatThrownBy(() -> Block.open(blockDir)).isInstanceOf(IOException.class).hasMessageContaining("block");
    Files.write(chunks, chunkBytes);
    Path index = blockDir.resolve("index");
    byte[] indexBytes = Files.readAllBytes(index);
    byte[] flipped = indexBytes.clone();
    flipped[12] ^= 1;
    Files.write(index, flipped);
    assertThatThrownBy(() -> Block.open(blockDir)).isInstanceOf(IOException.class).hasMessageContaining("checksum");
    // A body that is not zstd, behind a valid checksum: still a clear error, not garbage.
    ByteOutput bogus = new ByteOutput(64);
    bogus.writeBytesRaw(BlockWriter.INDEX_MAGIC_V2);
    bogus.writeUvarint(100);
    bogus.writeBytesRaw(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
    CRC32 crc = new CRC32();
    crc.update(bogus.toByteArray());
    bogus.writeInt((int) crc.getValue());
    Files.write(index, bogus.toByteArray());
    assertThatThrownBy(() -> Block.open(blockDir)).isInstanceOf(IOException.class).hasMessageContaining("zstd");
    Files.write(index, indexBytes);
    Block.open(blockDir).release();
  }

  @Test
  void chunksNeverStraddleAWindow() {
    long[] t = {0, 5, 9, 10, 11, 35, -1};
    java.util.Arrays.sort(t);
    // -1 | 0 5 9 | 10 11 | 35 in windows of 10
    assertThat(BlockWriter.chunkRuns(t, t.length, 10)).containsExactly(
        new int[] {0, 1}, new int[] {1, 4}, new int[] {4, 6}, new int[] {6, 7});
  }

  @Test
  void longRunsAreSplitEvenlyIntoChunks() throws IOException {
    TreeMap<Labels, SampleBuffer> data = new TreeMap<>();
    SampleBuffer s = new SampleBuffer();
    for (int i = 0; i < PackedChunk.MAX_SAMPLES * 2 + 1; i++) {
      s.add(MIN + i * 1000L, i);
    }
    data.put(Labels.of("__name__", "long"), s);
    Block b = writeV2(data);
    try {
      assertThat(b.meta().numChunks()).isEqualTo(3);
      SampleBuffer got = new SampleBuffer();
      b.read(0, MIN + 5000, MIN + 5000, got);
      assertThat(got.n).isEqualTo(1);
      assertThat(got.v[0]).isEqualTo(5.0);
    } finally {
      b.release();
    }
  }
}

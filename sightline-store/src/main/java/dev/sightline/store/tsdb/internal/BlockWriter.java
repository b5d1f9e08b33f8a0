package dev.sightline.store.tsdb.internal;

import dev.sightline.model.metric.Labels;
import dev.sightline.store.tsdb.chunk.PackedChunk;
import dev.sightline.store.tsdb.chunk.XorChunk;
import io.airlift.compress.zstd.ZstdCompressor;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * Writes an immutable block in format 2: {@code chunks} (a magic, then {@link PackedChunk}s back to
 * back), {@code index} (a magic, the body's length, the body compressed with zstd, a CRC32 of all before
 * it; the body holds series labels with their chunk references — minimum time relative to the block's,
 * duration, length; offsets follow from the lengths — then postings) and {@code meta.json}. Format 1
 * ({@code SLCHNK01}/{@code SLINDX01}: Gorilla {@link XorChunk}s, explicit offsets, an uncompressed index)
 * is still read; compaction rewrites it as format 2. Everything goes into {@code <id>.tmp}, is fsynced, and is renamed into place, so a
 * crash leaves either a whole block or a {@code .tmp} directory that the next start deletes.
 */
final class BlockWriter {
  static final byte[] CHUNKS_MAGIC = "SLCHNK01".getBytes(StandardCharsets.US_ASCII);
  static final byte[] INDEX_MAGIC = "SLINDX01".getBytes(StandardCharsets.US_ASCII);
  static final byte[] CHUNKS_MAGIC_V2 = "SLCHNK02".getBytes(StandardCharsets.US_ASCII);
  static final byte[] INDEX_MAGIC_V2 = "SLINDX02".getBytes(StandardCharsets.US_ASCII);
  static final int MAGIC_BYTES = 8;

  /** One series of the block: its first {@code n} samples, in time order, timestamps strictly increasing. */
  record SeriesSamples(Labels labels, long[] t, double[] v, int n) {}

  private BlockWriter() {}

  /** Series in label order, one at a time, so that a compaction never holds a whole block in memory. */
  interface SeriesSource {
    /** The next series, or null at the end. */
    SeriesSamples next() throws IOException;

    /** Head chunks by series (sorted), decoded one series at a time as the writer asks for it. */
    static SeriesSource ofChunks(Map<Labels, List<XorChunk>> bySeries) {
      var it = bySeries.entrySet().iterator();
      return () -> {
        if (!it.hasNext()) {
          return null;
        }
        var e = it.next();
        SampleBuffer buf = new SampleBuffer();
        for (XorChunk c : e.getValue()) {
          buf.addRange(c, Long.MIN_VALUE, Long.MAX_VALUE);
        }
        return new SeriesSamples(e.getKey(), buf.t, buf.v, buf.n);
      };
    }
  }

  /**
   * Writes {@code series} (sorted by labels, samples inside [minTime, maxTime)) as block {@code id} under
   * {@code blocksDir}; returns its meta. A series without samples is left out. No chunk straddles a
   * multiple of {@code chunkRangeMs} (the head's block window), so a merged block keeps its sources'
   * chunk boundaries and a series absent from one window has no chunk spanning it.
   */
  static BlockMeta write(Path blocksDir, String id, long minTime, long maxTime, int level, long chunkRangeMs,
      SeriesSource series) throws IOException {
    Path tmp = blocksDir.resolve(id + ".tmp");
    Path dir = blocksDir.resolve(id);
    BlockDirs.deleteRecursively(tmp);
    Files.createDirectories(tmp);
    long samples = 0;
    long chunks = 0;
    int written = 0;
    Map<String, TreeMap<String, List<Integer>>> postings = new TreeMap<>();
    byte[] indexBody;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp.resolve("chunks")), 1 << 16)) {
      ByteOutput seriesBody = new ByteOutput(1 << 16);
      out.write(CHUNKS_MAGIC_V2);
      for (SeriesSamples s = series.next(); s != null; s = series.next()) {
        if (s.n() == 0) {
          continue;
        }
        int ordinal = written++;
        WalCodec.writeLabels(seriesBody, s.labels());
        s.labels().forEach((n, v) ->
            postings.computeIfAbsent(n, k -> new TreeMap<>()).computeIfAbsent(v, k -> new ArrayList<>()).add(ordinal));
        List<int[]> runs = chunkRuns(s.t(), s.n(), chunkRangeMs);
        seriesBody.writeUvarint(runs.size());
        for (int[] run : runs) {
          int from = run[0];
          int to = run[1];
          byte[] bytes = PackedChunk.encode(s.t(), s.v(), from, to);
          seriesBody.writeVarint(s.t()[from] - minTime);
          seriesBody.writeUvarint(s.t()[to - 1] - s.t()[from]);
          seriesBody.writeUvarint(bytes.length);
          out.write(bytes);
          samples += to - from;
          chunks++;
        }
      }
      ByteOutput body = new ByteOutput(seriesBody.size() + 1024);
      body.writeUvarint(written);
      body.writeBytesRaw(seriesBody.toByteArray());
      body.writeUvarint(postings.size());
      postings.forEach((name, values) -> {
        body.writeString(name);
        body.writeUvarint(values.size());
        values.forEach((value, ords) -> {
          body.writeString(value);
          body.writeUvarint(ords.size());
          int prev = 0;
          for (int o : ords) {
            body.writeUvarint(o - prev); // ascending, so deltas are small
            prev = o;
          }
        });
      });
      indexBody = body.toByteArray();
    }
    ZstdCompressor zstd = new ZstdCompressor();
    byte[] packed = new byte[zstd.maxCompressedLength(indexBody.length)];
    int packedLen = zstd.compress(indexBody, 0, indexBody.length, packed, 0, packed.length);
    ByteOutput index = new ByteOutput(packedLen + 32);
    index.writeBytesRaw(INDEX_MAGIC_V2);
    index.writeUvarint(indexBody.length);
    index.writeBytesRaw(Arrays.copyOf(packed, packedLen));
    CRC32 crc = new CRC32();
    byte[] indexBytes = index.toByteArray();
    crc.update(indexBytes);
    index.writeInt((int) crc.getValue());
    Files.write(tmp.resolve("index"), index.toByteArray());
    BlockMeta meta = new BlockMeta(id, minTime, maxTime, written, samples, chunks, level);
    Files.writeString(tmp.resolve("meta.json"), meta.toJson());
    for (String f : List.of("chunks", "index", "meta.json")) {
      fsync(tmp.resolve(f));
    }
    fsync(tmp);
    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
    fsync(blocksDir);
    return meta;
  }

  /**
   * Splits {@code t[0, n)} into [from, to) runs: one per window of {@code chunkRangeMs}, and a window
   * holding more than {@link PackedChunk#MAX_SAMPLES} split evenly, so that no chunk is a short tail.
   */
  static List<int[]> chunkRuns(long[] t, int n, long chunkRangeMs) {
    List<int[]> runs = new ArrayList<>();
    int start = 0;
    while (start < n) {
      long window = Math.floorDiv(t[start], chunkRangeMs);
      int end = start + 1;
      while (end < n && Math.floorDiv(t[end], chunkRangeMs) == window) {
        end++;
      }
      int len = end - start;
      int parts = (len + PackedChunk.MAX_SAMPLES - 1) / PackedChunk.MAX_SAMPLES;
      for (int p = 0; p < parts; p++) {
        runs.add(new int[] {start + (int) ((long) len * p / parts), start + (int) ((long) len * (p + 1) / parts)});
      }
      start = end;
    }
    return runs;
  }

  private static void fsync(Path p) throws IOException {
    if (Files.isDirectory(p)) {
      try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
        ch.force(true);
      } catch (IOException e) {
        // Some file systems refuse to open directories; the rename is still atomic there.
      }
    } else {
      try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
    }
  }
}

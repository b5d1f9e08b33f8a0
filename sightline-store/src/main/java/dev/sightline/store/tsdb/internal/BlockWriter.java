package dev.sightline.store.tsdb.internal;

import dev.sightline.model.metric.Labels;
import dev.sightline.store.tsdb.chunk.XorChunk;
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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * Writes an immutable block: {@code chunks} (a magic, then chunk bytes back to back), {@code index}
 * (series labels with their chunk references, then postings, then a CRC32 of all before it) and
 * {@code meta.json}. Everything goes into {@code <id>.tmp}, is fsynced, and is renamed into place, so a
 * crash leaves either a whole block or a {@code .tmp} directory that the next start deletes.
 */
final class BlockWriter {
  static final byte[] CHUNKS_MAGIC = "SLCHNK01".getBytes(StandardCharsets.US_ASCII);
  static final byte[] INDEX_MAGIC = "SLINDX01".getBytes(StandardCharsets.US_ASCII);

  /** One series of the block, its chunks in time order. */
  record SeriesChunks(Labels labels, List<XorChunk> chunks) {}

  private BlockWriter() {}

  /** Series in label order, one at a time, so that a compaction never holds a whole block in memory. */
  interface SeriesSource {
    /** The next series, or null at the end. */
    SeriesChunks next() throws IOException;

    static SeriesSource of(List<SeriesChunks> list) {
      var it = list.iterator();
      return () -> it.hasNext() ? it.next() : null;
    }
  }

  /**
   * Writes {@code series} (sorted by labels, chunks inside [minTime, maxTime)) as block {@code id} under
   * {@code blocksDir}; returns its meta. A series without chunks is left out.
   */
  static BlockMeta write(Path blocksDir, String id, long minTime, long maxTime, int level,
      SeriesSource series) throws IOException {
    Path tmp = blocksDir.resolve(id + ".tmp");
    Path dir = blocksDir.resolve(id);
    BlockDirs.deleteRecursively(tmp);
    Files.createDirectories(tmp);
    ByteOutput index = new ByteOutput(1 << 16);
    index.writeBytesRaw(INDEX_MAGIC);
    long samples = 0;
    long chunks = 0;
    int written = 0;
    Map<String, TreeMap<String, List<Integer>>> postings = new TreeMap<>();
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp.resolve("chunks")), 1 << 16)) {
      ByteOutput seriesBody = new ByteOutput(1 << 16);
      out.write(CHUNKS_MAGIC);
      long offset = CHUNKS_MAGIC.length;
      for (SeriesChunks s = series.next(); s != null; s = series.next()) {
        if (s.chunks().isEmpty()) {
          continue;
        }
        int ordinal = written++;
        WalCodec.writeLabels(seriesBody, s.labels());
        s.labels().forEach((n, v) ->
            postings.computeIfAbsent(n, k -> new TreeMap<>()).computeIfAbsent(v, k -> new ArrayList<>()).add(ordinal));
        seriesBody.writeUvarint(s.chunks().size());
        for (XorChunk c : s.chunks()) {
          seriesBody.writeVarint(c.minTime());
          seriesBody.writeUvarint(c.maxTime() - c.minTime());
          seriesBody.writeUvarint(offset);
          seriesBody.writeUvarint(c.bytes().length);
          out.write(c.bytes());
          offset += c.bytes().length;
          samples += c.numSamples();
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
      index.writeBytesRaw(body.toByteArray());
    }
    CRC32 crc = new CRC32();
    byte[] indexBytes = index.toByteArray();
    crc.update(indexBytes);
    ByteOutput trailer = new ByteOutput(8);
    trailer.writeBytesRaw(indexBytes);
    trailer.writeInt((int) crc.getValue());
    Files.write(tmp.resolve("index"), trailer.toByteArray());
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

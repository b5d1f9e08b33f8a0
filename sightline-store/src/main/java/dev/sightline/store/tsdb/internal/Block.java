package dev.sightline.store.tsdb.internal;

import dev.sightline.model.metric.Labels;
import dev.sightline.store.tsdb.chunk.CorruptChunkException;
import dev.sightline.store.tsdb.chunk.XorChunk;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;

/**
 * A persisted, immutable block opened for reading, in either format {@link BlockWriter} describes. The
 * index (labels, chunk references, postings) is held in memory; chunk bytes are read from the
 * {@code chunks} file on demand and decoded whole, one read and one decompression per chunk. Reference counted: a query
 * {@link #tryAcquire() acquires} the blocks it reads, and a block that retention or compaction removed is
 * closed and deleted only when the last reader releases it.
 */
final class Block implements LabelIndex {
  private final Path dir;
  private final BlockMeta meta;
  private final FileChannel chunks;
  private final int format;
  private final Labels[] labels;
  private final long[][] chunkRefs; // per series: minT, maxT, offset, length, repeated
  private final Map<String, Map<String, int[]>> postings;
  private final int[] all;
  private final long sizeBytes;
  private final AtomicInteger refs = new AtomicInteger(1); // the TSDB's own reference
  private volatile boolean deleteOnClose;

  private Block(Path dir, BlockMeta meta, FileChannel chunks, int format, Labels[] labels, long[][] chunkRefs,
      Map<String, Map<String, int[]>> postings, long sizeBytes) {
    this.dir = dir;
    this.format = format;
    this.meta = meta;
    this.chunks = chunks;
    this.labels = labels;
    this.chunkRefs = chunkRefs;
    this.postings = postings;
    this.all = new int[labels.length];
    Arrays.setAll(all, i -> i);
    this.sizeBytes = sizeBytes;
  }

  /** Opens the block in {@code dir}; throws with the file and the problem when it is damaged. */
  static Block open(Path dir) throws IOException {
    BlockMeta meta;
    try {
      byte[] metaBytes = Files.readAllBytes(dir.resolve("meta.json"));
      meta = BlockMeta.parse(new String(metaBytes, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new IOException("block " + dir + " has no meta.json", e);
    } catch (CorruptDataException e) {
      throw new IOException("block " + dir + ": " + e.getMessage(), e);
    }
    byte[] index = Files.readAllBytes(dir.resolve("index"));
    FileChannel ch = FileChannel.open(dir.resolve("chunks"), StandardOpenOption.READ);
    try {
      long chunksSize = ch.size();
      ByteBuffer magic = ByteBuffer.allocate(BlockWriter.MAGIC_BYTES);
      readFully(ch, magic, 0);
      int format;
      if (Arrays.equals(magic.array(), BlockWriter.CHUNKS_MAGIC)) {
        format = 1;
      } else if (Arrays.equals(magic.array(), BlockWriter.CHUNKS_MAGIC_V2)) {
        format = 2;
      } else {
        throw new IOException("block " + dir + ": chunks file has a wrong magic number");
      }
      return parseIndex(dir, meta, ch, format, index, chunksSize);
    } catch (IOException | RuntimeException e) {
      ch.close();
      if (e instanceof CorruptDataException) {
        throw new IOException("block " + dir + ": " + e.getMessage(), e);
      }
      throw e;
    }
  }

  private static Block parseIndex(Path dir, BlockMeta meta, FileChannel ch, int format, byte[] index,
      long chunksSize) throws IOException {
    int magicLen = BlockWriter.MAGIC_BYTES;
    byte[] magic = format == 1 ? BlockWriter.INDEX_MAGIC : BlockWriter.INDEX_MAGIC_V2;
    if (index.length < magicLen + 4 || !Arrays.equals(Arrays.copyOf(index, magicLen), magic)) {
      throw new CorruptDataException("index file too short or wrong magic number for block format " + format);
    }
    CRC32 crc = new CRC32();
    crc.update(index, 0, index.length - 4);
    int stored = ByteBuffer.wrap(index, index.length - 4, 4).getInt();
    if ((int) crc.getValue() != stored) {
      throw new CorruptDataException("index checksum mismatch (file damaged)");
    }
    ByteInput in = new ByteInput(index, magicLen, index.length - 4 - magicLen, "block index");
    if (format == 2) {
      in = new ByteInput(decompressIndex(in, index), "block index");
    }
    int n = in.readCount("series count", in.remaining());
    Labels[] labels = new Labels[n];
    long[][] refs = new long[n][];
    long nextOffset = BlockWriter.MAGIC_BYTES;
    for (int i = 0; i < n; i++) {
      labels[i] = WalCodec.readLabels(in);
      int c = in.readCount("chunk count", in.remaining() / 3);
      long[] r = new long[c * 4];
      for (int j = 0; j < c; j++) {
        long min;
        long max;
        long offset;
        long len;
        if (format == 1) {
          min = in.readVarint();
          max = min + in.readUvarint();
          offset = in.readUvarint();
          len = in.readUvarint();
        } else {
          min = meta.minTime() + in.readVarint();
          max = min + in.readUvarint();
          offset = nextOffset;
          len = in.readUvarint();
          nextOffset = offset + len;
          if (max < min) {
            throw in.corrupt("chunk time range [" + min + ", " + max + "] inverted");
          }
        }
        if (offset < BlockWriter.CHUNKS_MAGIC.length || len > Integer.MAX_VALUE || offset + len > chunksSize) {
          throw in.corrupt("chunk reference " + offset + "+" + len + " outside the chunks file of "
              + chunksSize + " bytes");
        }
        r[4 * j] = min;
        r[4 * j + 1] = max;
        r[4 * j + 2] = offset;
        r[4 * j + 3] = len;
      }
      refs[i] = r;
    }
    Map<String, Map<String, int[]>> postings = new HashMap<>();
    int names = in.readCount("label name count", in.remaining());
    for (int i = 0; i < names; i++) {
      String name = in.readString("label name");
      int values = in.readCount("label value count", in.remaining());
      Map<String, int[]> byValue = new HashMap<>();
      for (int j = 0; j < values; j++) {
        String value = in.readString("label value");
        int[] ords = new int[in.readCount("postings length", n)];
        int prev = 0;
        for (int k = 0; k < ords.length; k++) {
          prev += in.readCount("postings delta", n);
          if (prev >= n || (k > 0 && prev <= ords[k - 1])) {
            throw in.corrupt("postings entry " + prev + " not ascending or not below " + n);
          }
          ords[k] = prev;
        }
        byValue.put(value, ords);
      }
      postings.put(name, byValue);
    }
    if (in.hasRemaining()) {
      throw in.corrupt(in.remaining() + " trailing bytes");
    }
    if (format == 2 && nextOffset != chunksSize) {
      throw new CorruptDataException("chunks file holds " + chunksSize + " bytes, the index references "
          + nextOffset);
    }
    long size = BlockDirs.size(dir);
    return new Block(dir, meta, ch, format, labels, refs, postings, size);
  }

  /** The body of a format-2 index: its declared length, then a zstd frame that must give exactly that. */
  private static byte[] decompressIndex(ByteInput in, byte[] index) {
    long declared = in.readUvarint();
    if (declared < 0 || declared > Integer.MAX_VALUE - 16) {
      throw in.corrupt("index body length " + declared + " out of range");
    }
    int start = index.length - 4 - in.remaining();
    byte[] body = new byte[(int) declared];
    int got;
    try {
      got = new ZstdDecompressor().decompress(index, start, in.remaining(), body, 0, body.length);
    } catch (RuntimeException e) { // MalformedInputException and bounds errors on damaged frames
      throw new CorruptDataException("block index: zstd body does not decompress: " + e.getMessage());
    }
    if (got != body.length) {
      throw new CorruptDataException("block index: zstd body gave " + got + " bytes, declared " + declared);
    }
    return body;
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    long pos = position;
    while (buf.hasRemaining()) {
      int r = ch.read(buf, pos);
      if (r < 0) {
        throw new EOFException("unexpected end of chunks file at " + pos);
      }
      pos += r;
    }
  }

  BlockMeta meta() {
    return meta;
  }

  Path dir() {
    return dir;
  }

  long sizeBytes() {
    return sizeBytes;
  }

  int numSeries() {
    return labels.length;
  }

  Labels labels(int ordinal) {
    return labels[ordinal];
  }

  boolean overlaps(int ordinal, long mint, long maxt) {
    long[] r = chunkRefs[ordinal];
    for (int j = 0; j < r.length; j += 4) {
      if (r[j + 1] >= mint && r[j] <= maxt) {
        return true;
      }
    }
    return false;
  }

  /**
   * Adds the series' samples inside [mint, maxt] to {@code out}, reading and decoding only the chunks
   * that overlap the range. A damaged chunk is an IOException naming the block and the series.
   */
  void read(int ordinal, long mint, long maxt, SampleBuffer out) throws IOException {
    long[] r = chunkRefs[ordinal];
    for (int j = 0; j < r.length; j += 4) {
      if (r[j + 1] >= mint && r[j] <= maxt) {
        ByteBuffer buf = ByteBuffer.allocate((int) r[j + 3]);
        readFully(chunks, buf, r[j + 2]);
        try {
          if (format == 1) {
            out.addRange(XorChunk.wrap(buf.array(), r[j], r[j + 1]), mint, maxt);
          } else {
            out.addPacked(buf.array(), r[j], r[j + 1], mint, maxt);
          }
        } catch (CorruptChunkException e) {
          throw new IOException("block " + dir + ": series " + labels[ordinal] + ": " + e.getMessage(), e);
        }
      }
    }
  }

  /** Block format, 1 (Gorilla chunks) or 2 (packed chunks); see {@link BlockWriter}. */
  int format() {
    return format;
  }

  @Override
  public Collection<String> values(String name) {
    Map<String, int[]> v = postings.get(name);
    return v == null ? List.of() : v.keySet();
  }

  @Override
  public int[] postings(String name, String value) {
    Map<String, int[]> v = postings.get(name);
    int[] p = v == null ? null : v.get(value);
    return p == null ? Postings.EMPTY : p;
  }

  @Override
  public int[] allPostings() {
    return all;
  }

  boolean tryAcquire() {
    while (true) {
      int r = refs.get();
      if (r <= 0) {
        return false;
      }
      if (refs.compareAndSet(r, r + 1)) {
        return true;
      }
    }
  }

  /** Drops a reference; the last one closes the file and, if {@link #markDeleted()} was called, deletes the block. */
  void release() throws IOException {
    if (refs.decrementAndGet() == 0) {
      chunks.close();
      if (deleteOnClose) {
        BlockDirs.deleteBlock(dir);
      }
    }
  }

  /** Schedules deletion, dropping the TSDB's own reference; readers in flight finish first. */
  void markDeleted() throws IOException {
    deleteOnClose = true;
    release();
  }

  @Override
  public String toString() {
    return "Block{" + meta.id() + ", [" + meta.minTime() + ", " + meta.maxTime() + "), level " + meta.level() + "}";
  }
}

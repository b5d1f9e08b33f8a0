package dev.sightline.store.tsdb.internal;

import dev.sightline.model.metric.Labels;
import dev.sightline.store.tsdb.chunk.CorruptChunkException;
import dev.sightline.store.tsdb.chunk.XorChunk;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;

/**
 * A persisted, immutable block opened for reading. The index (labels, chunk references, postings) is
 * held in memory; chunk bytes are read from the {@code chunks} file on demand. Reference counted: a query
 * {@link #tryAcquire() acquires} the blocks it reads, and a block that retention or compaction removed is
 * closed and deleted only when the last reader releases it.
 */
final class Block implements LabelIndex {
  private final Path dir;
  private final BlockMeta meta;
  private final FileChannel chunks;
  private final Labels[] labels;
  private final long[][] chunkRefs; // per series: minT, maxT, offset, length, repeated
  private final Map<String, Map<String, int[]>> postings;
  private final int[] all;
  private final long sizeBytes;
  private final AtomicInteger refs = new AtomicInteger(1); // the TSDB's own reference
  private volatile boolean deleteOnClose;

  private Block(Path dir, BlockMeta meta, FileChannel chunks, Labels[] labels, long[][] chunkRefs,
      Map<String, Map<String, int[]>> postings, long sizeBytes) {
    this.dir = dir;
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
      ByteBuffer magic = ByteBuffer.allocate(BlockWriter.CHUNKS_MAGIC.length);
      readFully(ch, magic, 0);
      if (!Arrays.equals(magic.array(), BlockWriter.CHUNKS_MAGIC)) {
        throw new IOException("block " + dir + ": chunks file has a wrong magic number");
      }
      Block b = parseIndex(dir, meta, ch, index, chunksSize);
      return b;
    } catch (IOException | RuntimeException e) {
      ch.close();
      if (e instanceof CorruptDataException) {
        throw new IOException("block " + dir + ": " + e.getMessage(), e);
      }
      throw e;
    }
  }

  private static Block parseIndex(Path dir, BlockMeta meta, FileChannel ch, byte[] index, long chunksSize)
      throws IOException {
    int magicLen = BlockWriter.INDEX_MAGIC.length;
    if (index.length < magicLen + 4
        || !Arrays.equals(Arrays.copyOf(index, magicLen), BlockWriter.INDEX_MAGIC)) {
      throw new CorruptDataException("index file too short or wrong magic number");
    }
    CRC32 crc = new CRC32();
    crc.update(index, 0, index.length - 4);
    int stored = ByteBuffer.wrap(index, index.length - 4, 4).getInt();
    if ((int) crc.getValue() != stored) {
      throw new CorruptDataException("index checksum mismatch (file damaged)");
    }
    ByteInput in = new ByteInput(index, magicLen, index.length - 4 - magicLen, "block index");
    int n = in.readCount("series count", in.remaining());
    Labels[] labels = new Labels[n];
    long[][] refs = new long[n][];
    for (int i = 0; i < n; i++) {
      labels[i] = WalCodec.readLabels(in);
      int c = in.readCount("chunk count", in.remaining() / 4);
      long[] r = new long[c * 4];
      for (int j = 0; j < c; j++) {
        long min = in.readVarint();
        long max = min + in.readUvarint();
        long offset = in.readUvarint();
        long len = in.readUvarint();
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
    long size = BlockDirs.size(dir);
    return new Block(dir, meta, ch, labels, refs, postings, size);
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

  /** Chunks of a series that overlap [mint, maxt], read from disk. */
  List<XorChunk> chunks(int ordinal, long mint, long maxt) throws IOException {
    long[] r = chunkRefs[ordinal];
    List<XorChunk> out = new ArrayList<>(r.length / 4);
    for (int j = 0; j < r.length; j += 4) {
      if (r[j + 1] >= mint && r[j] <= maxt) {
        ByteBuffer buf = ByteBuffer.allocate((int) r[j + 3]);
        readFully(chunks, buf, r[j + 2]);
        try {
          out.add(XorChunk.wrap(buf.array(), r[j], r[j + 1]));
        } catch (CorruptChunkException e) {
          throw new IOException("block " + dir + ": series " + labels[ordinal] + ": " + e.getMessage(), e);
        }
      }
    }
    return out;
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

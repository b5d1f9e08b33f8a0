package dev.sightline.bench;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import dev.sightline.store.filter.Fields;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.StringHelper;

/**
 * The layout Loki and Tempo use, as an experiment beside {@link IndexGranularityBench}'s Lucene layouts: no
 * per-record index at all. Records are appended to the open chunk of their stream (service and level);
 * a full chunk is compressed with zstd and appended to one data file, and keeps in memory its stream, time
 * range, record count and a Bloom filter of its records' lookup ids (trace, span and request id). Every
 * {@value #CHUNKS_PER_GROUP} chunks, in the order they were cut, also share a group filter of all their ids,
 * so a lookup probes the group filters and then only the chunk filters of the groups that may hold the id
 * (probing every chunk's filter grows with the chunks: 4.8 ms a lookup over 15,634 chunks). A lookup reads,
 * decompresses and scans the chunks that may hold the id; a count by service and level adds up chunk
 * counts. (A store would also search its open chunks in memory; here every chunk is cut before the
 * queries.)
 *
 * <p>Not a store: no WAL, no recovery, no filter language. It measures what such a layout costs a record
 * and how fast its needle lookups are, so the choice between it and a document per record rests on numbers.
 */
final class ChunkLayout implements AutoCloseable {
  private static final List<String> LOOKUP_IDS = List.of(Fields.TRACE_ID, Fields.SPAN_ID, "request_id");
  /** ~0.007% false positives: at 10 M records in chunks of 256, about three chunks read in vain a lookup. */
  private static final int BLOOM_BITS_PER_ID = 20;
  private static final int BLOOM_HASHES = 14;
  private static final int CHUNKS_PER_GROUP = 64;

  private final int recordsPerChunk;
  private final FileChannel data;
  private final ZstdCompressCtx compressor = new ZstdCompressCtx().setLevel(3);
  private final Map<String, Open> open = new LinkedHashMap<>();
  private final List<Chunk> chunks = new ArrayList<>();
  private final List<long[]> groupFilters = new ArrayList<>();
  private final List<BytesRef> groupIds = new ArrayList<>();
  private long dataBytes;
  private long bloomBytes;

  /**
   * A compressed chunk: where its bytes are, and what may be in it. The time range is not queried here; it
   * is kept because a store prunes by it, so its cost belongs in the figure.
   */
  private record Chunk(String stream, long minTs, long maxTs, int records, long offset, int length, int rawLength,
                       long[] bloom) {}

  /** The chunk a stream is filling: its records, and their ids for the filter. */
  private static final class Open {
    final List<byte[]> sources = new ArrayList<>();
    final List<BytesRef> ids = new ArrayList<>();
    long minTs = Long.MAX_VALUE;
    long maxTs = Long.MIN_VALUE;
    int rawLength;
  }

  ChunkLayout(Path file, int recordsPerChunk) throws IOException {
    this.recordsPerChunk = recordsPerChunk;
    this.data = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
  }

  void add(Map<String, Object> row, byte[] source) throws IOException {
    String stream = row.get(Fields.SERVICE) + "\0" + row.get(Fields.LEVEL);
    Open chunk = open.computeIfAbsent(stream, k -> new Open());
    chunk.sources.add(source);
    chunk.rawLength += 4 + source.length;
    if (row.get(Fields.TIMESTAMP) instanceof Long ts) {
      chunk.minTs = Math.min(chunk.minTs, ts);
      chunk.maxTs = Math.max(chunk.maxTs, ts);
    }
    for (String f : LOOKUP_IDS) {
      if (row.get(f) instanceof String id) {
        chunk.ids.add(new BytesRef(id.getBytes(StandardCharsets.UTF_8)));
      }
    }
    if (chunk.sources.size() >= recordsPerChunk) {
      cut(stream, chunk);
      open.remove(stream);
    }
  }

  /** Compresses and writes every open chunk, and makes the file durable. */
  void finish() throws IOException {
    for (Map.Entry<String, Open> e : open.entrySet()) {
      cut(e.getKey(), e.getValue());
    }
    open.clear();
    if (!groupIds.isEmpty()) {
      closeGroup();
    }
    data.force(false);
  }

  private void cut(String stream, Open chunk) throws IOException {
    ByteBuffer raw = ByteBuffer.allocate(chunk.rawLength);
    for (byte[] s : chunk.sources) {
      raw.putInt(s.length).put(s);
    }
    byte[] compressed = compressor.compress(raw.array());
    long offset = dataBytes;
    ByteBuffer out = ByteBuffer.wrap(compressed);
    while (out.hasRemaining()) {
      data.write(out, offset + out.position());
    }
    dataBytes += compressed.length;
    chunks.add(new Chunk(stream, chunk.minTs, chunk.maxTs, chunk.sources.size(), offset, compressed.length,
        chunk.rawLength, filter(chunk.ids)));
    groupIds.addAll(chunk.ids);
    if (chunks.size() % CHUNKS_PER_GROUP == 0) {
      closeGroup();
    }
  }

  private void closeGroup() {
    groupFilters.add(filter(groupIds));
    groupIds.clear();
  }

  private long[] filter(List<BytesRef> ids) {
    long[] bloom = new long[Math.max(1, (ids.size() * BLOOM_BITS_PER_ID + 63) / 64)];
    for (BytesRef id : ids) {
      bloomAdd(bloom, id);
    }
    bloomBytes += bloom.length * 8L;
    return bloom;
  }

  private static void bloomAdd(long[] bloom, BytesRef id) {
    bloomProbe(bloom, id, true);
  }

  private static boolean bloomMayContain(long[] bloom, BytesRef id) {
    return bloomProbe(bloom, id, false);
  }

  /** Tests the id's {@value #BLOOM_HASHES} bits (double hashing), setting them when {@code set}. */
  private static boolean bloomProbe(long[] bloom, BytesRef id, boolean set) {
    long bits = bloom.length * 64L;
    int h1 = StringHelper.murmurhash3_x86_32(id, 0x9747b28c);
    int h2 = StringHelper.murmurhash3_x86_32(id, 0x5bd1e995);
    boolean all = true;
    for (int i = 0; i < BLOOM_HASHES; i++) {
      long bit = Math.floorMod(h1 + (long) i * h2, bits);
      int word = (int) (bit >>> 6);
      if ((bloom[word] & (1L << bit)) == 0) {
        if (!set) {
          return false;
        }
        all = false;
        bloom[word] |= 1L << bit;
      }
    }
    return all;
  }

  /** Records holding {@code "trace_id":"<id>"}: filters probed, candidate chunks read and scanned. */
  int lookup(String traceId, ZstdDecompressCtx decompressor) throws IOException {
    BytesRef id = new BytesRef(traceId.getBytes(StandardCharsets.UTF_8));
    byte[] needle = ("\"trace_id\":\"" + traceId + "\"").getBytes(StandardCharsets.UTF_8);
    int found = 0;
    for (int g = 0; g < groupFilters.size(); g++) {
      if (!bloomMayContain(groupFilters.get(g), id)) {
        continue;
      }
      for (int i = g * CHUNKS_PER_GROUP; i < Math.min(chunks.size(), (g + 1) * CHUNKS_PER_GROUP); i++) {
        found += scan(chunks.get(i), id, needle, decompressor);
      }
    }
    return found;
  }

  /** Records of {@code c} holding the needle, when its filter says the id may be there. */
  private int scan(Chunk c, BytesRef id, byte[] needle, ZstdDecompressCtx decompressor) throws IOException {
    if (!bloomMayContain(c.bloom(), id)) {
      return 0;
    }
    ByteBuffer compressed = ByteBuffer.allocate(c.length());
    while (compressed.hasRemaining()) {
      if (data.read(compressed, c.offset() + compressed.position()) < 0) {
        throw new IOException("chunk at " + c.offset() + " is cut short");
      }
    }
    byte[] raw = decompressor.decompress(compressed.array(), c.rawLength());
    ByteBuffer in = ByteBuffer.wrap(raw);
    int found = 0;
    while (in.hasRemaining()) {
      int n = in.getInt();
      int at = in.position();
      if (IndexGranularityBench.contains(raw, at, n, needle)) {
        found++;
      }
      in.position(at + n);
    }
    return found;
  }

  /** Records of a stream: the sum of its chunks' counts. */
  long count(String service, String level) {
    String stream = service + "\0" + level;
    long total = 0;
    for (Chunk c : chunks) {
      if (c.stream().equals(stream)) {
        total += c.records();
      }
    }
    return total;
  }

  int chunkCount() {
    return chunks.size();
  }

  /** The data file and the filters (what a store would also keep on disk), per record. */
  long sizeBytes() {
    return dataBytes + bloomBytes;
  }

  @Override
  public void close() throws IOException {
    compressor.close();
    data.close();
  }
}

package dev.sightline.store.chunk;

import com.github.luben.zstd.Zstd;
import dev.sightline.store.internal.DecodeBuffer;
import dev.sightline.store.internal.EncodeBuffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sealed chunks of one stream (a service's events of one day), appended to one file.
 *
 * <p>A chunk is one frame: {@code [int magic][int header length][header][int body length][body]
 * [int CRC-32C of header and body]}. The header holds what a search decides on without reading the
 * body: service, time range, sequence range, record count, the Bloom filter of the records' lookup
 * values and, for spans, the operation names. The body is {@link Records#encodeBody} compressed with
 * zstd. After every {@value #GROUP} chunks a group frame follows: {@code [int magic][int length]
 * [first chunk, chunk count, time range, Bloom filter of all their lookup values][int CRC-32C]}, so that a
 * lookup over tens of thousands of chunks probes one filter per group instead of one per chunk. Frames
 * are only appended; a file that ends in a torn or damaged frame (a crash mid-write) is cut back to the
 * last whole frame when opened, and the WAL restores what the cut frames held. Chunks sealed after the
 * last group frame before a restart stay without a group and are probed one by one.
 */
final class StreamFile implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StreamFile.class);
  static final String SUFFIX = ".chunks";
  private static final int MAGIC = 0x534c4348; // "SLCH"
  private static final int GROUP_MAGIC = 0x534c4752; // "SLGR"
  /** Chunks a group filter covers: a lookup probes one filter for them, then only the chunks it may hit. */
  static final int GROUP = 64;
  private static final int VERSION = 1;
  private static final int ZSTD_LEVEL = 3;
  /** Larger frames than this are damage, not data: heads seal long before. */
  static final int MAX_FRAME_PART = 256 << 20;

  /** One sealed chunk: where its body is, and its header. */
  record Chunk(StreamFile file, long bodyOffset, int bodyLength, int rawLength, String service, long minTs,
               long maxTs, long minSeq, long maxSeq, int count, long[] bloom, List<String> operations) {
    Records read() throws IOException {
      return file.read(this);
    }

    /** Each chunk is one object for its life: identity is equality (and caches need no hashing of it). */
    @Override
    public boolean equals(Object o) {
      return this == o;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(this);
    }
  }

  /** A filter over the chunks {@code [first, first + count)}, with their time range. */
  record Group(int first, int count, long minTs, long maxTs, long[] bloom) {}

  final Path path;
  final LocalDate day;
  private final FileChannel channel;
  private long size;
  private final Published<Chunk> chunks = new Published<>();
  private final Published<Group> groups = new Published<>();
  /** The lookup-value hashes and time range of the chunks since the last group, from {@code pendingFirst}. */
  private final LongList pendingHashes = new LongList(1024);
  private int pendingFirst;
  private long pendingMinTs = Long.MAX_VALUE;
  private long pendingMaxTs = Long.MIN_VALUE;
  private String service;
  private boolean unsynced;

  private StreamFile(Path path, LocalDate day, FileChannel channel) {
    this.path = path;
    this.day = day;
    this.channel = channel;
  }

  /** The file name of a service's stream: a digest, since service names may hold any character. */
  static String fileName(String service) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(service.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 12) + SUFFIX;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Creates the stream file of {@code service} in {@code dir}. */
  static StreamFile create(Path dir, LocalDate day, String service) throws IOException {
    Path path = dir.resolve(fileName(service));
    StreamFile f = open(path, day);
    f.service = service;
    return f;
  }

  /** Opens a stream file, reading every frame's header and cutting off a damaged tail. */
  static StreamFile open(Path path, LocalDate day) throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    StreamFile f = new StreamFile(path, day, ch);
    try {
      f.load();
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    return f;
  }

  private void load() throws IOException {
    long length = channel.size();
    long at = 0;
    while (at < length) {
      Chunk c;
      long next;
      try {
        ByteBuffer head = readFully(at, 8);
        int magic = head.getInt();
        if (magic == GROUP_MAGIC) {
          int n = checkedLength(head.getInt(), length - at - 12, "group filter");
          byte[] payload = readFully(at + 8, n).array();
          CRC32C crc = new CRC32C();
          crc.update(payload);
          if ((int) crc.getValue() != readFully(at + 8 + n, 4).getInt()) {
            throw new IllegalArgumentException("group filter checksum mismatch");
          }
          groups.add(parseGroup(payload));
          at += 12 + n;
          continue;
        }
        if (magic != MAGIC) {
          throw new IllegalArgumentException("no chunk starts here");
        }
        int headerLength = checkedLength(head.getInt(), length - at - 8, "header");
        byte[] header = readFully(at + 8, headerLength).array();
        int bodyLength = checkedLength(readFully(at + 8 + headerLength, 4).getInt(),
            length - at - 12 - headerLength, "body");
        long bodyOffset = at + 12 + headerLength;
        next = bodyOffset + bodyLength + 4;
        if (next > length) {
          throw new IllegalArgumentException("the chunk is cut short");
        }
        byte[] body = readFully(bodyOffset, bodyLength).array();
        CRC32C crc = new CRC32C();
        crc.update(header);
        crc.update(body);
        if ((int) crc.getValue() != readFully(bodyOffset + bodyLength, 4).getInt()) {
          throw new IllegalArgumentException("checksum mismatch");
        }
        c = parseHeader(header, bodyOffset, bodyLength);
      } catch (IllegalArgumentException e) {
        log.warn("{}: cutting {} damaged bytes at offset {} ({}); the WAL restores what they held", path,
            length - at, at, e.getMessage());
        channel.truncate(at);
        channel.force(true);
        break;
      }
      chunks.add(c);
      service = c.service();
      at = next;
    }
    size = channel.size();
    pendingFirst = chunks.size(); // the hashes of chunks after the last group are not kept: they stay ungrouped
  }

  private Group parseGroup(byte[] payload) {
    DecodeBuffer in = new DecodeBuffer(payload, 0, payload.length, "group filter");
    int first = in.readVarInt("first chunk");
    int count = in.readVarInt("chunk count");
    long minTs = in.readFixedLong("min timestamp");
    long maxTs = in.readFixedLong("max timestamp");
    long[] bloom = readBloom(in);
    int n = groups.size();
    if (first < 0 || count < 1 || first + count > chunks.size() || (n > 0
        && first < groups.get(n - 1).first() + groups.get(n - 1).count())) {
      throw in.malformed("a group of chunks " + first + "+" + count + " with " + chunks.size() + " chunks read");
    }
    return new Group(first, count, minTs, maxTs, bloom);
  }

  private static int checkedLength(int n, long available, String what) {
    if (n < 0 || n > MAX_FRAME_PART || n > available) {
      throw new IllegalArgumentException("a " + what + " of " + n + " bytes with " + available + " left");
    }
    return n;
  }

  private ByteBuffer readFully(long position, int n) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(n);
    while (b.hasRemaining()) {
      int r = channel.read(b, position + b.position());
      if (r < 0) {
        throw new IllegalArgumentException("the file ends inside a chunk");
      }
    }
    return b.flip();
  }

  private Chunk parseHeader(byte[] header, long bodyOffset, int bodyLength) {
    DecodeBuffer in = new DecodeBuffer(header, 0, header.length, "chunk header");
    int version = in.readByte("version");
    if (version != VERSION) {
      throw in.malformed("chunk format " + version + " (this build reads " + VERSION + ")");
    }
    String svc = readString(in, "service");
    long minTs = in.readFixedLong("min timestamp");
    long maxTs = in.readFixedLong("max timestamp");
    long minSeq = in.readFixedLong("min sequence");
    long maxSeq = in.readFixedLong("max sequence");
    int count = in.readVarInt("record count");
    int rawLength = in.readVarInt("raw length");
    long[] bloom = readBloom(in);
    int ops = in.readCount("operation count");
    List<String> operations = new ArrayList<>(ops);
    for (int i = 0; i < ops; i++) {
      operations.add(readString(in, "operation"));
    }
    if (rawLength < 0 || rawLength > MAX_FRAME_PART || count < 0) {
      throw in.malformed("a raw length of " + rawLength + " for " + count + " records");
    }
    return new Chunk(this, bodyOffset, bodyLength, rawLength, svc, minTs, maxTs, minSeq, maxSeq, count, bloom,
        List.copyOf(operations));
  }

  private static String readString(DecodeBuffer in, String field) {
    int n = in.readCount(field + " length");
    byte[] b = in.readBytes(n, field);
    return new String(b, StandardCharsets.UTF_8);
  }

  /** A Bloom filter's words, as chunk headers and group frames both hold them: a count, then each word. */
  private static void writeBloom(EncodeBuffer out, long[] bloom) {
    out.writeVarInt(bloom.length);
    for (long w : bloom) {
      out.writeFixedLong(w);
    }
  }

  private static long[] readBloom(DecodeBuffer in) {
    int words = in.readCount("bloom words");
    long[] bloom = new long[Math.max(1, words)];
    for (int i = 0; i < words; i++) {
      bloom[i] = in.readFixedLong("bloom");
    }
    return bloom;
  }

  private static void writeString(EncodeBuffer out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeVarInt(b.length);
    out.writeBytes(b, 0, b.length);
  }

  /**
   * Compresses and appends a sealed head's records; returns the chunk, already visible to searches.
   * The body is encoded, compressed and framed in {@code scratch}'s arrays, with its compression
   * context: sealing runs on the ingest writers, and a fresh context and three fresh body-sized arrays a
   * seal were a tenth of its cost.
   */
  synchronized Chunk append(Head.Sealing s, ChunkBuffers scratch) throws IOException {
    Records r = s.records();
    byte[] raw = scratch.raw(r.bodyBound());
    int rawLength = r.encodeBody(raw);
    long[] distinct = Bloom.distinct(s.chunkHashes());
    long[] bloom = Bloom.ofDistinct(distinct, Bloom.BITS_PER_VALUE, Bloom.PROBES);
    long minTs = Long.MAX_VALUE;
    long maxTs = Long.MIN_VALUE;
    long minSeq = Long.MAX_VALUE;
    long maxSeq = Long.MIN_VALUE;
    for (int i = 0; i < r.count; i++) {
      minTs = Math.min(minTs, r.ts[i]);
      maxTs = Math.max(maxTs, r.ts[i]);
      minSeq = Math.min(minSeq, r.seq[i]);
      maxSeq = Math.max(maxSeq, r.seq[i]);
    }
    EncodeBuffer h = new EncodeBuffer(64 + bloom.length * 8, false);
    h.writeByte(VERSION);
    writeString(h, s.service());
    h.writeFixedLong(minTs);
    h.writeFixedLong(maxTs);
    h.writeFixedLong(minSeq);
    h.writeFixedLong(maxSeq);
    h.writeVarInt(r.count);
    h.writeVarInt(rawLength);
    writeBloom(h, bloom);
    h.writeVarInt(s.operations().size());
    for (String op : s.operations()) {
      writeString(h, op);
    }
    byte[] header = h.toByteArray();
    // The frame, in place: magic, header length, header, body length, body, CRC32C of header and body.
    int bodyAt = 12 + header.length;
    byte[] frame = scratch.compressed(bodyAt + (int) Zstd.compressBound(rawLength) + 4);
    int bodyLength = scratch.compressor(ZSTD_LEVEL).compressByteArray(frame, bodyAt, frame.length - bodyAt - 4,
        raw, 0, rawLength);
    ByteBuffer out = ByteBuffer.wrap(frame);
    out.putInt(MAGIC).putInt(header.length).put(header).putInt(bodyLength);
    CRC32C crc = new CRC32C();
    crc.update(frame, 8, header.length);
    crc.update(frame, bodyAt, bodyLength);
    out.putInt(bodyAt + bodyLength, (int) crc.getValue());
    long at = writeFrame(ByteBuffer.wrap(frame, 0, bodyAt + bodyLength + 4));
    Chunk c = new Chunk(this, at + bodyAt, bodyLength, rawLength, s.service(), minTs, maxTs, minSeq,
        maxSeq, r.count, bloom, s.operations());
    chunks.add(c);
    pendingHashes.addAll(distinct);
    pendingMinTs = Math.min(pendingMinTs, minTs);
    pendingMaxTs = Math.max(pendingMaxTs, maxTs);
    if (chunks.size() - pendingFirst >= GROUP) {
      appendGroup();
    }
    return c;
  }

  /** Appends a whole frame at the end of the file; returns where it starts. */
  private long writeFrame(ByteBuffer frame) throws IOException {
    long at = size;
    while (frame.hasRemaining()) {
      channel.write(frame, at + frame.position());
    }
    size = at + frame.limit();
    unsynced = true;
    return at;
  }

  /** Writes the group frame of the chunks since the last one. */
  private void appendGroup() throws IOException {
    Group g = new Group(pendingFirst, chunks.size() - pendingFirst, pendingMinTs, pendingMaxTs,
        Bloom.of(pendingHashes.toArray(), Bloom.GROUP_BITS_PER_VALUE, Bloom.GROUP_PROBES));
    EncodeBuffer p = new EncodeBuffer(32 + g.bloom().length * 8, false);
    p.writeVarInt(g.first());
    p.writeVarInt(g.count());
    p.writeFixedLong(g.minTs());
    p.writeFixedLong(g.maxTs());
    writeBloom(p, g.bloom());
    byte[] payload = p.toByteArray();
    CRC32C crc = new CRC32C();
    crc.update(payload);
    ByteBuffer frame = ByteBuffer.allocate(12 + payload.length);
    frame.putInt(GROUP_MAGIC).putInt(payload.length).put(payload).putInt((int) crc.getValue());
    writeFrame(frame.flip());
    groups.add(g);
    pendingHashes.clear();
    pendingFirst = chunks.size();
    pendingMinTs = Long.MAX_VALUE;
    pendingMaxTs = Long.MIN_VALUE;
  }

  /** The groups that cover only chunks among the first {@code chunkCount}, oldest first. */
  List<Group> groups(int chunkCount) {
    int n = groups.size();
    while (n > 0 && groups.get(n - 1).first() + groups.get(n - 1).count() > chunkCount) {
      n--;
    }
    return groups.first(n);
  }

  /** The chunks sealed so far, oldest first. */
  List<Chunk> chunks() {
    return chunks.first(chunks.size());
  }

  /** The first {@code n} chunks ({@code n} read from {@link #chunkCount} earlier). */
  List<Chunk> chunks(int n) {
    return chunks.first(n);
  }

  int chunkCount() {
    return chunks.size();
  }

  String service() {
    return service;
  }

  Records read(Chunk c) throws IOException {
    byte[] body = readFully(c.bodyOffset(), c.bodyLength()).array();
    byte[] raw;
    try {
      raw = Zstd.decompress(body, c.rawLength());
    } catch (RuntimeException e) {
      throw notDecompressing(c, e);
    }
    if (raw.length != c.rawLength()) {
      throw wrongLength(c, raw.length);
    }
    return Records.parse(raw, c.count());
  }

  /**
   * Reads and decompresses a chunk's body into {@code buffers}, without allocating once they are large
   * enough; returns the array that holds it in {@code [0, c.rawLength())}, valid until their next use.
   */
  byte[] readInto(Chunk c, ChunkBuffers buffers) throws IOException {
    byte[] body = buffers.compressed(c.bodyLength());
    ByteBuffer b = ByteBuffer.wrap(body, 0, c.bodyLength());
    while (b.hasRemaining()) {
      if (channel.read(b, c.bodyOffset() + b.position()) < 0) {
        throw new IOException(path + ": the file ends inside the chunk at " + c.bodyOffset());
      }
    }
    byte[] raw = buffers.raw(c.rawLength());
    int n;
    try {
      n = buffers.zstd.decompressByteArray(raw, 0, c.rawLength(), body, 0, c.bodyLength());
    } catch (RuntimeException e) {
      throw notDecompressing(c, e);
    }
    if (n != c.rawLength()) {
      throw wrongLength(c, n);
    }
    return raw;
  }

  private IOException notDecompressing(Chunk c, RuntimeException e) {
    return new IOException(path + ": chunk at " + c.bodyOffset() + " does not decompress: " + e.getMessage(), e);
  }

  private IOException wrongLength(Chunk c, int n) {
    return new IOException(path + ": chunk at " + c.bodyOffset() + " decompresses to " + n + " bytes, not "
        + c.rawLength());
  }

  /** Forces appended chunks to disk. */
  synchronized void sync() throws IOException {
    if (unsynced) {
      channel.force(false);
      unsynced = false;
    }
  }

  long sizeBytes() {
    return size;
  }

  @Override
  public synchronized void close() throws IOException {
    channel.close();
  }
}

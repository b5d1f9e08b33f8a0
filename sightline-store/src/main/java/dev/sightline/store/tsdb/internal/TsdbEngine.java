package dev.sightline.store.tsdb.internal;

import dev.sightline.model.metric.Labels;
import dev.sightline.store.CheckResult;
import dev.sightline.store.metrics.MetricAppender;
import dev.sightline.store.metrics.MetricQuerier;
import dev.sightline.store.tsdb.CardinalityReport;
import dev.sightline.store.tsdb.chunk.XorChunk;
import dev.sightline.store.wal.WriteAheadLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TSDB behind {@code Tsdb}: a head fed through a WAL, and a list of immutable blocks. Maintenance
 * (cut, compact, retention) runs under one lock; appends and queries never wait for a block write, only
 * for the short head truncation and WAL checkpoint after it.
 *
 * <p>Layout of the data directory: {@code wal/} (segments), {@code checkpoint} (the WAL sequence where
 * the newest checkpoint starts; replay begins there), {@code blocks/<id>/} (one directory per block).
 */
public final class TsdbEngine {
  private static final Logger log = LoggerFactory.getLogger(TsdbEngine.class);
  private static final int CHECKPOINT_CHUNKS_PER_RECORD = 4096;

  private final EngineConfig config;
  private final Path blocksDir;
  private final Path checkpointFile;
  private final Object maintenanceLock = new Object();
  private Head head;
  private WriteAheadLog wal;
  private volatile List<Block> blocks = List.of(); // sorted by minTime; replaced, never mutated
  private volatile boolean started;
  private volatile boolean closed;

  public TsdbEngine(EngineConfig config) {
    this.config = config;
    this.blocksDir = config.dataDir().resolve("blocks");
    this.checkpointFile = config.dataDir().resolve("checkpoint");
  }

  /** Opens blocks, opens the WAL and replays it from the last checkpoint into the head. */
  public void start() throws IOException {
    synchronized (maintenanceLock) {
      if (started || closed) {
        throw new IllegalStateException(closed ? "TSDB is closed" : "TSDB already started");
      }
      Files.createDirectories(blocksDir);
      List<Block> opened = openBlocks();
      try {
        head = new Head(config.limits(), config.blockDurationMs(), config.maxSamplesPerChunk());
        long minValid = opened.isEmpty() ? Long.MIN_VALUE : opened.get(opened.size() - 1).meta().maxTime();
        head.setMinValidTime(minValid);
        long replayFrom = readCheckpoint();
        wal = WriteAheadLog.open(config.dataDir().resolve("wal"), config.walOptions());
        new WalReplay(head, wal, log).replay(replayFrom - 1);
        head.truncateBefore(minValid); // drops series the WAL named but whose samples are all in blocks
      } catch (IOException | RuntimeException e) {
        release(opened); // a failed start holds no files open
        if (wal != null) {
          wal.close();
          wal = null;
        }
        throw e;
      }
      blocks = List.copyOf(opened);
      started = true;
    }
  }

  private List<Block> openBlocks() throws IOException {
    List<Block> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(blocksDir)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (name.endsWith(".tmp") || name.endsWith(".deleting")) {
          log.info("TSDB: removing leftover {} of an interrupted block write or delete", p);
          BlockDirs.deleteRecursively(p);
        } else if (Files.isDirectory(p)) {
          out.add(Block.open(p));
        }
      }
    } catch (IOException | RuntimeException e) {
      release(out);
      throw e;
    }
    // A crash between writing a compacted block and deleting its sources leaves both; keep the larger one.
    out.sort(Comparator.comparingInt((Block b) -> -b.meta().level()).thenComparingLong(b -> b.meta().minTime()));
    List<Block> kept = new ArrayList<>();
    for (Block b : out) {
      boolean covered = false;
      for (Block k : kept) {
        if (k.meta().minTime() <= b.meta().minTime() && b.meta().maxTime() <= k.meta().maxTime()) {
          covered = true;
        }
      }
      if (covered) {
        log.info("TSDB: deleting block {}, already compacted into a larger one", b);
        b.markDeleted();
      } else {
        kept.add(b);
      }
    }
    kept.sort(Comparator.comparingLong(b -> b.meta().minTime()));
    return kept;
  }

  private long readCheckpoint() throws IOException {
    if (!Files.exists(checkpointFile)) {
      return 1;
    }
    String s = Files.readString(checkpointFile, StandardCharsets.UTF_8).trim();
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new IOException("TSDB checkpoint file " + checkpointFile + " does not hold a sequence number: \""
          + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"");
    }
  }

  public MetricAppender appender() {
    ensureStarted();
    return new HeadAppender(head, wal::append, config.clock(), config.maxFutureMs());
  }

  public MetricQuerier querier() {
    ensureStarted();
    return new TsdbQuerier(this);
  }

  Head head() {
    return head;
  }

  /** Blocks overlapping [mint, maxt], each acquired; the caller releases them. */
  List<Block> acquireBlocks(long mint, long maxt) {
    while (true) {
      List<Block> snapshot = blocks;
      List<Block> out = new ArrayList<>();
      boolean retry = false;
      for (Block b : snapshot) {
        if (b.meta().minTime() <= maxt && b.meta().maxTime() > mint) {
          if (b.tryAcquire()) {
            out.add(b);
          } else {
            retry = true; // removed meanwhile; its replacement is in the newer list
            break;
          }
        }
      }
      if (!retry) {
        return out;
      }
      release(out);
    }
  }

  static void release(List<Block> acquired) {
    for (Block b : acquired) {
      try {
        b.release();
      } catch (IOException e) {
        log.warn("TSDB: could not close block {}", b, e);
      }
    }
  }

  /** Cuts ready head data into blocks, compacts, applies retention. Safe to call at any time. */
  public void maintain() throws IOException {
    ensureStarted();
    synchronized (maintenanceLock) {
      if (closed) {
        return;
      }
      cutBlocks();
      new Compactor(this, config).compact();
      applyRetention();
    }
  }

  /**
   * Persists the oldest block window of the head once the head reaches half a block past it (as
   * Prometheus does at 1.5× the block range), so late samples for the window still have time to arrive.
   */
  private void cutBlocks() throws IOException {
    long d = config.blockDurationMs();
    while (true) {
      long headMin = head.minTime();
      long headMax = head.maxTime();
      if (headMin == Long.MAX_VALUE) {
        return;
      }
      long start = Math.floorDiv(headMin, d) * d;
      long end = start + d;
      if (headMax < end + d / 2) {
        return;
      }
      head.commitLock.lock();
      try {
        head.setMinValidTime(end); // from now on no append can land in the window being written
      } finally {
        head.commitLock.unlock();
      }
      TreeMap<Labels, List<XorChunk>> series = new TreeMap<>();
      for (MemSeries s : head.allSeries()) {
        List<XorChunk> chunks = s.chunks(start, end);
        if (!chunks.isEmpty()) {
          series.put(s.labels, chunks);
        }
      }
      if (!series.isEmpty()) {
        BlockMeta meta = BlockWriter.write(blocksDir, blockId(start, end, 1), start, end, 1, d,
            BlockWriter.SeriesSource.ofChunks(series));
        addBlock(Block.open(blocksDir.resolve(meta.id())));
        log.info("TSDB: cut block {} with {} series and {} samples", meta.id(), meta.numSeries(), meta.numSamples());
      }
      truncateHeadAndCheckpoint(end);
    }
  }

  static String blockId(long min, long max, int level) {
    return "b" + min + "_" + max + "_l" + level;
  }

  /** Drops head data before {@code t}, then rewrites the head into the WAL and drops older segments. */
  private void truncateHeadAndCheckpoint(long t) throws IOException {
    head.commitLock.lock();
    try {
      head.truncateBefore(t);
      List<MemSeries> all = head.allSeries();
      all.sort(Comparator.comparingInt(s -> s.id));
      List<byte[]> records = new ArrayList<>();
      if (!all.isEmpty()) {
        records.add(WalCodec.series(all));
      }
      List<XorChunk> chunks = new ArrayList<>();
      int[] ids = new int[CHECKPOINT_CHUNKS_PER_RECORD];
      for (MemSeries s : all) {
        for (XorChunk c : s.allChunks()) {
          ids[chunks.size()] = s.id;
          chunks.add(c);
          if (chunks.size() == CHECKPOINT_CHUNKS_PER_RECORD) {
            records.add(WalCodec.chunks(ids, chunks));
            chunks.clear();
          }
        }
        s.logged = true;
      }
      if (!chunks.isEmpty()) {
        records.add(WalCodec.chunks(ids, chunks));
      }
      long first = wal.lastSequence() + 1;
      if (!records.isEmpty()) {
        wal.append(records);
      }
      Path tmp = checkpointFile.resolveSibling("checkpoint.tmp");
      Files.writeString(tmp, Long.toString(first), StandardCharsets.UTF_8);
      Files.move(tmp, checkpointFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      wal.truncateBefore(first);
    } finally {
      head.commitLock.unlock();
    }
  }

  void addBlock(Block b) {
    List<Block> next = new ArrayList<>(blocks);
    next.add(b);
    next.sort(Comparator.comparingLong(x -> x.meta().minTime()));
    blocks = List.copyOf(next);
  }

  /** Replaces {@code sources} by {@code replacement} (compaction) or removes them (retention). */
  void removeBlocks(List<Block> sources, Block replacement) throws IOException {
    List<Block> next = new ArrayList<>(blocks);
    next.removeAll(sources);
    if (replacement != null) {
      next.add(replacement);
      next.sort(Comparator.comparingLong(x -> x.meta().minTime()));
    }
    blocks = List.copyOf(next);
    for (Block b : sources) {
      b.markDeleted();
    }
  }

  List<Block> blocks() {
    return blocks;
  }

  Path blocksDir() {
    return blocksDir;
  }

  private void applyRetention() throws IOException {
    List<Block> doomed = new ArrayList<>();
    if (config.retentionTimeMs() > 0) {
      long cutoff = config.clock().millis() - config.retentionTimeMs();
      for (Block b : blocks) {
        if (b.meta().maxTime() <= cutoff) {
          doomed.add(b);
        }
      }
    }
    if (config.retentionSizeBytes() > 0) {
      long total = wal.sizeBytes();
      for (Block b : blocks) {
        total += b.sizeBytes();
      }
      for (Block b : blocks) { // oldest first
        if (total <= config.retentionSizeBytes()) {
          break;
        }
        if (!doomed.contains(b)) {
          doomed.add(b);
        }
        total -= b.sizeBytes();
      }
    }
    if (!doomed.isEmpty()) {
      log.info("TSDB: retention deletes blocks {}", doomed);
      removeBlocks(doomed, null);
    }
  }

  public CardinalityReport cardinality(int maxMetrics, int maxLabels) {
    ensureStarted();
    return head.cardinality().report(maxMetrics, maxLabels);
  }

  public CardinalityReport.Metric cardinality(String metric, int maxLabels) {
    ensureStarted();
    return head.cardinality().metric(metric, maxLabels);
  }

  public Map<String, Long> rejectedByMetric() {
    ensureStarted();
    return head.cardinality().rejectedByMetric();
  }

  public int seriesCount() {
    return started ? head.numSeries() : 0;
  }

  public long headSamples() {
    return started ? head.numSamples() : 0;
  }

  public long headChunkBytes() {
    return started ? head.chunkBytes() : 0;
  }

  public long blockSamples() {
    long n = 0;
    for (Block b : blocks) {
      n += b.meta().numSamples();
    }
    return n;
  }

  public int blockCount() {
    return blocks.size();
  }

  public long blockBytes() {
    long n = 0;
    for (Block b : blocks) {
      n += b.sizeBytes();
    }
    return n;
  }

  public long walSizeBytes() {
    return started && !closed ? wal.sizeBytes() : 0;
  }

  /** (Head chunk bytes + block bytes) / samples; the index and labels included for blocks. */
  public double bytesPerSample() {
    long samples = headSamples() + blockSamples();
    return samples == 0 ? 0 : (double) (headChunkBytes() + blockBytes()) / samples;
  }

  /** Time range of every block, oldest first, as [minTime, maxTime). */
  public List<long[]> blockRanges() {
    List<long[]> out = new ArrayList<>();
    for (Block b : blocks) {
      out.add(new long[] {b.meta().minTime(), b.meta().maxTime()});
    }
    return out;
  }

  public CheckResult check() {
    if (closed) {
      return CheckResult.failed("TSDB in " + config.dataDir() + " is closed");
    }
    if (!started) {
      return CheckResult.failed("TSDB in " + config.dataDir() + " is not started");
    }
    CheckResult w = wal.check();
    if (!w.ok()) {
      return w;
    }
    if (!Files.isWritable(blocksDir)) {
      return CheckResult.failed("TSDB blocks directory " + blocksDir + " is not writable");
    }
    return CheckResult.OK;
  }

  /**
   * Closes the WAL and blocks. With {@code checkpoint}, first rewrites the head compactly into the WAL
   * so that the next start replays chunks instead of every sample record; without it the close is what a
   * crash leaves behind (the test hook for unclean stops), and the next start replays the raw records.
   */
  public void close(boolean checkpoint) throws IOException {
    synchronized (maintenanceLock) {
      if (closed) {
        return;
      }
      if (started && checkpoint && wal.check().ok()) {
        truncateHeadAndCheckpoint(head.minValidTime());
      }
      closed = true;
      if (!started) {
        return;
      }
      head.commitLock.lock();
      try {
        wal.close();
      } finally {
        head.commitLock.unlock();
      }
      List<Block> open = blocks;
      blocks = List.of();
      release(open);
    }
  }

  private void ensureStarted() {
    if (!started) {
      throw new IllegalStateException("TSDB not started: call start() first");
    }
    if (closed) {
      throw new IllegalStateException("TSDB is closed");
    }
  }
}

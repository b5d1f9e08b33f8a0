package dev.sightline.store.tsdb;

import dev.sightline.store.CheckResult;
import dev.sightline.store.metrics.MetricAppender;
import dev.sightline.store.metrics.MetricQuerier;
import dev.sightline.store.tsdb.internal.EngineConfig;
import dev.sightline.store.tsdb.internal.TsdbEngine;
import dev.sightline.store.wal.WalOptions;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sightline's embedded time-series database, after the Prometheus TSDB design: samples go to a
 * write-ahead log and an in-memory head of Gorilla-compressed chunks with an inverted index; the head is
 * cut into immutable two-hour blocks on disk, blocks are compacted into larger ones and deleted by
 * retention (time and size).
 *
 * <pre>{@code
 * Tsdb tsdb = Tsdb.builder().dataDir(Path.of("data/tsdb")).build();
 * tsdb.start();                                   // opens blocks, replays the WAL
 * MetricAppender a = tsdb.appender();             // one per thread
 * a.append(Labels.of("__name__", "up", "job", "api"), nowMs, 1);
 * AppendResult r = a.commit();                    // durable (fsynced) when it returns
 * List<Series> s = tsdb.querier().select(fromMs, toMs, List.of(LabelMatcher.equal("job", "api")));
 * }</pre>
 *
 * <p>The builder does no I/O; {@link #start()} does. Thread-safe: any number of appenders (one per
 * thread) and queriers at once. Unless {@link Builder#maintenanceInterval} is zero, a daemon thread
 * runs {@link #maintain()} periodically.
 */
public final class Tsdb implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(Tsdb.class);

  private final TsdbEngine engine;
  private final Duration maintenanceInterval;
  private ScheduledExecutorService scheduler;

  private Tsdb(Builder b) {
    long block = b.blockDuration.toMillis();
    long retention = b.retentionTime.toMillis();
    long maxBlock = b.maxBlockDuration != null ? b.maxBlockDuration.toMillis()
        : Math.max(block, Math.min(Duration.ofDays(31).toMillis(), retention > 0 ? retention / 10 : Long.MAX_VALUE));
    this.engine = new TsdbEngine(new EngineConfig(b.dataDir, b.clock, block, retention, b.retentionSizeBytes,
        b.limits, b.walOptions, b.maxSamplesPerChunk, maxBlock, b.maxFuture.toMillis()));
    this.maintenanceInterval = b.maintenanceInterval;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Opens the blocks and replays the WAL into the head; then starts periodic maintenance. */
  public synchronized void start() throws IOException {
    engine.start();
    if (!maintenanceInterval.isZero()) {
      scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sightline-tsdb-maintenance");
        t.setDaemon(true);
        return t;
      });
      long ms = maintenanceInterval.toMillis();
      scheduler.scheduleWithFixedDelay(this::maintainQuietly, ms, ms, TimeUnit.MILLISECONDS);
    }
  }

  private void maintainQuietly() {
    try {
      maintain();
    } catch (IOException | RuntimeException e) {
      log.warn("TSDB maintenance failed; will retry at the next interval", e);
    }
  }

  /** A new appender; not thread-safe itself, so use one per thread. Samples are visible after commit. */
  public MetricAppender appender() {
    return engine.appender();
  }

  /** A view of all data (blocks and head); each call reads the current state. Thread-safe. */
  public MetricQuerier querier() {
    return engine.querier();
  }

  /**
   * Cuts head data that is 1.5 block durations old into a block (then checkpoints and truncates the
   * WAL), compacts complete windows of adjacent blocks, and deletes blocks past the retention time
   * (against the clock) or beyond the retention size (oldest first).
   */
  public void maintain() throws IOException {
    engine.maintain();
  }

  /** The top {@code maxMetrics} metrics by head series, each with its top {@code maxLabels} labels. */
  public CardinalityReport cardinality(int maxMetrics, int maxLabels) {
    return engine.cardinality(maxMetrics, maxLabels);
  }

  /** One metric's series count, rejections and every label by distinct values (zeros when unknown). */
  public CardinalityReport.Metric cardinality(String metric) {
    return engine.cardinality(metric, Integer.MAX_VALUE);
  }

  /** Samples refused by {@link TsdbLimits} since start, per metric name. */
  public Map<String, Long> rejectedSamplesByMetric() {
    return engine.rejectedByMetric();
  }

  /** Series in the head (active series). */
  public long seriesCount() {
    return engine.seriesCount();
  }

  /** Samples held in the head. */
  public long headSamples() {
    return engine.headSamples();
  }

  /** Approximate heap held by head chunks. */
  public long headChunkBytes() {
    return engine.headChunkBytes();
  }

  public int blockCount() {
    return engine.blockCount();
  }

  /** Blocks plus WAL on disk. */
  public long bytesOnDisk() {
    return engine.blockBytes() + engine.walSizeBytes();
  }

  public long walSizeBytes() {
    return engine.walSizeBytes();
  }

  /** Head chunk bytes plus block bytes, over all samples stored; 0 when empty. */
  public double bytesPerSample() {
    return engine.bytesPerSample();
  }

  /** Ready when started, not closed, the WAL accepts writes and the blocks directory is writable. */
  public CheckResult check() {
    return engine.check();
  }

  /** Stops maintenance, checkpoints the head into the WAL (for a fast restart) and closes files. */
  @Override
  public synchronized void close() throws IOException {
    stopScheduler();
    engine.close(true);
  }

  /** Test hook: stops as a crash would, leaving the WAL exactly as the last commit wrote it. */
  synchronized void abandon() throws IOException {
    stopScheduler();
    engine.close(false);
  }

  TsdbEngine engine() {
    return engine;
  }

  private void stopScheduler() {
    if (scheduler != null) {
      // No interrupt: an interrupted FileChannel closes itself, which would fail the WAL mid-write.
      scheduler.shutdown();
      try {
        if (!scheduler.awaitTermination(5, TimeUnit.MINUTES)) {
          log.warn("TSDB maintenance still running after 5 minutes; closing anyway");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      scheduler = null;
    }
  }

  /** Configures a {@link Tsdb}; only {@link #dataDir} is required. */
  public static final class Builder {
    private Path dataDir;
    private Clock clock = Clock.systemUTC();
    private Duration blockDuration = Duration.ofHours(2);
    private Duration retentionTime = Duration.ofDays(15);
    private long retentionSizeBytes;
    private Duration maxBlockDuration;
    private TsdbLimits limits = TsdbLimits.defaults();
    private WalOptions walOptions = WalOptions.builder().segmentSizeBytes(32L << 20).build();
    private int maxSamplesPerChunk = 120;
    private Duration maintenanceInterval = Duration.ofMinutes(1);
    private Duration maxFuture = Duration.ofMinutes(10);

    private Builder() {}

    /**
     * Samples later than the clock plus this are refused (counted as out of order, with a message):
     * one client with a clock far ahead would otherwise push the head forward and get everyone else's
     * samples refused as too old once the head is cut. 10 minutes by default.
     */
    public Builder maxFuture(Duration v) {
      if (v.isNegative()) {
        throw new IllegalArgumentException("maxFuture must not be negative, got " + v);
      }
      maxFuture = v;
      return this;
    }

    public Builder dataDir(Path v) {
      dataDir = Objects.requireNonNull(v, "dataDir");
      return this;
    }

    /** The clock retention is measured against. */
    public Builder clock(Clock v) {
      clock = Objects.requireNonNull(v, "clock");
      return this;
    }

    /** The time span of a block cut from the head and of a head chunk's window; 2 h by default. */
    public Builder blockDuration(Duration v) {
      if (v.toMillis() < 1) {
        throw new IllegalArgumentException("blockDuration must be at least 1 ms, got " + v);
      }
      blockDuration = v;
      return this;
    }

    /** Blocks whose data ends before now minus this are deleted; 15 days by default; zero keeps all. */
    public Builder retentionTime(Duration v) {
      if (v.isNegative()) {
        throw new IllegalArgumentException("retentionTime must not be negative, got " + v);
      }
      retentionTime = v;
      return this;
    }

    /** Oldest blocks are deleted while blocks plus WAL exceed this many bytes; 0 (default) is unlimited. */
    public Builder retentionSize(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("retentionSize must not be negative, got " + bytes);
      }
      retentionSizeBytes = bytes;
      return this;
    }

    /** The largest block compaction makes; by default 10% of the retention time, at most 31 days. */
    public Builder maxBlockDuration(Duration v) {
      maxBlockDuration = Objects.requireNonNull(v, "maxBlockDuration");
      return this;
    }

    public Builder limits(TsdbLimits v) {
      limits = Objects.requireNonNull(v, "limits");
      return this;
    }

    public Builder walOptions(WalOptions v) {
      walOptions = Objects.requireNonNull(v, "walOptions");
      return this;
    }

    /** Samples per head chunk before a new one starts; 120 by default, as in Prometheus. */
    public Builder maxSamplesPerChunk(int v) {
      if (v < 1 || v > dev.sightline.store.tsdb.chunk.XorChunk.MAX_SAMPLES) {
        throw new IllegalArgumentException("maxSamplesPerChunk must be in [1, 65535], got " + v);
      }
      maxSamplesPerChunk = v;
      return this;
    }

    /** How often {@link Tsdb#maintain()} runs in the background; zero disables it (tests call it). */
    public Builder maintenanceInterval(Duration v) {
      if (v.isNegative()) {
        throw new IllegalArgumentException("maintenanceInterval must not be negative, got " + v);
      }
      maintenanceInterval = v;
      return this;
    }

    /** Checks the configuration; does no I/O. */
    public Tsdb build() {
      if (dataDir == null) {
        throw new IllegalStateException("dataDir is required");
      }
      return new Tsdb(this);
    }
  }
}

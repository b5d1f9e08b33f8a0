package dev.sightline.store.chunk;

import dev.sightline.model.LogRecord;
import dev.sightline.model.Span;
import dev.sightline.store.CheckResult;
import dev.sightline.store.EventSearch;
import dev.sightline.store.EventStore;
import dev.sightline.store.EventStoreBuilder;
import dev.sightline.store.LogConsumer;
import dev.sightline.store.RetentionPolicy;
import dev.sightline.store.SpanConsumer;
import dev.sightline.store.SpanStore;
import dev.sightline.store.TraceQuery;
import dev.sightline.store.TraceSummary;
import dev.sightline.store.filter.Filter;
import dev.sightline.store.wal.WalOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event store as chunks, the layout of Loki and Tempo: each dataset's records are kept per day and
 * service in zstd-compressed chunks of {@code chunkRecords} records, with a Bloom filter of their lookup
 * values (ids, emails, URLs) per chunk and the values' hashes per record. Nothing is indexed per record,
 * so a record costs its encoding, a WAL append, a row for its lookup values and its share of a chunk;
 * searches read the chunks of the days and services they can match and check each record with the
 * reference {@link dev.sightline.store.filter.FilterEvaluator}. An id lookup reads only the chunks whose
 * Bloom filter may hold the id; a filter on anything else reads every chunk of its time range.
 *
 * <p>Data lives under {@code dataDir/chunks/<dataset>/}: a WAL and a directory per UTC day with one file
 * per service. Records are searchable as soon as {@link SpanConsumer#accept} returns.
 */
public final class ChunkEventStore implements EventStore {
  private static final Logger log = LoggerFactory.getLogger(ChunkEventStore.class);

  private final Path dataDir;
  private final Clock clock;
  private final RetentionPolicy spanRetention;
  private final RetentionPolicy logRetention;
  private final Duration commitInterval;
  private final Duration retentionCheckInterval;
  private final WalOptions walOptions;
  private final EventStoreBuilder.Settings settings;
  private final int chunkRecords;
  private final int scanThreads;
  private final Object lifecycle = new Object();
  private volatile ChunkDataset<Span> spans;
  private volatile ChunkDataset<LogRecord> logs;
  private ScheduledExecutorService maintenance;
  private ExecutorService scanPool;
  private volatile boolean closed;

  private ChunkEventStore(EventStoreBuilder.Settings settings, Builder b) {
    this.settings = settings;
    this.dataDir = settings.dataDir();
    this.clock = settings.clock();
    this.spanRetention = settings.spanRetention();
    this.logRetention = settings.logRetention();
    this.commitInterval = settings.commitInterval();
    this.retentionCheckInterval = settings.retentionCheckInterval();
    this.walOptions = settings.walOptions();
    this.chunkRecords = b.chunkRecords;
    this.scanThreads = b.scanThreads;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void start() throws IOException {
    synchronized (lifecycle) {
      if (closed) {
        throw new IllegalStateException("event store at " + dataDir + " is closed");
      }
      if (spans != null) {
        return;
      }
      log.info("opening the chunk event store in {} (retention: spans {}, logs {}; {} records a chunk, commit {})",
          dataDir, spanRetention, logRetention, chunkRecords, commitInterval);
      long chunkBytes = 4L << 20;
      scanPool = scanThreads == 0 ? null : Executors.newFixedThreadPool(scanThreads, daemon("sightline-chunks-scan"));
      ChunkDataset<Span> spanData = new ChunkDataset<>(RecordType.SPANS, dataDir, walOptions, clock, spanRetention,
          chunkRecords, chunkBytes, scanPool);
      ChunkDataset<LogRecord> logData = new ChunkDataset<>(RecordType.LOGS, dataDir, walOptions, clock, logRetention,
          chunkRecords, chunkBytes, scanPool);
      try {
        spanData.open();
        try {
          logData.open();
        } catch (IOException | RuntimeException e) {
          spanData.closeWithoutCommit();
          throw e;
        }
      } catch (IOException | RuntimeException e) {
        if (scanPool != null) {
          scanPool.shutdown();
        }
        throw e;
      }
      logs = logData;
      spans = spanData;
      maintenance = Executors.newSingleThreadScheduledExecutor(daemon("sightline-chunks-maintenance"));
      schedule(commitInterval, "commit", this::commit);
      schedule(retentionCheckInterval, "retention", this::enforceRetention);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private interface Task {
    void run() throws IOException;
  }

  private void schedule(Duration every, String what, Task task) {
    maintenance.scheduleWithFixedDelay(() -> {
      try {
        task.run();
      } catch (Exception e) { // a failed run must not cancel the schedule; check() reports lasting failures
        log.warn("chunk store {} failed: {}", what, e.toString(), e);
      }
    }, every.toNanos(), every.toNanos(), TimeUnit.NANOSECONDS);
  }

  private ChunkDataset<Span> started() throws IOException {
    ChunkDataset<Span> d = spans;
    if (d == null) {
      start();
      d = spans;
    }
    if (closed) {
      throw new IllegalStateException("event store at " + dataDir + " is closed");
    }
    return d;
  }

  @Override
  public SpanConsumer spanConsumer() {
    return batch -> started().add(batch);
  }

  @Override
  public LogConsumer logConsumer() {
    return batch -> {
      started();
      logs.add(batch);
    };
  }

  @Override
  public EventSearch eventSearch() {
    return new EventSearch() {
      @Override
      public Iterator<Map<String, Object>> search(String dataset, Filter filter, long start, long end,
                                                  boolean newestFirst, int limitHint) throws IOException {
        return searchOf(dataset, filter).search(filter, start, end, newestFirst, limitHint);
      }

      @Override
      public void scan(String dataset, Filter filter, long start, long end, Set<String> fields,
                       Predicate<Map<String, Object>> sink) throws IOException {
        searchOf(dataset, filter).scan(filter, start, end, sink);
      }
    };
  }

  private ChunkSearch<?> searchOf(String dataset, Filter filter) throws IOException {
    Objects.requireNonNull(filter, "filter");
    started();
    return switch (dataset) {
      case EventSearch.LOGS -> new ChunkSearch<>(logs);
      case EventSearch.SPANS -> new ChunkSearch<>(spans);
      default -> throw new IllegalArgumentException("unknown dataset '" + dataset + "'; expected "
          + EventSearch.LOGS + " or " + EventSearch.SPANS);
    };
  }

  /** The retention policy of {@code dataset} ({@code spans} or {@code logs}), for the API to show. */
  public RetentionPolicy retentionPolicy(String dataset) {
    return settings.retentionOf(dataset);
  }

  @Override
  public SpanStore spanStore() {
    return new SpanStore() { // opens the store on first use, as the SPI promises
      @Override
      public List<Span> getTrace(String traceId) throws IOException {
        return new ChunkSpanStore(started()).getTrace(traceId);
      }

      @Override
      public List<TraceSummary> searchTraces(TraceQuery query) throws IOException {
        return new ChunkSpanStore(started()).searchTraces(query);
      }

      @Override
      public List<String> serviceNames() throws IOException {
        return new ChunkSpanStore(started()).serviceNames();
      }

      @Override
      public List<String> operationNames(String service) throws IOException {
        return new ChunkSpanStore(started()).operationNames(service);
      }
    };
  }

  /**
   * Applies each dataset's {@link RetentionPolicy} by the injected clock: deletes the days older than the
   * policy's longest retention, and in younger days the streams of services kept shorter. Returns the
   * days deleted whole (spans' first, then logs').
   */
  public List<LocalDate> enforceRetention() throws IOException {
    started();
    List<LocalDate> out = new ArrayList<>(spans.enforceRetention());
    out.addAll(logs.enforceRetention());
    return out;
  }

  /** Seals every open chunk and forces it to disk (the background task does this every commit interval). */
  public void commit() throws IOException {
    started().commit();
    logs.commit();
  }

  @Override
  public CheckResult check() {
    if (closed) {
      return CheckResult.failed("event store at " + dataDir + " is closed");
    }
    ChunkDataset<Span> d = spans;
    if (d == null) {
      return CheckResult.failed("event store at " + dataDir + " is not started yet");
    }
    CheckResult c = d.check();
    return c.ok() ? logs.check() : c;
  }

  /** Per-dataset sizes: chunk bytes, WAL bytes, records, days, last commit; {@code spans} then {@code logs}. */
  public List<Stats> stats() {
    ChunkDataset<Span> d = spans;
    if (d == null) {
      return List.of();
    }
    return List.of(stats(d), stats(logs));
  }

  /** The sizes of one dataset, and its WAL's fsyncs since start. */
  public record Stats(String dataset, long chunkBytes, long walSizeBytes, long records, int days,
                      java.time.Instant lastCommit, long walFsyncs) {}

  private static Stats stats(ChunkDataset<?> d) {
    return new Stats(d.type.dataset(), d.chunkBytes(), d.walSizeBytes(), d.recordCount(), d.days().size(),
        d.lastCommit(), d.walFsyncs());
  }

  public Path dataDir() {
    return dataDir;
  }

  @Override
  public void close() throws IOException {
    shutdown(true);
  }

  /** Test hook: runs in each span write between the WAL's fsync and placing the spans; null for none. */
  void beforeSpansPlaced(Runnable hook) {
    spans.beforePlace = hook;
  }

  /** Test hook: stops as a crash would, without committing, leaving recovery to the next start. */
  void crash() throws IOException {
    shutdown(false);
  }

  private void shutdown(boolean commit) throws IOException {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      if (spans == null) {
        return;
      }
      maintenance.shutdown();
      if (scanPool != null) {
        scanPool.shutdown();
      }
      try {
        maintenance.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      try {
        if (commit) {
          spans.close();
        } else {
          spans.closeWithoutCommit();
        }
      } finally {
        if (commit) {
          logs.close();
        } else {
          logs.closeWithoutCommit();
        }
      }
      log.info("chunk event store in {} closed{}", dataDir, commit ? "" : " without committing");
    }
  }

  /** Builds a {@link ChunkEventStore}; only {@code dataDir} is required. */
  public static final class Builder extends EventStoreBuilder<Builder> {
    private int chunkRecords = 128;
    private int scanThreads = Runtime.getRuntime().availableProcessors();

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /** Records a chunk holds before it is sealed (128 by default): fewer make id lookups read less. */
    public Builder chunkRecords(int v) {
      if (v < 1 || v > 65_536) {
        throw new IllegalArgumentException("chunkRecords must be in 1..65536, got " + v);
      }
      chunkRecords = v;
      return this;
    }

    /** Threads that read chunks for scans (counts, aggregations) in parallel: the cores by default, 0 for none. */
    public Builder scanThreads(int v) {
      if (v < 0 || v > 256) {
        throw new IllegalArgumentException("scanThreads must be in 0..256, got " + v);
      }
      scanThreads = v;
      return this;
    }

    public ChunkEventStore build() {
      return new ChunkEventStore(settings(), this);
    }
  }
}

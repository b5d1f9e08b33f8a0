package dev.sightline.store.lucene;

import dev.sightline.model.LogRecord;
import dev.sightline.model.Span;
import dev.sightline.store.CheckResult;
import dev.sightline.store.EventSearch;
import dev.sightline.store.EventStore;
import dev.sightline.store.EventStoreBuilder;
import dev.sightline.store.LogConsumer;
import dev.sightline.store.RetentionPolicy;
import dev.sightline.store.filter.Filter;
import dev.sightline.store.SpanConsumer;
import dev.sightline.store.SpanStore;
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
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded event store: Apache Lucene, one index per dataset per UTC day under
 * {@code dataDir/<dataset>/yyyy-MM-dd/}, and a write-ahead log per dataset under {@code dataDir/<dataset>/wal}.
 *
 * <p>A batch is acknowledged once it is in the WAL (fsynced per {@link WalOptions}); it becomes
 * searchable at the next refresh (every {@code refreshInterval}, 500 ms by default) and is committed to
 * the indices every {@code commitInterval} (10 s) and on {@link #close()}, after which the WAL before the
 * commit is deleted. {@link #start()} replays the WAL after the last commit, so a crash loses nothing
 * acknowledged and indexes nothing twice. Building does no I/O; the first use (or {@link #start()}) opens
 * the files.
 *
 * <pre>{@code
 * LuceneEventStore store = LuceneEventStore.builder().dataDir(Path.of("data")).retention(Duration.ofDays(7)).build();
 * store.start();
 * store.spanConsumer().accept(spans);
 * List<Span> trace = store.spanStore().getTrace(traceId);
 * }</pre>
 */
public final class LuceneEventStore implements EventStore {
  private static final Logger log = LoggerFactory.getLogger(LuceneEventStore.class);

  private final Path dataDir;
  private final Clock clock;
  private final RetentionPolicy spanRetention;
  private final RetentionPolicy logRetention;
  private final int maxDistinctFields;
  private final int maxFieldsPerRecord;
  private final Duration refreshInterval;
  private final Duration commitInterval;
  private final Duration retentionCheckInterval;
  private final WalOptions walOptions;
  private final EventStoreBuilder.Settings settings;
  private final Object lifecycle = new Object();
  private volatile Dataset<Span> spans;
  private volatile Dataset<LogRecord> logs;
  private ScheduledExecutorService refresher;
  private ScheduledExecutorService maintenance;
  private volatile boolean closed;

  private LuceneEventStore(EventStoreBuilder.Settings settings, Builder b) {
    this.settings = settings;
    this.dataDir = settings.dataDir();
    this.clock = settings.clock();
    this.spanRetention = settings.spanRetention();
    this.logRetention = settings.logRetention();
    this.maxDistinctFields = b.maxDistinctFields;
    this.maxFieldsPerRecord = b.maxFieldsPerRecord;
    this.refreshInterval = b.refreshInterval;
    this.commitInterval = settings.commitInterval();
    this.retentionCheckInterval = settings.retentionCheckInterval();
    this.walOptions = settings.walOptions();
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
      log.info("opening the event store in {} (retention: spans {}, logs {}; refresh {}, commit {})", dataDir,
          spanRetention, logRetention, refreshInterval, commitInterval);
      Dataset<Span> spanData = new Dataset<>(new SpanMapping(budget()), dataDir, walOptions, clock, spanRetention);
      Dataset<LogRecord> logData = new Dataset<>(new LogMapping(budget()), dataDir, walOptions, clock, logRetention);
      spanData.open();
      try {
        logData.open();
      } catch (IOException | RuntimeException e) {
        spanData.closeWithoutCommit();
        throw e;
      }
      logs = logData;
      spans = spanData;
      refresher = Executors.newSingleThreadScheduledExecutor(daemon("sightline-lucene-refresh"));
      maintenance = Executors.newSingleThreadScheduledExecutor(daemon("sightline-lucene-maintenance"));
      schedule(refresher, refreshInterval, refreshInterval, "refresh", () -> {
        spanData.refresh();
        logData.refresh();
      });
      schedule(maintenance, commitInterval, commitInterval, "commit", () -> {
        spanData.commit();
        logData.commit();
      });
      schedule(maintenance, retentionCheckInterval, retentionCheckInterval, "retention", this::enforceRetention);
    }
  }

  private interface Task {
    void run() throws IOException;
  }

  private FieldBudget budget() {
    return new FieldBudget(maxDistinctFields, maxFieldsPerRecord);
  }

  private static void schedule(ScheduledExecutorService executor, Duration initialDelay, Duration every,
                               String what, Task task) {
    executor.scheduleWithFixedDelay(() -> {
      try {
        task.run();
      } catch (Exception e) { // a failed run must not cancel the schedule; check() reports lasting failures
        log.warn("event store {} failed: {}", what, e.toString(), e);
      }
    }, initialDelay.toNanos(), every.toNanos(), TimeUnit.NANOSECONDS);
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  private Dataset<Span> started() throws IOException {
    Dataset<Span> d = spans;
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
        searchOf(dataset, filter).scan(filter, start, end, fields, sink);
      }

      @Override
      public OptionalLong count(String dataset, Filter filter, long start, long end) throws IOException {
        return searchOf(dataset, filter).count(filter, start, end);
      }
    };
  }

  private LuceneEventSearch<?> searchOf(String dataset, Filter filter) throws IOException {
    Objects.requireNonNull(filter, "filter");
    started();
    return switch (dataset) {
      case EventSearch.LOGS -> new LuceneEventSearch<>(logs);
      case EventSearch.SPANS -> new LuceneEventSearch<>(spans);
      default -> throw new IllegalArgumentException("unknown dataset '" + dataset + "'; expected "
          + EventSearch.LOGS + " or " + EventSearch.SPANS);
    };
  }

  /** Test hook: the dataset behind a name, once started. */
  Dataset<?> dataset(String dataset) {
    return EventSearch.LOGS.equals(dataset) ? logs : spans;
  }

  /** The retention policy of {@code dataset} ({@code spans} or {@code logs}), for the API to show. */
  public RetentionPolicy retentionPolicy(String dataset) {
    return settings.retentionOf(dataset);
  }

  @Override
  public SpanStore spanStore() {
    return new LazySpanStore();
  }

  /** Opens the store on first use, as the SPI promises. */
  private final class LazySpanStore implements SpanStore {
    private LuceneSpanStore store() throws IOException {
      return new LuceneSpanStore(started());
    }

    @Override
    public List<Span> getTrace(String traceId) throws IOException {
      return store().getTrace(traceId);
    }

    @Override
    public List<dev.sightline.store.TraceSummary> searchTraces(dev.sightline.store.TraceQuery query)
        throws IOException {
      return store().searchTraces(query);
    }

    @Override
    public List<String> serviceNames() throws IOException {
      return store().serviceNames();
    }

    @Override
    public List<String> operationNames(String service) throws IOException {
      return store().operationNames(service);
    }
  }

  /**
   * Applies each dataset's {@link RetentionPolicy} by the injected clock: deletes the day indices older
   * than the policy's longest retention, and in younger days the documents of services whose shorter
   * retention has passed. Runs every {@code retentionCheckInterval} (an hour by default); returns the
   * days deleted whole (spans' first, then logs').
   */
  public List<LocalDate> enforceRetention() throws IOException {
    started();
    List<LocalDate> out = new ArrayList<>(spans.enforceRetention());
    out.addAll(logs.enforceRetention());
    return out;
  }

  /** Commits now (the background task does this every {@code commitInterval}). */
  public void commit() throws IOException {
    started().commit();
    logs.commit();
  }

  /** Makes everything accepted so far searchable now (the background task does this every refresh interval). */
  public void refresh() throws IOException {
    started().refreshBlocking();
    logs.refreshBlocking();
  }

  /** OK when started, the WAL is healthy, the last commit succeeded and the data directory is writable. */
  @Override
  public CheckResult check() {
    if (closed) {
      return CheckResult.failed("event store at " + dataDir + " is closed");
    }
    Dataset<Span> d = spans;
    if (d == null) {
      return CheckResult.failed("event store at " + dataDir + " is not started yet");
    }
    CheckResult c = d.check();
    return c.ok() ? logs.check() : c;
  }

  /** Per-dataset sizes for metrics, {@code spans} then {@code logs}; empty before {@link #start()}. */
  public List<DatasetStats> stats() {
    Dataset<Span> d = spans;
    if (d == null) {
      return List.of();
    }
    return List.of(stats(d), stats(logs));
  }

  private static DatasetStats stats(Dataset<?> d) {
    FieldBudget budget = d.mapping().fieldBudget();
    return new DatasetStats(d.mapping().datasetName(), d.indexSizeBytes(), d.walSizeBytes(), d.documentCount(),
        d.days().size(), d.lastCommit(), budget.distinctNames(), budget.notIndexed(), d.walFsyncs());
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Stops the background tasks, commits and closes every index and the WAL. */
  @Override
  public void close() throws IOException {
    shutdown(true);
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
      // shutdown, not shutdownNow: an interrupt inside Lucene I/O closes its file channels under it.
      refresher.shutdown();
      maintenance.shutdown();
      try {
        refresher.awaitTermination(10, TimeUnit.SECONDS);
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
      log.info("event store in {} closed{}", dataDir, commit ? "" : " without committing");
    }
  }

  /** Builds a {@link LuceneEventStore}; only {@code dataDir} is required. */
  public static final class Builder extends EventStoreBuilder<Builder> {
    private int maxDistinctFields = FieldBudget.DEFAULT_MAX_DISTINCT;
    private int maxFieldsPerRecord = FieldBudget.DEFAULT_MAX_PER_RECORD;
    private Duration refreshInterval = Duration.ofMillis(500);

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Caps on indexed field names (100,000 distinct per dataset, 1,000 per record by default); fields
     * beyond them are stored but not indexed, and filters on them check the stored records instead.
     */
    public Builder fieldLimits(int maxDistinct, int maxPerRecord) {
      new FieldBudget(maxDistinct, maxPerRecord); // validates
      maxDistinctFields = maxDistinct;
      maxFieldsPerRecord = maxPerRecord;
      return this;
    }
    /** How often new data becomes searchable; at most 1 s keeps the SPI's promise. */
    public Builder refreshInterval(Duration v) { refreshInterval = positive(v, "refreshInterval"); return this; }

    public LuceneEventStore build() {
      return new LuceneEventStore(settings(), this);
    }
  }
}

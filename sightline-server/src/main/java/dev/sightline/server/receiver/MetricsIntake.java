package dev.sightline.server.receiver;

import dev.sightline.ingest.prometheus.SampleSink;
import dev.sightline.server.SelfMetrics;
import dev.sightline.store.metrics.AppendResult;
import dev.sightline.store.metrics.MetricAppender;
import dev.sightline.store.tsdb.Tsdb;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The write path for samples (remote-write, OTLP metrics, scrapes, span-derived and log-derived
 * metrics): each request appends and commits on its own, so its answer carries exactly its own
 * rejections (out of order, over a cardinality limit). The TSDB commit is durable (WAL) on return.
 * At most {@code maxConcurrentWrites} requests write at once; others wait briefly, then are told to
 * retry (429), so a flood cannot pile up unbounded work on the blocking executor.
 */
public final class MetricsIntake {
  /** Too many writes in flight; retry later. */
  public static final class BusyException extends Exception {
    private static final long serialVersionUID = 1L;

    BusyException(String message) {
      super(message, null, false, false);
    }
  }

  private final Tsdb tsdb;
  private final SelfMetrics metrics;
  private final Semaphore writers;
  private final Duration maxWait;

  private final java.util.function.Consumer<java.util.List<dev.sightline.ingest.prometheus.MetricMetadata>> metadata;

  public MetricsIntake(Tsdb tsdb, SelfMetrics metrics, int maxConcurrentWrites, Duration maxWait,
                       java.util.function.Consumer<java.util.List<dev.sightline.ingest.prometheus.MetricMetadata>> metadata) {
    this.metadata = metadata;
    this.tsdb = tsdb;
    this.metrics = metrics;
    this.writers = new Semaphore(maxConcurrentWrites, true);
    this.maxWait = maxWait;
  }

  /** Appends what {@code fill} writes to the sink and commits it. */
  public AppendResult write(String protocol, Consumer<SampleSink> fill) throws IOException, BusyException {
    try {
      if (!writers.tryAcquire(maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
        metrics.request("samples", protocol, "busy");
        throw new BusyException("too many metric writes in flight; retry later");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BusyException("interrupted while waiting to write");
    }
    try {
      MetricAppender appender = tsdb.appender();
      long[] count = {0};
      fill.accept((labels, ts, value) -> {
        appender.append(labels, ts, value);
        count[0]++;
      });
      AppendResult r;
      try {
        r = appender.commit();
      } catch (IOException | RuntimeException e) {
        appender.rollback();
        metrics.received("samples", protocol, count[0]);
        metrics.rejected("samples", protocol, "storage_error", count[0]);
        throw e;
      }
      metrics.received("samples", protocol, count[0]);
      metrics.accepted("samples", protocol, r.accepted());
      metrics.rejected("samples", protocol, "out_of_order", r.outOfOrder());
      metrics.rejected("samples", protocol, "limit", r.rejectedByLimit());
      return r;
    } finally {
      writers.release();
    }
  }

  /** Keeps what a source said about metric families (TYPE/HELP/UNIT) for the metadata API. */
  public void recordMetadata(java.util.List<dev.sightline.ingest.prometheus.MetricMetadata> list) {
    if (!list.isEmpty()) {
      metadata.accept(list);
    }
  }

  /** Counts a request refused before anything was written. */
  public void refused(String protocol, String reason) {
    metrics.rejected("samples", protocol, reason, 1);
  }

  public Tsdb tsdb() {
    return tsdb;
  }
}

package dev.sightline.store.tsdb.internal;

import dev.sightline.model.metric.Labels;
import dev.sightline.store.metrics.AppendResult;
import dev.sightline.store.metrics.MetricAppender;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Objects;

/**
 * Collects samples and commits them to the head: validate under the head's commit lock, write one WAL
 * batch (one fsync), then apply. Not thread-safe itself; use one appender per thread.
 */
final class HeadAppender implements MetricAppender {
  /** Where a commit's records go before they are applied; the WAL in production. */
  interface Log {
    void append(List<byte[]> records) throws IOException;
  }

  private final Head head;
  private final Log log;
  private final Clock clock;
  private final long maxFutureMs;
  private Labels[] labels = new Labels[64];
  private long[] ts = new long[64];
  private double[] vs = new double[64];
  private int n;

  /** Samples more than {@code maxFutureMs} after {@code clock} are refused (a client with a bad clock). */
  HeadAppender(Head head, Log log, Clock clock, long maxFutureMs) {
    this.head = head;
    this.log = log;
    this.clock = clock;
    this.maxFutureMs = maxFutureMs;
  }

  @Override
  public void append(Labels l, long timestampMs, double value) {
    Objects.requireNonNull(l, "labels");
    if (n == ts.length) {
      labels = Arrays.copyOf(labels, n * 2);
      ts = Arrays.copyOf(ts, n * 2);
      vs = Arrays.copyOf(vs, n * 2);
    }
    labels[n] = l;
    ts[n] = timestampMs;
    vs[n] = value;
    n++;
  }

  /**
   * Durable when it returns. On an {@link IOException} nothing of the batch is acknowledged and the batch
   * is discarded; the caller may append and commit it again.
   */
  @Override
  public AppendResult commit() throws IOException {
    try {
      head.commitLock.lock();
      try {
        return commitLocked();
      } finally {
        head.commitLock.unlock();
      }
    } finally {
      clear();
    }
  }

  private AppendResult commitLocked() throws IOException {
    int accepted = 0;
    int outOfOrder = 0;
    int rejected = 0;
    String outOfOrderError = null;
    String limitError = null;
    MemSeries[] series = new MemSeries[n];
    int[] ids = new int[n];
    long[] okTs = new long[n];
    double[] okVs = new double[n];
    int ok = 0;
    Set<MemSeries> unlogged = new LinkedHashSet<>(); // identity: MemSeries does not override equals
    Map<MemSeries, long[]> last = new IdentityHashMap<>(); // the batch's own last (time, bits) per series
    long now = clock.millis();
    long maxValid = now > Long.MAX_VALUE - maxFutureMs ? Long.MAX_VALUE : now + maxFutureMs;
    for (int i = 0; i < n; i++) {
      // Time bounds first, so that a refused sample never creates a series.
      if (ts[i] < head.minValidTime() || ts[i] > maxValid) {
        outOfOrder++;
        outOfOrderError = outOfOrderError != null ? outOfOrderError : ts[i] > maxValid
            ? "sample for " + labels[i] + " at " + ts[i] + " is too far in the future: more than "
                + maxFutureMs + " ms after now (" + now + "); check the client's clock"
            : "sample for " + labels[i] + " at " + ts[i] + " is too old: data before "
                + head.minValidTime() + " is already in a block";
        continue;
      }
      Head.Admission a = head.getOrCreate(labels[i]);
      if (a.series() == null) {
        rejected++;
        head.cardinality().countRejected(CardinalityTracker.metricOf(labels[i]), 1);
        limitError = limitError == null ? a.rejection() : limitError;
        continue;
      }
      MemSeries s = a.series();
      long[] prev = last.get(s);
      if (prev == null) {
        prev = new long[] {s.lastTime(), s.lastValueBits()};
        last.put(s, prev);
      }
      switch (MemSeries.classify(prev[0], prev[1], ts[i], vs[i])) {
        case APPEND -> {
          if (!s.logged) {
            unlogged.add(s);
          }
          series[ok] = s;
          ids[ok] = s.id;
          okTs[ok] = ts[i];
          okVs[ok] = vs[i];
          ok++;
          accepted++;
          prev[0] = ts[i];
          prev[1] = Double.doubleToRawLongBits(vs[i]);
        }
        case DUPLICATE -> accepted++;
        case OUT_OF_ORDER -> {
          outOfOrder++;
          outOfOrderError = outOfOrderError != null ? outOfOrderError : "out of order sample for "
              + s.labels + ": timestamp " + ts[i] + " is before the last sample at " + prev[0];
        }
        case DUPLICATE_TIMESTAMP -> {
          outOfOrder++;
          outOfOrderError = outOfOrderError != null ? outOfOrderError : "duplicate sample for "
              + s.labels + " at timestamp " + ts[i] + " with a different value";
        }
      }
    }
    if (ok > 0) {
      List<byte[]> records = new ArrayList<>(2);
      if (!unlogged.isEmpty()) {
        records.add(WalCodec.series(unlogged));
      }
      records.add(WalCodec.samples(ids, okTs, okVs, ok));
      log.append(records);
      for (MemSeries s : unlogged) {
        s.logged = true;
      }
      for (int i = 0; i < ok; i++) {
        head.append(series[i], okTs[i], okVs[i]);
      }
    }
    List<String> errors = new ArrayList<>(2);
    if (outOfOrderError != null) {
      errors.add(outOfOrderError + (outOfOrder > 1 ? " (and " + (outOfOrder - 1) + " more)" : ""));
    }
    if (limitError != null) {
      errors.add(limitError + (rejected > 1 ? " (and " + (rejected - 1) + " more samples)" : ""));
    }
    return new AppendResult(accepted, outOfOrder, rejected, errors);
  }

  @Override
  public void rollback() {
    clear();
  }

  private void clear() {
    Arrays.fill(labels, 0, n, null);
    n = 0;
  }
}

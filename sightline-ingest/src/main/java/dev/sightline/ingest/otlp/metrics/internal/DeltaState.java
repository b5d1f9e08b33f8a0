package dev.sightline.ingest.otlp.metrics.internal;

import dev.sightline.model.metric.Labels;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Running totals that turn OTLP DELTA points into the cumulative values Prometheus expects.
 *
 * <p>Keyed by the series' labels (metric name included); each entry keeps the start time of its first
 * delta (the start of the cumulative series) and the end time of the last one. A delta whose start time is before the end of the last one accepted overlaps it (a resend or an
 * out-of-order point) and is refused, so a retried export does not count twice; a later start time (a
 * gap, i.e. lost points) continues the total. At most {@code maxSeries} series are tracked, least
 * recently updated first out; an evicted series restarts from zero, which PromQL's {@code rate()} reads
 * as a counter reset, and the eviction is counted so the loss is visible.
 *
 * <p>Thread-safe (one lock; the work under it is a map lookup and a few additions).
 */
public final class DeltaState {
  private final int maxSeries;
  private final Map<Labels, Slot> entries;
  private long evictions;

  public DeltaState(int maxSeries) {
    this.maxSeries = maxSeries;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Labels, Slot> eldest) {
        if (size() > DeltaState.this.maxSeries) {
          evictions++;
          return true;
        }
        return false;
      }
    };
  }

  /** One series' running total; {@code total} is a mutable accumulator owned by the caller's type. */
  public static final class Slot {
    public final long startTimeNanos;
    public long lastTimeNanos;
    public Object total;

    Slot(long startTimeNanos) {
      this.startTimeNanos = startTimeNanos;
    }
  }

  /** What to do with a delta point. */
  public interface Accumulation<T> {
    /** Adds the point to {@code total} (a fresh one from the supplier on first sight) and returns it. */
    T add(T total);
  }

  /**
   * Accumulates a point into the series' total and returns the total, or null when the point overlaps
   * what was already accumulated and must be dropped.
   */
  @SuppressWarnings("unchecked")
  public synchronized <T> T accumulate(Labels key, long startNanos, long timeNanos, Supplier<T> empty,
                                       Accumulation<T> add) {
    Slot e = entries.get(key);
    if (e != null && startNanos != 0 && startNanos < e.lastTimeNanos) {
      return null;
    }
    if (e == null) {
      e = new Slot(startNanos);
      e.total = empty.get();
      entries.put(key, e);
    }
    e.lastTimeNanos = Math.max(e.lastTimeNanos, timeNanos);
    e.total = add.add((T) e.total);
    return (T) e.total;
  }

  public synchronized int size() {
    return entries.size();
  }

  public synchronized long evictions() {
    return evictions;
  }
}
